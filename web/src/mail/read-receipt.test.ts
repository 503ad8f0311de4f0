import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECEIPT_TO, receiptAction } from './read-receipt.ts';

const asking = { keywords: { $seen: true }, [RECEIPT_TO]: [{ name: 'Paul', email: 'Paul@Ecole.fr' }] };
const me = ['marie@ac-exemple.fr'];

test('a receipt asked for is asked, sent or ignored as the person chose', () => {
  assert.equal(receiptAction(asking, 'ask', me), 'ask');
  assert.equal(receiptAction(asking, 'always', me), 'send');
  assert.equal(receiptAction(asking, 'never', me), 'none');
});

test('no receipt when none is asked, already answered, for a draft, or asked by oneself', () => {
  assert.equal(receiptAction({ keywords: {} }, 'always', me), 'none');
  assert.equal(receiptAction({ keywords: {}, [RECEIPT_TO]: null }, 'always', me), 'none');
  assert.equal(receiptAction({ ...asking, keywords: { $mdnsent: true } }, 'always', me), 'none');
  assert.equal(receiptAction({ ...asking, keywords: { $draft: true } }, 'ask', me), 'none');
  assert.equal(receiptAction(asking, 'always', ['paul@ecole.fr']), 'none');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '#core/errors';
import { splitVcards } from './split-vcards.ts';
import { VCARD_LIMITS } from './vcard-limits.ts';

test('a file of several cards splits into one text per card, with its line', () => {
  const file = [
    'junk before',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:A',
    'END:VCARD',
    'begin:vcard',
    'VERSION:3.0',
    'FN:B',
    'AGENT:BEGIN:VCARD',
    'end:vcard',
  ].join('\n');
  const { cards, unterminatedAt } = splitVcards(file);
  assert.equal(cards.length, 2);
  assert.equal(cards[0]?.line, 2);
  assert.equal(cards[0]?.text, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n');
  assert.equal(cards[1]?.line, 6);
  assert.equal(unterminatedAt, undefined);
});

test('a card left open is reported, not merged', () => {
  const { cards, unterminatedAt } = splitVcards('BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n');
  assert.equal(cards.length, 1);
  assert.equal(unterminatedAt, 4);
});

test('the import bounds hold', () => {
  const one = 'BEGIN:VCARD\nEND:VCARD\n';
  assert.throws(
    () => splitVcards(one.repeat(VCARD_LIMITS.maxImportCards + 1)),
    (error: unknown) => error instanceof ParseError && error.code === 'tooManyCards',
  );
  assert.equal(splitVcards(one.repeat(3)).cards.length, 3);
});

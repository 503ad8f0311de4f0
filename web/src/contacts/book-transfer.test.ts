import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Invocation } from '@vercors/contract';
import { copyCreate, transferCard } from './book-transfer.ts';
import type { CardView } from './card-display.ts';
import { CardSetError } from './contacts-api.ts';

const CARD: CardView = {
  id: 'c1',
  uid: 'urn:uuid:1',
  kind: 'individual',
  addressBookIds: { from: true },
  created: '2026-01-01T00:00:00Z',
  updated: '2026-01-02T00:00:00Z',
  '@type': 'Card',
  version: '1.0',
  name: { full: 'Anne Leroy' },
  emails: { e1: { address: 'anne@ac-test.fr' } },
};

/** A client that answers each request from the list, recording the calls. */
function fakeClient(answers: Record<string, unknown>[]) {
  const calls: Invocation[][] = [];
  return {
    calls,
    client: {
      accountId: 'acc',
      call(invocations: readonly Invocation[]) {
        calls.push([...invocations]);
        const [, , callId] = invocations[0] as Invocation;
        return Promise.resolve(new Map([[callId, answers.shift() ?? {}]]));
      },
    },
  };
}

test('a copy carries the JSContact properties into the other book, without server-set ones or the UID', () => {
  assert.deepEqual(copyCreate(CARD, 'to', false), {
    addressBookIds: { to: true },
    kind: 'individual',
    name: { full: 'Anne Leroy' },
    emails: { e1: { address: 'anne@ac-test.fr' } },
  });
  assert.equal(copyCreate(CARD, 'to', true).uid, 'urn:uuid:1');
});

test('a move destroys the original once the copy exists, and not when the copy failed', async () => {
  const moved = fakeClient([{ created: { card: { id: 'c2' } } }, { destroyed: ['c1'] }]);
  assert.equal(await transferCard(moved.client, CARD, 'to', true), 'c2');
  assert.deepEqual(moved.calls[1], [['ContactCard/set', { accountId: 'acc', destroy: ['c1'] }, 's']]);

  const refused = fakeClient([{ notCreated: { card: { type: 'alreadyExists' } } }]);
  await assert.rejects(
    transferCard(refused.client, CARD, 'to', true),
    (error: unknown) => error instanceof CardSetError && error.type === 'alreadyExists',
  );
  assert.equal(refused.calls.length, 1, 'nothing destroyed');

  const copied = fakeClient([{ created: { card: { id: 'c3' } } }]);
  assert.equal(await transferCard(copied.client, CARD, 'to', false), 'c3');
  assert.equal(copied.calls.length, 1);
});

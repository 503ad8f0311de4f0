// Email/copy over HTTP (RFC 8621 §4.7): between two different accounts only; a user has no other account
// yet, so every call is refused, each for the rule it meets.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openJmapFixture } from '../jmap.fixture.ts';

test('Email/copy refuses a copy within one account, another user’s account and a malformed create', async (t) => {
  const fixture = await openJmapFixture(t);
  const { paul, marie } = fixture.accounts;
  const { emailId } = await fixture.deliver('paul', 'From: marie@ac-test.fr\nSubject: Copie\n\nBonjour\n');
  const create = { c: { id: emailId, mailboxIds: { any: true } } };
  const { responses } = await fixture.api([
    ['Email/copy', { fromAccountId: paul, accountId: paul, create }, 'same'],
    ['Email/copy', { fromAccountId: marie, accountId: paul, create }, 'other'],
    ['Email/copy', { fromAccountId: paul, accountId: marie, create }, 'into'],
    ['Email/copy', { fromAccountId: marie, accountId: paul, create: { c: { mailboxIds: {} } } }, 'bad'],
  ]);
  assert.deepEqual(
    responses.map(([name, args, callId]) => [name, args.type, callId]),
    [
      ['error', 'invalidArguments', 'same'],
      ['error', 'fromAccountNotFound', 'other'],
      ['error', 'accountNotFound', 'into'],
      ['error', 'invalidArguments', 'bad'],
    ],
  );
});

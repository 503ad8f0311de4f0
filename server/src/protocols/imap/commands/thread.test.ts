// THREAD and UID THREAD over a real socket (RFC 5256 §4), on the conversation of search-mailbox.fixture.ts:
// "Menu de la cantine" (1), Paul's reply (2), Marie's answer to it (4); two lone messages (3 and 5, the latter
// dated earliest). Sequence numbers 1-5, UIDs 2-6.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSearchMailbox } from './search-mailbox.fixture.ts';

test('THREAD=REFERENCES follows the reply chain, threads ordered by their first date', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'THREAD REFERENCES UTF-8 ALL'), [
    '* THREAD (5)(1 2 4)(3)',
    'a1 OK THREAD completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UID THREAD REFERENCES UTF-8 ALL'), [
    '* THREAD (6)(2 3 5)(4)',
    'a2 OK UID THREAD completed',
  ]);
  // Without Paul's reply, Marie's answer still hangs under the first message through References.
  assert.deepEqual(await client.command('a3', 'THREAD REFERENCES US-ASCII FROM marie'), [
    '* THREAD (5)(1 4)',
    'a3 OK THREAD completed',
  ]);
  assert.deepEqual(await client.command('a4', 'THREAD REFERENCES UTF-8 SUBJECT piscine'), [
    '* THREAD',
    'a4 OK THREAD completed',
  ]);
});

test('THREAD=ORDEREDSUBJECT groups by base subject under the first message', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'THREAD ORDEREDSUBJECT UTF-8 ALL'), [
    '* THREAD (5)(1 (2)(4))(3)',
    'a1 OK THREAD completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UID THREAD ORDEREDSUBJECT UTF-8 NOT SEEN'), [
    '* THREAD (6)(3)(4)',
    'a2 OK UID THREAD completed',
  ]);
});

test('THREAD refuses an unknown algorithm with BAD and an unknown charset with NO', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'THREAD REFS UTF-8 ALL'), [
    'a1 BAD Threading algorithm (REFERENCES, ORDEREDSUBJECT) expected at "REFS UTF-8 ALL"',
  ]);
  assert.deepEqual(await client.command('a2', 'THREAD REFERENCES KOI8-R ALL'), [
    'a2 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset',
  ]);
});

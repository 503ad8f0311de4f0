// SORT and UID SORT over a real socket (RFC 5256 §3): by date and by base subject, with search keys, MODSEQ, and
// the refusals. The mailbox is search-mailbox.fixture.ts's: sequence numbers 1-5, UIDs 2-6.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSearchMailbox } from './search-mailbox.fixture.ts';

test('SORT orders by the Date: header or by base subject, ties by sequence number', async (t) => {
  const { client } = await openSearchMailbox(t);
  // Message 5 arrived last but is dated 30 October: DATE is the Date: header (RFC 5256 §2.2), not arrival.
  assert.deepEqual(await client.command('a1', 'SORT (REVERSE DATE) UTF-8 ALL'), [
    '* SORT 4 3 2 1 5',
    'a1 OK SORT completed',
  ]);
  assert.deepEqual(await client.command('a2', 'SORT (REVERSE ARRIVAL) UTF-8 ALL'), [
    '* SORT 5 4 3 2 1',
    'a2 OK SORT completed',
  ]);
  // "Re: Menu de la cantine" sorts with "Menu de la cantine"; "Réunion" after "Menu", accent or not.
  assert.deepEqual(await client.command('a3', 'SORT (SUBJECT) US-ASCII ALL'), [
    '* SORT 5 1 2 4 3',
    'a3 OK SORT completed',
  ]);
  assert.deepEqual(await client.command('a4', 'SORT (SUBJECT REVERSE DATE) UTF-8 ALL'), [
    '* SORT 5 4 2 1 3',
    'a4 OK SORT completed',
  ]);
  assert.deepEqual(await client.command('a5', 'UID SORT (SUBJECT) UTF-8 UNSEEN'), [
    '* SORT 6 3 4',
    'a5 OK UID SORT completed',
  ]);
  assert.deepEqual(await client.command('a6', 'SORT (FROM) UTF-8 SUBJECT piscine'), [
    '* SORT',
    'a6 OK SORT completed',
  ]);
});

test('SORT with the MODSEQ key enables CONDSTORE and adds the highest MODSEQ', async (t) => {
  const { fixture, inboxId, client } = await openSearchMailbox(t);
  const { mail } = fixture.services;
  const modseqs = (await mail.mailboxView(fixture.accounts.paul, inboxId)).map((entry) => entry.modseq);
  const { highestModseq } = await mail.mailboxStatus(fixture.accounts.paul, inboxId);
  assert.deepEqual(await client.command('a1', `UID SORT (REVERSE DATE) UTF-8 MODSEQ ${modseqs[3] ?? 0}`), [
    `* OK [HIGHESTMODSEQ ${highestModseq}] Highest`,
    `* SORT 5 6 (MODSEQ ${Math.max(modseqs[3] ?? 0, modseqs[4] ?? 0)})`,
    'a1 OK UID SORT completed',
  ]);
});

test('SORT refuses an unknown charset with NO and a malformed program with BAD', async (t) => {
  const { client } = await openSearchMailbox(t);
  assert.deepEqual(await client.command('a1', 'SORT (DATE) ISO-8859-15 ALL'), [
    'a1 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset',
  ]);
  assert.deepEqual(await client.command('a2', 'SORT (REVERSE) UTF-8 ALL'), [
    'a2 BAD REVERSE must be followed by a sort key',
  ]);
  // The charset is not optional in SORT: here ALL is read as one.
  assert.deepEqual(await client.command('a3', 'SORT (DATE) ALL'), [
    'a3 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset',
  ]);
  assert.match((await client.command('a4', 'SORT DATE UTF-8 ALL')).join('\n'), /^a4 BAD Sort criteria/);
});

test('a message another client expunged meanwhile still sorts, as empty, until EXPUNGE is sent', async (t) => {
  const { fixture, inboxId, client } = await openSearchMailbox(t);
  await fixture.services.mail.expunge(fixture.accounts.paul, inboxId, [3]);
  assert.deepEqual(await client.command('a1', 'SORT (SUBJECT) UTF-8 ALL'), [
    '* SORT 2 5 1 4 3',
    'a1 OK SORT completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UID SORT (SUBJECT) UTF-8 ALL'), [
    '* 2 EXPUNGE',
    '* SORT 6 2 5 4',
    'a2 OK UID SORT completed',
  ]);
});

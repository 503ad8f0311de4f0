// STORE and UID STORE over a real socket: the three modes, .SILENT, flags with or without parentheses, the
// FETCH lines the client gets back, the refusals, and CONDSTORE's UNCHANGEDSINCE with [MODIFIED].

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture } from '../imap.fixture.ts';
import { deliverMessages, openMailbox, viewOf } from './message-commands.fixture.ts';

test('STORE sets, adds and removes flags and answers with the new FLAGS', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('s1', 'STORE 1:2 +FLAGS (\\Seen)'), [
    '* 1 FETCH (FLAGS (\\Seen))',
    '* 2 FETCH (FLAGS (\\Seen))',
    's1 OK STORE completed',
  ]);
  // RFC 9051 allows the flags without parentheses too.
  assert.deepEqual(await client.command('s2', 'STORE 2 FLAGS \\Flagged \\Deleted'), [
    '* 2 FETCH (FLAGS (\\Deleted \\Flagged))',
    's2 OK STORE completed',
  ]);
  assert.deepEqual(await client.command('s3', 'STORE 1 -FLAGS.SILENT (\\Seen)'), ['s3 OK STORE completed']);
  assert.deepEqual(await client.command('s4', 'UID STORE 2:* +FLAGS (Urgent)'), [
    '* 2 FETCH (UID 2 FLAGS (\\Deleted \\Flagged urgent))',
    '* 3 FETCH (UID 3 FLAGS (urgent))',
    's4 OK STORE completed',
  ]);
  // A message already as asked is still reported, with its flags.
  assert.deepEqual(await client.command('s5', 'STORE 3 +FLAGS (\\Recent urgent)'), [
    '* 3 FETCH (FLAGS (urgent))',
    's5 OK STORE completed',
  ]);
  const view = await viewOf(fixture, 'inbox');
  assert.deepEqual(
    view.map((entry) => entry.keywords),
    [[], ['$deleted', '$flagged', 'urgent'], ['urgent']],
  );
});

test('STORE refuses numbers beyond EXISTS, bad syntax, and a read-only mailbox; UID STORE ignores missing UIDs', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('s1', 'STORE 3 +FLAGS (\\Seen)'), [
    's1 BAD Message number out of range: the mailbox has 2 messages',
  ]);
  assert.match((await client.command('s2', 'STORE 1 FLAGS.LOUD (\\Seen)')).at(-1) ?? '', /^s2 BAD /);
  assert.match((await client.command('s3', 'STORE 1 +FLAGS (\\*)')).at(-1) ?? '', /^s3 BAD /);
  assert.deepEqual(await client.command('s4', 'STORE 1 +FLAGS (\\Important)'), [
    's4 BAD Unknown system flag \\Important',
  ]);
  assert.deepEqual(await client.command('s5', 'UID STORE 7:9 +FLAGS (\\Seen)'), ['s5 OK STORE completed']);
  // `$` (RFC 5182) is the saved search result: none was saved in this session, so it names nothing.
  assert.deepEqual(await client.command('s6', 'STORE $ +FLAGS (\\Seen)'), ['s6 OK STORE completed']);

  const { client: reader } = await openMailbox(fixture, { examine: true });
  assert.deepEqual(await reader.command('e1', 'STORE 1 +FLAGS (\\Seen)'), [
    'e1 NO The mailbox is read-only (EXAMINE)',
  ]);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.keywords),
    [[], []],
  );
});

test('UNCHANGEDSINCE enables CONDSTORE, skips what changed since, and reports it in [MODIFIED]', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const [, second] = await viewOf(fixture, 'inbox');
  const { client, lines } = await openMailbox(fixture);
  const highest = /HIGHESTMODSEQ (\d+)/.exec(lines.join('\n'))?.[1];

  // Message 3 arrived after message 2's modseq: it "changed since" and is left alone.
  const reply = await client.command('c1', `STORE 1:3 (UNCHANGEDSINCE ${second?.modseq}) +FLAGS (\\Flagged)`);
  const afterFirst = await viewOf(fixture, 'inbox');
  const modseq = afterFirst[0]?.modseq;
  assert.deepEqual(reply, [
    `* OK [HIGHESTMODSEQ ${highest}] CONDSTORE enabled`,
    `* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (${modseq}))`,
    `* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (${modseq}))`,
    'c1 OK [MODIFIED 3] Conditional STORE failed for some messages',
  ]);
  assert.deepEqual(afterFirst[2]?.keywords, []);

  // With CONDSTORE on, .SILENT still reports the new MODSEQ (RFC 7162 §3.1.3), without FLAGS.
  const silent = await client.command('c2', 'STORE 3 +FLAGS.SILENT (\\Seen)');
  const third = (await viewOf(fixture, 'inbox'))[2];
  assert.deepEqual(silent, [`* 3 FETCH (UID 3 MODSEQ (${third?.modseq}))`, 'c2 OK STORE completed']);

  // UNCHANGEDSINCE 0 always fails; a UID STORE names UIDs in [MODIFIED].
  assert.deepEqual(await client.command('c3', 'UID STORE 1,3 (UNCHANGEDSINCE 0) -FLAGS (\\Flagged)'), [
    'c3 OK [MODIFIED 1,3] Conditional STORE failed for some messages',
  ]);
  assert.match(
    (await client.command('c4', 'STORE 1 (FROBNICATE 3) +FLAGS (\\Seen)')).at(-1) ?? '',
    /^c4 BAD /,
  );
});

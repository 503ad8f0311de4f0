// EXPUNGE and UID EXPUNGE over a real socket: only \Deleted messages go, reported before the tagged OK (EXPUNGE
// or VANISHED); flags changed by another session count; and two sessions on one mailbox see each other's work.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture } from '../imap.fixture.ts';
import { deliverMessages, openMailbox, viewOf } from './message-commands.fixture.ts';

test('EXPUNGE removes the \\Deleted messages and reports each before the tagged OK', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 4);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('s1', 'STORE 2,4 +FLAGS.SILENT (\\Deleted)'), [
    's1 OK STORE completed',
  ]);
  assert.deepEqual(await client.command('e1', 'EXPUNGE'), [
    '* 4 EXPUNGE',
    '* 2 EXPUNGE',
    'e1 OK EXPUNGE completed',
  ]);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.uid),
    [1, 3],
  );
  assert.deepEqual(await client.command('e2', 'EXPUNGE'), ['e2 OK EXPUNGE completed']);
  assert.deepEqual(await client.command('n1', 'NOOP'), ['n1 OK NOOP completed']);
});

test('UID EXPUNGE removes only the \\Deleted messages of its set', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 4);
  const { client } = await openMailbox(fixture);
  await client.command('s1', 'STORE 1:3 +FLAGS.SILENT (\\Deleted)');
  assert.deepEqual(await client.command('e1', 'UID EXPUNGE 2:4'), [
    '* 3 EXPUNGE',
    '* 2 EXPUNGE',
    'e1 OK EXPUNGE completed',
  ]);
  const view = await viewOf(fixture, 'inbox');
  assert.deepEqual(
    view.map((entry) => [entry.uid, entry.keywords]),
    [
      [1, ['$deleted']],
      [4, []],
    ],
  );
  assert.match((await client.command('e2', 'UID EXPUNGE')).at(-1) ?? '', /^e2 BAD /);
  assert.match((await client.command('e3', 'EXPUNGE 1')).at(-1) ?? '', /^e3 BAD /);
});

test('EXPUNGE is refused in EXAMINE, and keeps a message another session undeleted', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const { client: first } = await openMailbox(fixture);
  const { client: second } = await openMailbox(fixture);
  const { client: reader } = await openMailbox(fixture, { examine: true });
  await first.command('s1', 'STORE 1:2 +FLAGS.SILENT (\\Deleted)');
  assert.deepEqual(await reader.command('r1', 'EXPUNGE'), [
    '* 1 FETCH (FLAGS (\\Deleted))',
    '* 2 FETCH (FLAGS (\\Deleted))',
    'r1 NO The mailbox is read-only (EXAMINE)',
  ]);
  // The second session undeletes message 1; the first has not heard of it yet, but its EXPUNGE must not
  // remove it: the flags are brought up to date first.
  await second.command('s2', 'STORE 1 -FLAGS.SILENT (\\Deleted)');
  assert.deepEqual(await first.command('e1', 'EXPUNGE'), [
    '* 1 FETCH (FLAGS ())',
    '* 2 EXPUNGE',
    'e1 OK EXPUNGE completed',
  ]);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.uid),
    [1],
  );
});

test('with QRESYNC, EXPUNGE reports VANISHED and the new HIGHESTMODSEQ', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client } = await openMailbox(fixture, { enable: 'QRESYNC' });
  await client.command('s1', 'UID STORE 1,3 +FLAGS.SILENT (\\Deleted)');
  const reply = await client.command('e1', 'EXPUNGE');
  const inbox = (await fixture.services.mail.listMailboxes(fixture.accounts.paul)).find(
    (box) => box.role === 'inbox',
  );
  const { highestModseq } = await fixture.services.mail.mailboxStatus(fixture.accounts.paul, inbox?.id ?? '');
  assert.deepEqual(reply, ['* VANISHED 1,3', `e1 OK [HIGHESTMODSEQ ${highestModseq}] EXPUNGE completed`]);
});

test('two sessions on one mailbox see each other’s STORE as FETCH and EXPUNGE as EXPUNGE', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client: alice } = await openMailbox(fixture);
  const { client: bob } = await openMailbox(fixture);

  assert.deepEqual(await alice.command('a1', 'STORE 1 +FLAGS (\\Seen)'), [
    '* 1 FETCH (FLAGS (\\Seen))',
    'a1 OK STORE completed',
  ]);
  assert.deepEqual(await bob.command('b1', 'NOOP'), ['* 1 FETCH (FLAGS (\\Seen))', 'b1 OK NOOP completed']);

  await alice.command('a2', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
  assert.deepEqual(await alice.command('a3', 'EXPUNGE'), ['* 2 EXPUNGE', 'a3 OK EXPUNGE completed']);
  // Bob never saw \Deleted on message 2: the message is gone, so only its EXPUNGE is news.
  assert.deepEqual(await bob.command('b2', 'NOOP'), ['* 2 EXPUNGE', 'b2 OK NOOP completed']);

  // A STORE by sequence number must not see its numbers move: Bob's pending EXPUNGE waits for a safe point.
  await alice.command('a4', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
  await alice.command('a5', 'EXPUNGE');
  assert.deepEqual(await bob.command('b3', 'STORE 1 +FLAGS (\\Flagged)'), [
    '* 1 FETCH (FLAGS (\\Flagged \\Seen))',
    'b3 OK STORE completed',
  ]);
  assert.deepEqual(await bob.command('b4', 'NOOP'), ['* 2 EXPUNGE', 'b4 OK NOOP completed']);
  assert.deepEqual(await alice.command('a6', 'NOOP'), [
    '* 1 FETCH (FLAGS (\\Flagged \\Seen))',
    'a6 OK NOOP completed',
  ]);
});

// MOVE and UID MOVE over a real socket (RFC 6851): untagged COPYUID, then the expunges (or VANISHED with
// QRESYNC), then the tagged OK; a move to the selected mailbox itself; the refusals; another session's view.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture } from '../imap.fixture.ts';
import { deliverMessages, openMailbox, uidValidityOf, viewOf } from './message-commands.fixture.ts';

test('MOVE sends COPYUID untagged, then the EXPUNGE of each moved message, then OK', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client } = await openMailbox(fixture);
  const archive = await uidValidityOf(fixture, 'archive');
  assert.deepEqual(await client.command('m1', 'MOVE 1:2 Archives'), [
    `* OK [COPYUID ${archive} 1:2 1:2] Moved`,
    '* 2 EXPUNGE',
    '* 1 EXPUNGE',
    'm1 OK MOVE completed',
  ]);
  // Reported once: the next command has nothing left to say.
  assert.deepEqual(await client.command('m2', 'NOOP'), ['m2 OK NOOP completed']);
  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => entry.uid),
    [3],
  );
  assert.deepEqual(
    (await viewOf(fixture, 'archive')).map((entry) => entry.uid),
    [1, 2],
  );
  // The old message 3 is now message 1.
  assert.deepEqual(await client.command('m3', 'MOVE 1 Archives'), [
    `* OK [COPYUID ${archive} 3 3] Moved`,
    '* 1 EXPUNGE',
    'm3 OK MOVE completed',
  ]);
});

test('UID MOVE with QRESYNC reports VANISHED and the new HIGHESTMODSEQ', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client } = await openMailbox(fixture, { enable: 'QRESYNC' });
  const archive = await uidValidityOf(fixture, 'archive');
  const reply = await client.command('m1', 'UID MOVE 1,3 Archives');
  const { highestModseq } = await fixture.services.mail.mailboxStatus(
    fixture.accounts.paul,
    (await fixture.services.mail.listMailboxes(fixture.accounts.paul)).find((box) => box.role === 'inbox')
      ?.id ?? '',
  );
  assert.deepEqual(reply, [
    `* OK [COPYUID ${archive} 1,3 1:2] Moved`,
    '* VANISHED 1,3',
    `m1 OK [HIGHESTMODSEQ ${highestModseq}] MOVE completed`,
  ]);
});

test('MOVE to the selected mailbox itself leaves the messages where they are', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const before = await viewOf(fixture, 'inbox');
  const { client, uidValidity } = await openMailbox(fixture);
  assert.deepEqual(await client.command('m1', 'MOVE 1:* inbox'), [
    `* OK [COPYUID ${uidValidity} 1:2 1:2] Moved`,
    'm1 OK MOVE completed',
  ]);
  assert.deepEqual(await client.command('m2', 'NOOP'), ['m2 OK NOOP completed']);
  assert.deepEqual(await viewOf(fixture, 'inbox'), before);
});

test('MOVE is refused in EXAMINE, to a missing mailbox, and beyond EXISTS; nothing named is OK', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const { client } = await openMailbox(fixture);
  assert.deepEqual(await client.command('m1', 'MOVE 1 Nulle-part'), ['m1 NO [TRYCREATE] No such mailbox']);
  assert.deepEqual(await client.command('m2', 'MOVE 5 Archives'), [
    'm2 BAD Message number out of range: the mailbox has 2 messages',
  ]);
  assert.deepEqual(await client.command('m3', 'UID MOVE 9 Archives'), ['m3 OK MOVE completed']);
  const { client: reader } = await openMailbox(fixture, { examine: true });
  assert.deepEqual(await reader.command('e1', 'MOVE 1 Archives'), [
    'e1 NO The mailbox is read-only (EXAMINE)',
  ]);
  assert.equal((await viewOf(fixture, 'inbox')).length, 2);
});

test('another session on the mailbox hears of the move as EXPUNGE at its next command', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 3);
  const { client: mover } = await openMailbox(fixture);
  const { client: watcher } = await openMailbox(fixture);
  assert.match((await mover.command('m1', 'MOVE 2 Archives')).at(-1) ?? '', /^m1 OK/);
  assert.deepEqual(await watcher.command('w1', 'NOOP'), ['* 2 EXPUNGE', 'w1 OK NOOP completed']);
});

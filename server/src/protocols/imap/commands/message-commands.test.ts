// The message-changing commands as a real client uses them: imapflow appends, sets flags, copies, moves and
// deletes, reading APPENDUID, COPYUID, EXISTS and EXPUNGE as it would against any server.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { openImapFixture, PAUL } from '../imap.fixture.ts';
import { deliverMessages, message, uidValidityOf, viewOf } from './message-commands.fixture.ts';

test('imapflow appends, flags, copies, moves and deletes messages', async (t) => {
  const fixture = await openImapFixture(t);
  await deliverMessages(fixture, 2);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: fixture.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: PAUL.email, pass: PAUL.password },
    logger: false,
  });
  await client.connect();
  t.after(() => client.close());

  const appended = await client.append(
    'INBOX',
    message('Par imapflow'),
    ['\\Seen'],
    new Date('2026-01-05T08:00:00Z'),
  );
  assert.ok(appended !== false);
  assert.equal(appended.uid, 3);
  assert.equal(appended.uidValidity, BigInt(await uidValidityOf(fixture, 'inbox')));

  const lock = await client.getMailboxLock('INBOX');
  try {
    const mailbox = () => (client.mailbox === false ? undefined : client.mailbox);
    assert.equal(mailbox()?.exists, 3);
    // Appending to the open mailbox: imapflow learns of the message from EXISTS.
    await client.append('INBOX', message('Encore une'));
    assert.equal(mailbox()?.exists, 4);

    assert.equal(await client.messageFlagsAdd('1:2', ['\\Flagged', 'Urgent']), true);
    assert.equal(await client.messageFlagsRemove('2', ['Urgent'], { uid: true }), true);

    const archive = BigInt(await uidValidityOf(fixture, 'archive'));
    const copied = await client.messageCopy('1', 'Archives', { uid: true });
    assert.ok(copied !== false);
    assert.deepEqual([copied.uidValidity, [...(copied.uidMap ?? [])]], [archive, [[1, 1]]]);

    const moved = await client.messageMove('2:3', 'Archives', { uid: true });
    assert.ok(moved !== false);
    assert.deepEqual(
      [...(moved.uidMap ?? [])],
      [
        [2, 2],
        [3, 3],
      ],
    );
    assert.equal(mailbox()?.exists, 2);

    assert.equal(await client.messageDelete('1', { uid: true }), true);
    assert.equal(mailbox()?.exists, 1);
  } finally {
    lock.release();
  }

  assert.deepEqual(
    (await viewOf(fixture, 'inbox')).map((entry) => [entry.uid, entry.keywords]),
    [[4, []]],
  );
  // Keywords belong to the email (RFC 8621), but the expunge took \Deleted off the copy kept in the archive:
  // it was not deleted there, and a later EXPUNGE of the archive must not destroy it.
  assert.deepEqual(
    (await viewOf(fixture, 'archive')).map((entry) => [entry.uid, entry.keywords]),
    [
      [1, ['$flagged', 'urgent']],
      [2, ['$flagged']],
      [3, ['$seen']],
    ],
  );
});

// DELETE over a real session: the mailbox and its messages go, INBOX and parents stay, the selected mailbox
// is closed, and the errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

test('DELETE removes the mailbox and the messages that were in no other mailbox', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Bo&AO4-te');
  const { mail } = fixture.services;
  const paul = fixture.accounts.paul;
  const mailboxes = await mail.listMailboxes(paul);
  const box = mailboxes.find((mailbox) => mailbox.name === 'Boîte');
  const inbox = mailboxes.find((mailbox) => mailbox.role === 'inbox');
  assert.ok(box && inbox);
  const raw = (subject: string) => Buffer.from(`Subject: ${subject}\r\n\r\nCorps.\r\n`);
  await mail.importMessage(paul, raw('seul'), { mailboxIds: [box.id] });
  await mail.importMessage(paul, raw('aussi'), { mailboxIds: [box.id, inbox.id] });

  assert.deepEqual(await client.command('a1', 'DELETE Bo&AO4-te'), ['a1 OK DELETE completed']);
  assert.deepEqual(await client.command('a2', 'LIST "" Bo*'), ['a2 OK LIST completed']);
  assert.equal((await mail.getQuota(paul)).used.messages, 1, 'the message only there was destroyed');
  assert.deepEqual(await client.command('a3', 'STATUS INBOX (MESSAGES)'), [
    '* STATUS INBOX (MESSAGES 1)',
    'a3 OK STATUS completed',
  ]);
});

test('DELETE of INBOX is NO [CANNOT], of a parent NO [HASCHILDREN], of an unknown name NO [NONEXISTENT]', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024');
  assert.deepEqual(await client.command('a1', 'DELETE INBOX'), ['a1 NO [CANNOT] INBOX cannot be deleted']);
  assert.deepEqual(await client.command('a2', 'DELETE inbox'), ['a2 NO [CANNOT] INBOX cannot be deleted']);
  assert.deepEqual(await client.command('a3', 'DELETE Projets'), [
    'a3 NO [HASCHILDREN] Delete the mailboxes inside it first',
  ]);
  assert.deepEqual(await client.command('a4', 'DELETE Nowhere'), ['a4 NO [NONEXISTENT] No such mailbox']);
  assert.deepEqual(await client.command('a5', 'DELETE Projets/2024'), ['a5 OK DELETE completed']);
  assert.deepEqual(await client.command('a6', 'DELETE Projets'), ['a6 OK DELETE completed']);
  for (const [tag, command] of [
    ['b1', 'DELETE'],
    ['b2', 'DELETE a b'],
    ['b3', 'DELETE "Bo&AO4"'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
});

test('DELETE of the selected mailbox closes it: the session is back in the authenticated state', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Temporaire');
  await client.command('s1', 'SELECT Temporaire');
  assert.deepEqual(await client.command('a1', 'DELETE Temporaire'), [
    '* OK [CLOSED] The selected mailbox was deleted',
    'a1 OK DELETE completed',
  ]);
  assert.deepEqual(await client.command('a2', 'CHECK'), ['a2 BAD Select a mailbox first']);
});

test('DELETE takes UTF-8 names after ENABLE UTF8=ACCEPT', async (t) => {
  const { client } = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  await client.command('c1', 'CREATE "Boîte"');
  assert.deepEqual(await client.command('a1', 'DELETE "Boîte"'), ['a1 OK DELETE completed']);
  assert.deepEqual(await client.command('a2', 'DELETE "Boîte"'), ['a2 NO [NONEXISTENT] No such mailbox']);
});

// STATUS over a real session: every item with the store's numbers, DELETED and DELETED-STORAGE counted from
// the messages, names in modified UTF-7 and UTF-8, the selected mailbox, and the errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

test('STATUS reports every item of a mailbox', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await fixture.deliver('paul', 'Subject: lu\n\nLu.\n', { keywords: ['$seen'] });
  await fixture.deliver('paul', 'Subject: effacé\n\nA effacer, avec un corps plus long.\n', {
    keywords: ['$seen', '$deleted'],
  });
  await fixture.deliver('paul', 'Subject: nouveau\n\nNouveau.\n');
  const { mail } = fixture.services;
  const paul = fixture.accounts.paul;
  const inbox = (await mail.listMailboxes(paul)).find((mailbox) => mailbox.role === 'inbox');
  assert.ok(inbox);
  const view = await mail.mailboxView(paul, inbox.id);
  const deleted = await mail.getEmails(paul, [view[1]?.emailId ?? ''], []);
  const deletedBytes = deleted[0]?.size ?? 0;
  assert.ok(deletedBytes > 0);

  assert.deepEqual(
    await client.command(
      'a1',
      'STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED DELETED-STORAGE SIZE HIGHESTMODSEQ RECENT APPENDLIMIT MAILBOXID)',
    ),
    [
      `* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY ${inbox.uidValidity} UNSEEN 1 DELETED 1 DELETED-STORAGE ${deletedBytes} ` +
        `SIZE ${inbox.size} HIGHESTMODSEQ ${inbox.highestModseq} RECENT 0 APPENDLIMIT 10485760 MAILBOXID (${inbox.id}))`,
      'a1 OK STATUS completed',
    ],
  );
  // Items come once each, in the client's order; the name in any case is INBOX.
  assert.deepEqual(await client.command('a2', 'STATUS inbox (unseen messages UNSEEN)'), [
    '* STATUS INBOX (UNSEEN 1 MESSAGES 3)',
    'a2 OK STATUS completed',
  ]);
});

test('STATUS takes names in modified UTF-7, or UTF-8 once enabled, and answers in the same form', async (t) => {
  const rev1 = await openMailboxSession(t);
  assert.deepEqual(await rev1.client.command('a1', 'STATUS Envoy&AOk-s (MESSAGES)'), [
    '* STATUS Envoy&AOk-s (MESSAGES 0)',
    'a1 OK STATUS completed',
  ]);
  const utf8 = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  assert.deepEqual(await utf8.client.command('a1', 'STATUS "Envoyés" (MESSAGES)'), [
    '* STATUS "Envoyés" (MESSAGES 0)',
    'a1 OK STATUS completed',
  ]);
});

test('STATUS of the selected mailbox is allowed', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await fixture.deliver('paul', 'Subject: un\n\nUn.\n');
  await client.command('s1', 'SELECT INBOX');
  assert.deepEqual(await client.command('a1', 'STATUS INBOX (MESSAGES UIDNEXT)'), [
    '* STATUS INBOX (MESSAGES 1 UIDNEXT 2)',
    'a1 OK STATUS completed',
  ]);
});

test('STATUS of an unknown mailbox is NO [NONEXISTENT]; bad item lists are BAD', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'STATUS Nowhere (MESSAGES)'), [
    'a1 NO [NONEXISTENT] No such mailbox',
  ]);
  for (const [tag, command] of [
    ['b1', 'STATUS INBOX ()'],
    ['b2', 'STATUS INBOX (MESSAGES FROB)'],
    ['b3', 'STATUS INBOX'],
    ['b4', 'STATUS INBOX MESSAGES'],
    ['b5', 'STATUS "Bo&AO4" (MESSAGES)'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
});

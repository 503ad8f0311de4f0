// LIST over a real session: patterns, the delimiter request, attributes, LIST-EXTENDED selection and return
// options, LIST-STATUS, modified UTF-7 and UTF-8 names, and the errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

const DEFAULTS = [
  '* LIST (\\HasNoChildren) "/" INBOX',
  '* LIST (\\HasNoChildren \\Archive) "/" Archives',
  '* LIST (\\HasNoChildren \\Drafts) "/" Brouillons',
  '* LIST (\\HasNoChildren \\Trash) "/" Corbeille',
  '* LIST (\\HasNoChildren \\Sent) "/" Envoy&AOk-s',
  '* LIST (\\HasNoChildren \\Junk) "/" Ind&AOk-sirables',
];

test('LIST "" * lists every mailbox with children and special-use attributes, INBOX first', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'LIST "" *'), [...DEFAULTS, 'a1 OK LIST completed']);
  assert.deepEqual(await client.command('a2', 'LIST "" ""'), [
    '* LIST (\\Noselect) "/" ""',
    'a2 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LIST "Projets/" ""'), [
    '* LIST (\\Noselect) "/" ""',
    'a3 OK LIST completed',
  ]);
});

test('% stops at the delimiter, the reference prefixes the pattern, and INBOX matches in any case', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024/Mars');
  await client.command('c2', 'CREATE INBOX/Factures');
  assert.deepEqual(await client.command('a1', 'LIST "" %'), [
    '* LIST (\\HasChildren) "/" INBOX',
    ...DEFAULTS.slice(1),
    '* LIST (\\HasChildren) "/" Projets',
    'a1 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a2', 'LIST Projets/ %'), [
    '* LIST (\\HasChildren) "/" Projets/2024',
    'a2 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LIST "" Projets/*'), [
    '* LIST (\\HasChildren) "/" Projets/2024',
    '* LIST (\\HasNoChildren) "/" Projets/2024/Mars',
    'a3 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a4', 'LIST "" inbox/%'), [
    '* LIST (\\HasNoChildren) "/" INBOX/Factures',
    'a4 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a5', 'LIST "" Nowhere*'), ['a5 OK LIST completed']);
});

test('several patterns list each mailbox once; names are modified UTF-7 for rev1 clients', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'LIST "" (INBOX "Envoy&AOk-s" "*s" INBOX)'), [
    '* LIST (\\HasNoChildren) "/" INBOX',
    '* LIST (\\HasNoChildren \\Archive) "/" Archives',
    '* LIST (\\HasNoChildren \\Drafts) "/" Brouillons',
    '* LIST (\\HasNoChildren \\Sent) "/" Envoy&AOk-s',
    '* LIST (\\HasNoChildren \\Junk) "/" Ind&AOk-sirables',
    'a1 OK LIST completed',
  ]);
});

test('after ENABLE UTF8=ACCEPT names and patterns are UTF-8', async (t) => {
  const { client } = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  assert.deepEqual(await client.command('a1', 'LIST "" "Envoyés"'), [
    '* LIST (\\HasNoChildren \\Sent) "/" "Envoyés"',
    'a1 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a2', 'LIST "" "Ind*"'), [
    '* LIST (\\HasNoChildren \\Junk) "/" "Indésirables"',
    'a2 OK LIST completed',
  ]);
  // `&` is just `&` in UTF-8 mode: no mailbox has that name.
  assert.deepEqual(await client.command('a3', 'LIST "" "Envoy&AOk-s"'), ['a3 OK LIST completed']);
});

test('selection options: SUBSCRIBED, RECURSIVEMATCH with CHILDINFO, SPECIAL-USE, REMOTE', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024');
  await client.command('c2', 'UNSUBSCRIBE Projets');
  await client.command('c3', 'UNSUBSCRIBE Corbeille');
  assert.deepEqual(await client.command('a1', 'LIST (SUBSCRIBED) "" "P*"'), [
    '* LIST (\\Subscribed \\HasNoChildren) "/" Projets/2024',
    'a1 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a2', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %'), [
    '* LIST (\\Subscribed \\HasNoChildren) "/" INBOX',
    '* LIST (\\Subscribed \\HasNoChildren \\Archive) "/" Archives',
    '* LIST (\\Subscribed \\HasNoChildren \\Drafts) "/" Brouillons',
    '* LIST (\\Subscribed \\HasNoChildren \\Sent) "/" Envoy&AOk-s',
    '* LIST (\\Subscribed \\HasNoChildren \\Junk) "/" Ind&AOk-sirables',
    '* LIST (\\HasChildren) "/" Projets ("CHILDINFO" ("SUBSCRIBED"))',
    'a2 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LIST (SPECIAL-USE REMOTE) "" *'), [
    ...DEFAULTS.slice(1),
    'a3 OK LIST completed',
  ]);
  assert.deepEqual(
    await client.command('a4', 'LIST () "" "Corbeille" RETURN (SUBSCRIBED CHILDREN SPECIAL-USE)'),
    ['* LIST (\\HasNoChildren \\Trash) "/" Corbeille', 'a4 OK LIST completed'],
  );
  assert.deepEqual(await client.command('a5', 'LIST "" "INBOX" RETURN (SUBSCRIBED)'), [
    '* LIST (\\Subscribed \\HasNoChildren) "/" INBOX',
    'a5 OK LIST completed',
  ]);
});

test('RETURN (STATUS (…)) follows each LIST line with its STATUS (LIST-STATUS)', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await fixture.deliver('paul', 'Subject: un\n\nUn.\n', { keywords: ['$seen'] });
  await fixture.deliver('paul', 'Subject: deux\n\nDeux.\n');
  const mailboxes = await fixture.services.mail.listMailboxes(fixture.accounts.paul);
  const inbox = mailboxes.find((mailbox) => mailbox.role === 'inbox');
  const archive = mailboxes.find((mailbox) => mailbox.role === 'archive');
  assert.ok(inbox && archive);
  assert.deepEqual(
    await client.command('a1', 'LIST "" (INBOX Archives) RETURN (STATUS (MESSAGES UNSEEN UIDVALIDITY SIZE))'),
    [
      '* LIST (\\HasNoChildren) "/" INBOX',
      `* STATUS INBOX (MESSAGES 2 UNSEEN 1 UIDVALIDITY ${inbox.uidValidity} SIZE ${inbox.size})`,
      '* LIST (\\HasNoChildren \\Archive) "/" Archives',
      `* STATUS Archives (MESSAGES 0 UNSEEN 0 UIDVALIDITY ${archive.uidValidity} SIZE 0)`,
      'a1 OK LIST completed',
    ],
  );
});

test('unknown options, RECURSIVEMATCH alone and malformed arguments are BAD', async (t) => {
  const { client } = await openMailboxSession(t);
  const bad = async (tag: string, command: string) => {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  };
  await bad('b1', 'LIST (FROB) "" *');
  await bad('b2', 'LIST "" * RETURN (FROB)');
  await bad('b3', 'LIST (RECURSIVEMATCH) "" *');
  await bad('b4', 'LIST ""');
  await bad('b5', 'LIST "" ()');
  await bad('b6', 'LIST "" * RETURN (STATUS ())');
  await bad('b7', 'LIST "" "Bo&AO4"');
  assert.deepEqual(await client.command('b8', 'LIST (RECURSIVEMATCH) "" *'), [
    'b8 BAD RECURSIVEMATCH needs the SUBSCRIBED or SPECIAL-USE selection option',
  ]);
});

test('a hostile pattern on a deep tree ends quickly with NO [LIMIT], and the session goes on', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', `CREATE ${Array.from({ length: 30 }, () => 'a'.repeat(60)).join('/')}`);
  // Every `a` of the names keeps every position of the pattern alive: the worst case of the automaton.
  const pattern = `${'*a'.repeat(300)}x`;
  const started = Date.now();
  const lines = await client.command('a1', `LIST "" "${pattern}"`);
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(lines, ['a1 NO [LIMIT] A limit of this server was reached']);
  assert.deepEqual((await client.command('a2', 'LIST "" "a*x"')).at(-1), 'a2 OK LIST completed');
});

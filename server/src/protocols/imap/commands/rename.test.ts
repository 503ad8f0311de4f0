// RENAME over a real session: in place, under another parent (levels made on the way, children following),
// the id and special use kept, INBOX's special rename, and the errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

test('RENAME moves a mailbox and its children under a new parent, keeping its id', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024');
  const [before] = await client.command('s1', 'STATUS Projets (MAILBOXID)');
  assert.deepEqual(await client.command('a1', 'RENAME Projets Classeurs/Anciens'), [
    'a1 OK RENAME completed',
  ]);
  assert.deepEqual(await client.command('a2', 'LIST "" "Classeurs*"'), [
    '* LIST (\\HasChildren) "/" Classeurs',
    '* LIST (\\HasChildren) "/" Classeurs/Anciens',
    '* LIST (\\HasNoChildren) "/" Classeurs/Anciens/2024',
    'a2 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LIST "" "Projets*"'), ['a3 OK LIST completed']);
  const [after] = await client.command('s2', 'STATUS Classeurs/Anciens (MAILBOXID)');
  assert.equal(after?.replace('Classeurs/Anciens', 'Projets'), before);
  assert.deepEqual(await client.command('a4', 'RENAME Classeurs/Anciens/2024 "2024"'), [
    'a4 OK RENAME completed',
  ]);
  assert.deepEqual(await client.command('a5', 'LIST "" %'), [
    '* LIST (\\HasNoChildren) "/" INBOX',
    '* LIST (\\HasNoChildren) "/" 2024',
    '* LIST (\\HasNoChildren \\Archive) "/" Archives',
    '* LIST (\\HasNoChildren \\Drafts) "/" Brouillons',
    '* LIST (\\HasChildren) "/" Classeurs',
    '* LIST (\\HasNoChildren \\Trash) "/" Corbeille',
    '* LIST (\\HasNoChildren \\Sent) "/" Envoy&AOk-s',
    '* LIST (\\HasNoChildren \\Junk) "/" Ind&AOk-sirables',
    'a5 OK LIST completed',
  ]);
});

test('RENAME keeps the special use; names travel as modified UTF-7 or UTF-8', async (t) => {
  const rev1 = await openMailboxSession(t);
  assert.deepEqual(await rev1.client.command('a1', 'RENAME Corbeille Bo&AO4-te'), ['a1 OK RENAME completed']);
  assert.deepEqual(await rev1.client.command('a2', 'LIST "" Bo*'), [
    '* LIST (\\HasNoChildren \\Trash) "/" Bo&AO4-te',
    'a2 OK LIST completed',
  ]);
  const utf8 = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  assert.deepEqual(await utf8.client.command('a1', 'RENAME "Envoyés" "Messages envoyés"'), [
    'a1 OK RENAME completed',
  ]);
  assert.deepEqual(await utf8.client.command('a2', 'LIST "" "Messages*"'), [
    '* LIST (\\HasNoChildren \\Sent) "/" "Messages envoyés"',
    'a2 OK LIST completed',
  ]);
});

test('RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty, with its children', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await fixture.deliver('paul', 'Subject: un\n\nUn.\n', { keywords: ['$seen'] });
  await fixture.deliver('paul', 'Subject: deux\n\nDeux.\n');
  await client.command('c1', 'CREATE INBOX/Factures');
  assert.deepEqual(await client.command('a1', 'RENAME inbox "Anciens messages"'), [
    'a1 OK RENAME completed: the messages of INBOX were moved',
  ]);
  assert.deepEqual(await client.command('a2', 'STATUS INBOX (MESSAGES)'), [
    '* STATUS INBOX (MESSAGES 0)',
    'a2 OK STATUS completed',
  ]);
  assert.deepEqual(await client.command('a3', 'STATUS "Anciens messages" (MESSAGES UNSEEN)'), [
    '* STATUS "Anciens messages" (MESSAGES 2 UNSEEN 1)',
    'a3 OK STATUS completed',
  ]);
  assert.deepEqual(await client.command('a4', 'LIST "" INBOX*'), [
    '* LIST (\\HasChildren) "/" INBOX',
    '* LIST (\\HasNoChildren) "/" INBOX/Factures',
    'a4 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a5', 'RENAME INBOX INBOX/Vieux'), [
    'a5 OK RENAME completed: the messages of INBOX were moved',
  ]);
});

test('RENAME refusals: unknown source, existing target, into itself, invalid name, bad syntax', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024');
  assert.deepEqual(await client.command('a1', 'RENAME Nowhere Ailleurs'), [
    'a1 NO [NONEXISTENT] No such mailbox',
  ]);
  assert.deepEqual(await client.command('a2', 'RENAME Projets Corbeille'), [
    'a2 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a3', 'RENAME Projets inbox'), [
    'a3 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a4', 'RENAME Projets Projets'), [
    'a4 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a5', 'RENAME Projets Projets/2024/Dedans'), [
    'a5 NO [CANNOT] A mailbox cannot move inside itself',
  ]);
  assert.deepEqual(await client.command('a6', 'RENAME Projets "a//b"'), [
    'a6 NO [CANNOT] Invalid mailbox name: empty level, control character or surrounding space',
  ]);
  for (const [tag, command] of [
    ['b1', 'RENAME Projets'],
    ['b2', 'RENAME'],
    ['b3', 'RENAME Projets a b'],
    ['b4', 'RENAME Projets "Bo&AO4"'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
  assert.deepEqual(await client.command('c2', 'LIST "" Projets'), [
    '* LIST (\\HasChildren) "/" Projets',
    'c2 OK LIST completed',
  ]);
});

// CREATE over a real session: levels made on the way, the trailing delimiter, CREATE-SPECIAL-USE, MAILBOXID,
// INBOX and existing names, invalid names, modified UTF-7 and UTF-8.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

const MAILBOX_ID = /^a\d OK \[MAILBOXID \(b[A-Za-z0-9_-]+\)\] CREATE completed$/;

test('CREATE makes the missing levels, accepts a trailing delimiter and returns the MAILBOXID', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  const [created] = await client.command('a1', 'CREATE Projets/2024/Mars');
  assert.match(created ?? '', MAILBOX_ID);
  assert.match((await client.command('a2', 'CREATE Classeurs/')).at(-1) ?? '', MAILBOX_ID);
  assert.match((await client.command('a3', 'CREATE inbox/Factures')).at(-1) ?? '', MAILBOX_ID);
  assert.deepEqual(await client.command('a4', 'LIST "" "*" RETURN (SUBSCRIBED)'), [
    '* LIST (\\Subscribed \\HasChildren) "/" INBOX',
    '* LIST (\\Subscribed \\HasNoChildren) "/" INBOX/Factures',
    '* LIST (\\Subscribed \\HasNoChildren \\Archive) "/" Archives',
    '* LIST (\\Subscribed \\HasNoChildren \\Drafts) "/" Brouillons',
    '* LIST (\\Subscribed \\HasNoChildren) "/" Classeurs',
    '* LIST (\\Subscribed \\HasNoChildren \\Trash) "/" Corbeille',
    '* LIST (\\Subscribed \\HasNoChildren \\Sent) "/" Envoy&AOk-s',
    '* LIST (\\Subscribed \\HasNoChildren \\Junk) "/" Ind&AOk-sirables',
    '* LIST (\\Subscribed \\HasChildren) "/" Projets',
    '* LIST (\\Subscribed \\HasChildren) "/" Projets/2024',
    '* LIST (\\Subscribed \\HasNoChildren) "/" Projets/2024/Mars',
    'a4 OK LIST completed',
  ]);
  const id = /MAILBOXID \((\w[\w-]*)\)/.exec(created ?? '')?.[1];
  const mars = (await fixture.services.mail.listMailboxes(fixture.accounts.paul)).find(
    (m) => m.name === 'Mars',
  );
  assert.equal(mars?.id, id);
});

test('CREATE of INBOX or of an existing name is NO [ALREADYEXISTS]', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'CREATE INBOX'), [
    'a1 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a2', 'CREATE inbox'), [
    'a2 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a3', 'CREATE Corbeille/'), [
    'a3 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
  assert.deepEqual(await client.command('a4', 'CREATE Envoy&AOk-s'), [
    'a4 NO [ALREADYEXISTS] Mailbox already exists',
  ]);
});

test('CREATE refuses invalid names with NO [CANNOT] and bad syntax with BAD', async (t) => {
  const { client } = await openMailboxSession(t);
  for (const [tag, name] of [
    ['a1', '"a//b"'],
    ['a2', '"/Racine"'],
    ['a3', '" Espace"'],
    ['a4', '"Fin "'],
    ['a5', '""'],
  ] as const) {
    assert.deepEqual(await client.command(tag, `CREATE ${name}`), [
      `${tag} NO [CANNOT] Invalid mailbox name: empty level, control character or surrounding space`,
    ]);
  }
  assert.deepEqual(await client.command('a6', `CREATE ${Array.from({ length: 33 }, () => 'x').join('/')}`), [
    'a6 NO [LIMIT] At most 32 levels of mailboxes',
  ]);
  for (const [tag, command] of [
    ['b1', 'CREATE'],
    ['b2', 'CREATE "Bo&AO4"'],
    ['b3', 'CREATE Dossier (FROB)'],
    ['b4', 'CREATE Dossier (USE \\Sent)'],
    ['b5', 'CREATE Dossier extra'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
  assert.deepEqual(
    await client.command('c1', 'LIST "" Dossier'),
    ['c1 OK LIST completed'],
    'nothing was created',
  );
});

test('CREATE (USE (\\Flagged)) gives the special use; a taken or unknown one is NO [USEATTR]', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.match((await client.command('a1', 'CREATE Suivis (USE (\\Flagged))')).at(-1) ?? '', MAILBOX_ID);
  assert.deepEqual(await client.command('a2', 'LIST "" Suivis'), [
    '* LIST (\\HasNoChildren \\Flagged) "/" Suivis',
    'a2 OK LIST completed',
  ]);
  assert.deepEqual(await client.command('a3', 'CREATE Autres/Envois (USE (\\Sent))'), [
    'a3 NO [USEATTR] Another mailbox already has this special use',
  ]);
  assert.deepEqual(await client.command('a4', 'CREATE Tout (use (\\All \\Archive))'), [
    'a4 NO [USEATTR] Only one of \\All \\Archive \\Drafts \\Flagged \\Important \\Junk \\Sent \\Trash',
  ]);
  assert.deepEqual(await client.command('a5', 'CREATE Tout (USE (\\Inbox))'), [
    'a5 NO [USEATTR] Only one of \\All \\Archive \\Drafts \\Flagged \\Important \\Junk \\Sent \\Trash',
  ]);
  assert.deepEqual(
    await client.command('a6', 'LIST "" "Autres*"'),
    ['a6 OK LIST completed'],
    'no level was made',
  );
  assert.match((await client.command('a7', 'CREATE Simple (USE ())')).at(-1) ?? '', MAILBOX_ID);
});

test('CREATE takes modified UTF-7 from rev1 clients and UTF-8 after ENABLE', async (t) => {
  const rev1 = await openMailboxSession(t);
  assert.match((await rev1.client.command('a1', 'CREATE Bo&AO4-te/&AMk-t&AOk-')).at(-1) ?? '', MAILBOX_ID);
  assert.deepEqual(await rev1.client.command('a2', 'LIST "" Bo*'), [
    '* LIST (\\HasChildren) "/" Bo&AO4-te',
    '* LIST (\\HasNoChildren) "/" Bo&AO4-te/&AMk-t&AOk-',
    'a2 OK LIST completed',
  ]);
  const utf8 = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  assert.match((await utf8.client.command('a1', 'CREATE "Boîte/Été"')).at(-1) ?? '', MAILBOX_ID);
  assert.deepEqual(await utf8.client.command('a2', 'LIST "" "Bo*"'), [
    '* LIST (\\HasChildren) "/" "Boîte"',
    '* LIST (\\HasNoChildren) "/" "Boîte/Été"',
    'a2 OK LIST completed',
  ]);
});

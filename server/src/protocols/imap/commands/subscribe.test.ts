// SUBSCRIBE, UNSUBSCRIBE and LSUB over a real session, with RFC 3501's \Noselect parents for `%`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

test('UNSUBSCRIBE and SUBSCRIBE change what LSUB and LIST (SUBSCRIBED) show', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'UNSUBSCRIBE Ind&AOk-sirables'), [
    'a1 OK UNSUBSCRIBE completed',
  ]);
  assert.deepEqual(await client.command('a2', 'UNSUBSCRIBE Ind&AOk-sirables'), [
    'a2 OK UNSUBSCRIBE completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LSUB "" *'), [
    '* LSUB () "/" INBOX',
    '* LSUB () "/" Archives',
    '* LSUB () "/" Brouillons',
    '* LSUB () "/" Corbeille',
    '* LSUB () "/" Envoy&AOk-s',
    'a3 OK LSUB completed',
  ]);
  assert.deepEqual(await client.command('a4', 'LIST (SUBSCRIBED) "" Ind*'), ['a4 OK LIST completed']);
  assert.deepEqual(await client.command('a5', 'SUBSCRIBE Ind&AOk-sirables'), ['a5 OK SUBSCRIBE completed']);
  assert.deepEqual(await client.command('a6', 'LSUB "" Ind*'), [
    '* LSUB () "/" Ind&AOk-sirables',
    'a6 OK LSUB completed',
  ]);
  assert.deepEqual(await client.command('a7', 'LSUB "" inbox'), [
    '* LSUB () "/" INBOX',
    'a7 OK LSUB completed',
  ]);
  assert.deepEqual(await client.command('a8', 'LSUB "" ""'), [
    '* LSUB (\\Noselect) "/" ""',
    'a8 OK LSUB completed',
  ]);
});

test('LSUB with % shows an unsubscribed parent of a subscribed mailbox as \\Noselect', async (t) => {
  const { client } = await openMailboxSession(t);
  await client.command('c1', 'CREATE Projets/2024/Mars');
  await client.command('c2', 'UNSUBSCRIBE Projets');
  await client.command('c3', 'UNSUBSCRIBE Projets/2024');
  assert.deepEqual(await client.command('a1', 'LSUB "" P%'), [
    '* LSUB (\\Noselect) "/" Projets',
    'a1 OK LSUB completed',
  ]);
  assert.deepEqual(await client.command('a2', 'LSUB Projets/ %'), [
    '* LSUB (\\Noselect) "/" Projets/2024',
    'a2 OK LSUB completed',
  ]);
  assert.deepEqual(await client.command('a3', 'LSUB "" P*'), [
    '* LSUB () "/" Projets/2024/Mars',
    'a3 OK LSUB completed',
  ]);
});

test('SUBSCRIBE to an unknown mailbox is NO [NONEXISTENT]; UNSUBSCRIBE from one is OK; UTF-8 names', async (t) => {
  const { client } = await openMailboxSession(t, { enable: 'UTF8=ACCEPT' });
  assert.deepEqual(await client.command('a1', 'SUBSCRIBE Nowhere'), ['a1 NO [NONEXISTENT] No such mailbox']);
  assert.deepEqual(await client.command('a2', 'UNSUBSCRIBE Nowhere'), ['a2 OK UNSUBSCRIBE completed']);
  assert.deepEqual(await client.command('a3', 'UNSUBSCRIBE "Envoyés"'), ['a3 OK UNSUBSCRIBE completed']);
  assert.deepEqual(await client.command('a4', 'LIST "" "Env*" RETURN (SUBSCRIBED)'), [
    '* LIST (\\HasNoChildren \\Sent) "/" "Envoyés"',
    'a4 OK LIST completed',
  ]);
  for (const [tag, command] of [
    ['b1', 'SUBSCRIBE'],
    ['b2', 'UNSUBSCRIBE a b'],
    ['b3', 'LSUB ""'],
    ['b4', 'LSUB "" * extra'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
});

// GETQUOTAROOT, GETQUOTA and SETQUOTA over a real session (RFC 9208): one root "", STORAGE in KiB.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMailboxSession } from './mailbox-commands.fixture.ts';

test('GETQUOTAROOT and GETQUOTA report the account quota, storage in KiB rounded up', async (t) => {
  const { client, fixture } = await openMailboxSession(t);
  await fixture.deliver('paul', 'Subject: un\n\nUn.\n');
  const quota = await fixture.services.mail.getQuota(fixture.accounts.paul);
  const line = `* QUOTA "" (STORAGE ${Math.ceil(quota.used.bytes / 1024)} ${Math.floor(quota.limit.bytes / 1024)} MESSAGE 1 ${quota.limit.messages})`;
  assert.equal(Math.ceil(quota.used.bytes / 1024), 1, 'a small message counts as one KiB');
  assert.deepEqual(await client.command('a1', 'GETQUOTAROOT inbox'), [
    '* QUOTAROOT INBOX ""',
    line,
    'a1 OK GETQUOTAROOT completed',
  ]);
  assert.deepEqual(await client.command('a2', 'GETQUOTAROOT Envoy&AOk-s'), [
    '* QUOTAROOT Envoy&AOk-s ""',
    line,
    'a2 OK GETQUOTAROOT completed',
  ]);
  assert.deepEqual(await client.command('a3', 'GETQUOTA ""'), [line, 'a3 OK GETQUOTA completed']);
});

test('unknown mailbox or root is NO [NONEXISTENT]; SETQUOTA is NO [NOPERM]; bad syntax is BAD', async (t) => {
  const { client } = await openMailboxSession(t);
  assert.deepEqual(await client.command('a1', 'GETQUOTAROOT Nowhere'), [
    'a1 NO [NONEXISTENT] No such mailbox',
  ]);
  assert.deepEqual(await client.command('a2', 'GETQUOTA "user.paul"'), [
    'a2 NO [NONEXISTENT] No such quota root',
  ]);
  assert.deepEqual(await client.command('a3', 'SETQUOTA "" (STORAGE 512)'), [
    'a3 NO [NOPERM] Quotas are set by the administrator',
  ]);
  for (const [tag, command] of [
    ['b1', 'GETQUOTAROOT'],
    ['b2', 'GETQUOTA'],
    ['b3', 'SETQUOTA "" STORAGE 512'],
    ['b4', 'SETQUOTA "" (STORAGE)'],
  ] as const) {
    const lines = await client.command(tag, command);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(`^${tag} BAD `));
  }
});

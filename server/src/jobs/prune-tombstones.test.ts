import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, openJobsFixture, rawMessage } from './jobs.fixture.ts';

/** tombstones.retention's default. */
const RETENTION_MS = 90 * DAY;

test('the tombstone job prunes expunge tombstones past the retention, after which VANISHED is no longer exact', async (t) => {
  const fixture = await openJobsFixture(t);
  const { mail } = fixture.services;
  const account = await fixture.newAccount();
  const first = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const inbox = first.uids[0]?.mailboxId ?? '';
  await mail.expunge(account.id, inbox, [1]);

  fixture.clock.advance(RETENTION_MS - HOUR);
  assert.deepEqual(await fixture.run('prune-tombstones'), { counts: { tombstones: 0 } });
  assert.deepEqual(await mail.vanishedSince(account.id, inbox, first.modseq), { uids: [1], isExact: true });

  fixture.clock.advance(2 * HOUR);
  assert.deepEqual(await fixture.run('prune-tombstones'), { counts: { tombstones: 1 } });
  assert.deepEqual(await mail.vanishedSince(account.id, inbox, first.modseq), { uids: [], isExact: false });
  assert.deepEqual(await fixture.run('prune-tombstones'), { counts: { tombstones: 0 } }, 'idempotent');
});

test('the tombstone retention is a setting', async (t) => {
  const fixture = await openJobsFixture(t, { VERCORS_TOMBSTONES_RETENTION: '2d' });
  const { mail } = fixture.services;
  const account = await fixture.newAccount();
  const imported = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await mail.expunge(account.id, imported.uids[0]?.mailboxId ?? '', [1]);
  fixture.clock.advance(2 * DAY + HOUR);
  assert.deepEqual(await fixture.run('prune-tombstones'), { counts: { tombstones: 1 } });
});

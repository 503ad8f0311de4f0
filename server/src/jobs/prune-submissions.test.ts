import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DESTROYED_SUBMISSION_RETENTION_MS,
  SUBMISSION_RETENTION_MS,
  SUBMISSION_TYPE,
} from '#domain/submission';
import { DAY, HOUR, openJobsFixture, type JobsFixture } from './jobs.fixture.ts';

/** A submission row as EmailSubmission/set leaves it, released at `sendAt`. */
async function insertSubmission(
  fixture: JobsFixture,
  accountId: string,
  id: string,
  row: { sendAt: number; undoStatus: string; destroyedAt?: number; createdAt?: number },
) {
  await fixture.services.database.write(async (tx) => {
    await tx.db
      .insertInto('email_submissions')
      .values({
        id,
        account_id: accountId,
        identity_id: 'i1',
        email_id: 'e1',
        thread_id: 't1',
        queue_id: null,
        envelope: JSON.stringify({ mailFrom: { email: 'a@ac-test.fr', parameters: null }, rcptTo: [] }),
        recipient_count: 1,
        send_at: row.sendAt,
        undo_status: row.undoStatus,
        delivery_status: '{}',
        destroyed_at: row.destroyedAt ?? null,
        created_at: row.createdAt ?? row.sendAt,
        updated_at: row.sendAt,
      })
      .execute();
    await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'created');
  });
}

test('finished submissions are destroyed after 30 days, destroyed records go after the limits’ window', async (t) => {
  const fixture = await openJobsFixture(t);
  const account = await fixture.newAccount();
  const now = fixture.clock.nowMs();
  await insertSubmission(fixture, account.id, 'old-final', {
    sendAt: now - SUBMISSION_RETENTION_MS - DAY,
    undoStatus: 'final',
  });
  await insertSubmission(fixture, account.id, 'old-canceled', {
    sendAt: now - SUBMISSION_RETENTION_MS - DAY,
    undoStatus: 'canceled',
  });
  await insertSubmission(fixture, account.id, 'recent-final', { sendAt: now - DAY, undoStatus: 'final' });
  // Held for a far release (a client cannot schedule that far, but the row must survive whatever its age).
  await insertSubmission(fixture, account.id, 'old-pending', {
    sendAt: now - SUBMISSION_RETENTION_MS - DAY,
    undoStatus: 'pending',
  });
  await insertSubmission(fixture, account.id, 'destroyed-recently', {
    sendAt: now - 30 * 60_000,
    undoStatus: 'final',
    destroyedAt: now - 10 * 60_000,
  });
  await insertSubmission(fixture, account.id, 'destroyed-long-ago', {
    sendAt: now - DESTROYED_SUBMISSION_RETENTION_MS - HOUR,
    undoStatus: 'final',
    destroyedAt: now - DESTROYED_SUBMISSION_RETENTION_MS,
  });
  const before = await fixture.services.database.db
    .selectFrom('accounts')
    .select('modseq')
    .where('id', '=', account.id)
    .executeTakeFirstOrThrow();

  assert.deepEqual(await fixture.run('prune-submissions'), { counts: { expired: 2, removed: 1 } });
  const left = await fixture.services.database.db
    .selectFrom('email_submissions')
    .select('id')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    left.map((row) => row.id),
    ['destroyed-recently', 'old-pending', 'recent-final'],
  );
  const changes = await fixture.services.database.db
    .selectFrom('change_log')
    .select(['object_id', 'kind'])
    .where('account_id', '=', account.id)
    .where('type', '=', SUBMISSION_TYPE)
    .where('modseq', '>', Number(before.modseq))
    .execute();
  assert.deepEqual(
    changes.map((change) => [change.object_id, change.kind]).sort(),
    [
      ['old-canceled', 'destroyed'],
      ['old-final', 'destroyed'],
    ],
    'clients see the expired ones destroyed',
  );
  assert.deepEqual(await fixture.run('prune-submissions'), { counts: { expired: 0, removed: 0 } });
  fixture.clock.advance(DESTROYED_SUBMISSION_RETENTION_MS);
  assert.deepEqual(await fixture.run('prune-submissions'), { counts: { expired: 0, removed: 1 } });
});

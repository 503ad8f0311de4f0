import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, openJobsFixture } from './jobs.fixture.ts';

test('prune-helpdesk-records forgets NUMEN checks older than a day and keeps recent ones', async (t) => {
  const fixture = await openJobsFixture(t);
  const account = await fixture.newAccount();
  const now = fixture.clock.nowMs();
  await fixture.services.database.write(async ({ db }) => {
    await db
      .insertInto('numen_checks')
      .values([
        {
          id: 'old',
          account_id: account.id,
          actor_account_id: null,
          checked_at: now - 2 * DAY,
          result: 'match',
        },
        {
          id: 'new',
          account_id: account.id,
          actor_account_id: null,
          checked_at: now - 60_000,
          result: 'mismatch',
        },
      ])
      .execute();
  });
  const report = await fixture.run('prune-helpdesk-records');
  assert.deepEqual(report, { counts: { numenChecks: 1, activationCodes: 0 }, hasMore: false });
  const left = await fixture.services.database.db.selectFrom('numen_checks').select('id').execute();
  assert.deepEqual(
    left.map((row) => row.id),
    ['new'],
  );
});

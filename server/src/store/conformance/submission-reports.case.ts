// Conformance cases about the reports linked to a submission (migration 21): what finds a submission from a
// report, links ordered by position and unique in it, and links going with their submission.

import assert from 'node:assert/strict';
import { StoreError } from '#core/errors';
import type { Database } from '../store.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

async function addSubmission(database: Database, accountId: string, id: string): Promise<void> {
  await database.write(async ({ db }) => {
    await db
      .insertInto('email_submissions')
      .values({
        id,
        account_id: accountId,
        identity_id: 'i1',
        email_id: 'e1',
        thread_id: 't1',
        queue_id: null,
        envelope: '{}',
        recipient_count: 1,
        send_at: 1,
        undo_status: 'final',
        delivery_status: '{}',
        destroyed_at: null,
        created_at: 1,
        updated_at: 1,
        message_id: `${id}@example.test`,
        envelope_id: id,
      })
      .execute();
  });
}

const link = (submissionId: string, position: number, kind: string, emailId: string) => ({
  submission_id: submissionId,
  account_id: 'acc-reports',
  position,
  kind,
  email_id: emailId,
  created_at: 2,
});

export const submissionReportCases: readonly ConformanceCase[] = [
  {
    name: 'a submission is found by ENVID or Message-ID, its reports read in order and go with it',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-reports');
      await addSubmission(database, 'acc-reports', 'sub-1');
      await addSubmission(database, 'acc-reports', 'sub-2');
      const found = await database.db
        .selectFrom('email_submissions')
        .select('id')
        .where('account_id', '=', 'acc-reports')
        .where((eb) =>
          eb.or([eb('envelope_id', 'in', ['sub-2', 'other']), eb('message_id', '=', 'sub-1@example.test')]),
        )
        .orderBy('id')
        .execute();
      assert.deepStrictEqual(found, [{ id: 'sub-1' }, { id: 'sub-2' }]);

      await database.write(async ({ db }) => {
        await db
          .insertInto('submission_reports')
          .values([
            link('sub-1', 1, 'mdn', 'e-mdn'),
            link('sub-1', 0, 'dsn', 'e-dsn'),
            link('sub-2', 0, 'dsn', 'e-2'),
          ])
          .execute();
      });
      const rows = await database.db
        .selectFrom('submission_reports')
        .selectAll()
        .where('submission_id', '=', 'sub-1')
        .orderBy('position')
        .execute();
      assert.deepStrictEqual(rows, [link('sub-1', 0, 'dsn', 'e-dsn'), link('sub-1', 1, 'mdn', 'e-mdn')]);

      // One report per position, and a link only to a submission that exists.
      for (const row of [link('sub-1', 1, 'dsn', 'e-again'), link('sub-gone', 0, 'dsn', 'e-x')]) {
        await assert.rejects(
          database.write(({ db }) => db.insertInto('submission_reports').values(row).execute()),
          (error) => error instanceof StoreError && error.code === 'conflict',
        );
      }

      await database.write(({ db }) =>
        db.deleteFrom('email_submissions').where('id', '=', 'sub-1').execute(),
      );
      const left = await database.db.selectFrom('submission_reports').select('email_id').execute();
      assert.deepStrictEqual(left, [{ email_id: 'e-2' }]);
    },
  },
];

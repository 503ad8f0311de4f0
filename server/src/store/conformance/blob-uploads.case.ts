// Conformance cases about the blob_uploads table (migration 8): an upload row holds its blob and belongs to its
// account, on every backend alike.

import assert from 'node:assert/strict';
import { StoreError } from '#core/errors';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

const BLOB_ID = 'b'.repeat(64);

const isConflict = (error: unknown) => {
  assert.ok(
    error instanceof StoreError && error.code === 'conflict',
    `expected a conflict, got ${String(error)}`,
  );
  return true;
};

export const blobUploadCases: readonly ConformanceCase[] = [
  {
    name: 'an upload row keeps its blob row and goes with its account',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-up', 'acc-other');
      const upload = (id: string, accountId: string) => ({
        id,
        account_id: accountId,
        blob_id: BLOB_ID,
        type: 'application/pdf; name="cr.pdf"',
        size: 2 ** 40,
        created_at: 1_700_000_000_000,
      });
      await database.write(async ({ db }) => {
        await db
          .insertInto('blobs')
          .values({ id: BLOB_ID, size: 2 ** 40, refcount: 2, unreferenced_since: null, created_at: 1 })
          .execute();
        await db
          .insertInto('blob_uploads')
          .values([upload('u1', 'acc-up'), upload('u2', 'acc-other')])
          .execute();
      });
      assert.deepStrictEqual(
        await database.db.selectFrom('blob_uploads').selectAll().orderBy('id').execute(),
        [upload('u1', 'acc-up'), upload('u2', 'acc-other')],
      );

      // The blob row cannot go while an upload points at it, nor can an upload point at no blob.
      await assert.rejects(
        database.write(async ({ db }) => {
          await db.deleteFrom('blobs').execute();
        }),
        isConflict,
      );
      await assert.rejects(
        database.write(async ({ db }) => {
          await db
            .insertInto('blob_uploads')
            .values({ ...upload('u3', 'acc-up'), blob_id: 'c'.repeat(64) })
            .execute();
        }),
        isConflict,
      );

      await database.write(async ({ db }) => {
        await db.deleteFrom('accounts').where('id', '=', 'acc-up').execute();
      });
      assert.deepStrictEqual(await database.db.selectFrom('blob_uploads').select('id').execute(), [
        { id: 'u2' },
      ]);
    },
  },
];

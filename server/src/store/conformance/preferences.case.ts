// Conformance cases about the preferences table (migration 22): one row per account, replaced whole by an
// upsert (what the preferences module writes), the longest sender list kept to the byte, flags and counts as
// plain numbers, and the row going with its account.

import assert from 'node:assert/strict';
import type { Insertable } from 'kysely';
import { StoreError } from '#core/errors';
import type { PreferencesTable } from '../schema.ts';
import type { Database } from '../store.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

const row = (accountId: string, overrides: Partial<PreferencesTable> = {}): Insertable<PreferencesTable> => ({
  account_id: accountId,
  read_receipts: 'ask',
  request_read_receipts: 0,
  undo_send_seconds: 10,
  conversation_view: 1,
  remote_images_from: '[]',
  compose_format: 'html',
  updated_at: 1_700_000_000_000,
  ...overrides,
});

/** Insert, or replace every column but the account: the module's one write. */
async function upsert(database: Database, values: Insertable<PreferencesTable>): Promise<void> {
  const { account_id: _accountId, ...columns } = values;
  await database.write(({ db }) =>
    db
      .insertInto('preferences')
      .values(values)
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet(columns))
      .execute(),
  );
}

export const preferencesCases: readonly ConformanceCase[] = [
  {
    name: 'a preferences row is one per account, replaced whole by an upsert, and goes with its account',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-prefs-1', 'acc-prefs-2');
      // 1,000 senders of up to 255 bytes, some beyond ASCII: the longest list the module stores.
      const senders = Array.from(
        { length: 1000 },
        (_, index) =>
          `${'é'.repeat(63)}${String(index).padStart(4, '0')}@${'x'.repeat(60)}.${'y'.repeat(60)}.fr`,
      );
      assert.equal(Buffer.byteLength(senders[0] ?? ''), 255);
      await upsert(database, row('acc-prefs-1'));
      await upsert(database, row('acc-prefs-2', { compose_format: 'text' }));
      const changed = row('acc-prefs-1', {
        read_receipts: 'never',
        request_read_receipts: 1,
        undo_send_seconds: 30,
        conversation_view: 0,
        remote_images_from: JSON.stringify(senders),
        updated_at: 1_800_000_000_000,
      });
      await upsert(database, changed);
      const rows = await database.db.selectFrom('preferences').selectAll().orderBy('account_id').execute();
      assert.deepStrictEqual(rows, [changed, row('acc-prefs-2', { compose_format: 'text' })]);
      assert.deepStrictEqual(JSON.parse(rows[0]?.remote_images_from ?? ''), senders);

      await assert.rejects(
        database.write(({ db }) => db.insertInto('preferences').values(row('acc-prefs-2')).execute()),
        (error) => error instanceof StoreError && error.code === 'conflict',
      );
      await assert.rejects(
        database.write(({ db }) => db.insertInto('preferences').values(row('acc-nobody')).execute()),
        (error) => error instanceof StoreError && error.code === 'conflict',
      );
      await database.write(({ db }) => db.deleteFrom('accounts').where('id', '=', 'acc-prefs-1').execute());
      const left = await database.db.selectFrom('preferences').select('account_id').execute();
      assert.deepStrictEqual(left, [{ account_id: 'acc-prefs-2' }]);
    },
  },
];

// Migration 15: account activity (identity issue, lifecycle). accounts.last_activity_at is the last login or
// session use through any protocol, written at most once an hour. The inactivity job suspends people whose last
// activity is older than lifecycle.inactivity-suspension.
// Existing accounts start at the time of this migration, not at their created_at. No activity was recorded
// before this version, so created_at would make every account older than the period look inactive. The job's
// first run after the upgrade would then suspend people who log in every day. Starting now gives everybody
// a full period from the upgrade, and those who really left are suspended one period later.
// The column is nullable because SQLite cannot add a NOT NULL column without a constant default. Account
// creation always sets it, and a null (a row made some other way) is never suspended for inactivity.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('last_activity_at', 'bigint').execute();
  const typed = db as Kysely<{ accounts: { last_activity_at: number | null } }>;
  await typed.updateTable('accounts').set({ last_activity_at: Date.now() }).execute();
  // The inactivity job reads the active accounts with the oldest activity first.
  await db.schema
    .createIndex('accounts_status_last_activity_idx')
    .on('accounts')
    .columns(['status', 'last_activity_at'])
    .execute();
}

export const accountActivity: Migration = { version: 15, name: 'account-activity', up };

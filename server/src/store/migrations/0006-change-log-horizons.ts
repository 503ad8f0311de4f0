// Migration 6: the change log's pruned horizons (DATA-MODEL.md §1). One row per account and object type: the
// highest modseq whose change-log rows the pruning job removed while they were the only word about a change
// (a destroyed object's last row). /changes since an older state then answers cannotCalculateChanges instead
// of silently leaving the destroy out. Portable schema builder only; no row means nothing was pruned.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_log_horizons')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Per type, not per account: a JMAP state is per type, and a Mailbox state must not be refused because
    // an Email was destroyed long ago.
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('pruned_modseq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_log_horizons_pkey', ['account_id', 'type'])
    .execute();
}

export const changeLogHorizons: Migration = { version: 6, name: 'change-log-horizons', up };

// Migration 16: helpdesk recovery (identity issue, "never by e-mail") — the NUMEN kept as an argon2id hash for
// the helpdesk's identity check, the checks made (counted to throttle guessing, and read back when a code is
// issued), and the one-time activation codes the helpdesk hands out. Portable schema builder only.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  // argon2id PHC string of the normalised NUMEN (13 upper-case letters and digits); null: none on file.
  await db.schema.alterTable('accounts').addColumn('numen_hash', 'text').execute();

  // One NUMEN check by the helpdesk: `pending` while the hash is verified (it counts as a wrong answer until
  // then, so concurrent guesses cannot slip past the limit), then `match` or `mismatch`.
  await db.schema
    .createTable('numen_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Who checked (null: the system, i.e. the command line). No foreign key: the row outlives its actor.
    .addColumn('actor_account_id', 'text')
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('numen_checks_account_idx')
    .on('numen_checks')
    .columns(['account_id', 'checked_at'])
    .execute();
  await db.schema
    .createIndex('numen_checks_actor_idx')
    .on('numen_checks')
    .columns(['actor_account_id', 'checked_at'])
    .execute();

  await db.schema
    .createTable('activation_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // SHA-256 hex of the account id and the normalised code; the code itself is shown once and never kept.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    // Who issued it, as they were then (null: the system).
    .addColumn('issued_by_account_id', 'text')
    .addColumn('issued_by_email', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Set once, by the activation that used it: a conditional update, so a code works exactly once.
    .addColumn('used_at', 'bigint')
    // JSON: the identity checks recorded when it was issued ({"numen":true,"professionalCard":false}).
    .addColumn('checks', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activation_codes_account_idx')
    .on('activation_codes')
    .column('account_id')
    .execute();
}

export const helpdeskRecovery: Migration = { version: 16, name: 'helpdesk-recovery', up };

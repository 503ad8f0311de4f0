// Migration 1: every table of schema.ts except schema_migrations (the runner creates that one first).
// Portable Kysely schema builder only: 'bigint' is int8 in PostgreSQL and a (always 64-bit) INTEGER in SQLite.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('domains_name_key', ['name'])
    .execute();

  await db.schema
    .createTable('establishments')
    .addColumn('uai', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('commune', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domain_id', 'text', (c) => c.notNull().references('domains.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'bigint')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('profile_category', 'text', (c) => c.notNull())
    // An establishment closing must not take its staff's mailboxes with it.
    .addColumn('establishment_uai', 'text', (c) => c.references('establishments.uai').onDelete('set null'))
    .addColumn('quota_bytes', 'bigint')
    .addColumn('quota_messages', 'bigint')
    .addColumn('used_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('used_messages', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', 'bigint')
    .addColumn('modseq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('accounts_email_key', ['email'])
    .execute();
  // Foreign keys are checked from the parent side on delete; these make that an index lookup.
  await db.schema.createIndex('accounts_domain_id_idx').on('accounts').column('domain_id').execute();
  await db.schema
    .createIndex('accounts_establishment_uai_idx')
    .on('accounts')
    .column('establishment_uai')
    .execute();

  await db.schema
    .createTable('account_aliases')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_aliases_account_id_idx')
    .on('account_aliases')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('account_roles')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_roles_pkey', ['account_id', 'role', 'scope'])
    .execute();
  // "Who administers establishment X" is asked by the admin UI and by authorisation checks.
  await db.schema
    .createIndex('account_roles_role_scope_idx')
    .on('account_roles')
    .columns(['role', 'scope'])
    .execute();

  await db.schema
    .createTable('change_log')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Leading (account_id, modseq): "everything since modseq N" is one range scan of the primary key.
    .addPrimaryKeyConstraint('change_log_pkey', ['account_id', 'modseq', 'type', 'object_id'])
    .execute();
  // JMAP Foo/changes and per-type state read one type since a modseq.
  await db.schema
    .createIndex('change_log_type_idx')
    .on('change_log')
    .columns(['account_id', 'type', 'modseq'])
    .execute();
  // The newest change of one object: its IMAP MODSEQ, and what pruning must keep.
  await db.schema
    .createIndex('change_log_object_idx')
    .on('change_log')
    .columns(['account_id', 'type', 'object_id', 'modseq'])
    .execute();
  // Pruning walks the oldest rows first.
  await db.schema.createIndex('change_log_created_at_idx').on('change_log').column('created_at').execute();

  await db.schema
    .createTable('blobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('refcount', 'bigint', (c) => c.notNull())
    .addColumn('unreferenced_since', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Garbage collection looks only at unreferenced blobs, a small fraction of the table.
  await db.schema
    .createIndex('blobs_unreferenced_since_idx')
    .on('blobs')
    .column('unreferenced_since')
    .where('unreferenced_since', 'is not', null)
    .execute();
}

export const initial: Migration = { version: 1, name: 'initial', up };

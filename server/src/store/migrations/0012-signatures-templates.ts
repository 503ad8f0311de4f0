// Migration 12: Vercors's composing aids (urn:vercors:jmap, docs/jmap.md): several signatures per sending
// identity, each marked for internal or external recipients and a tone, so the composer picks one by context
// (Signature/choose); and the account's reply templates. Portable schema builder only, as 0009 and 0011.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The domain deletes an identity's signatures itself (with their change-log rows); the cascade is a net.
    .addColumn('identity_id', 'text', (c) =>
      c.notNull().references('sending_identities.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('text_signature', 'text', (c) => c.notNull())
    .addColumn('html_signature', 'text', (c) => c.notNull())
    // 0/1: chosen for messages whose recipients are all in served domains / for any other.
    .addColumn('for_internal', 'integer', (c) => c.notNull())
    .addColumn('for_external', 'integer', (c) => c.notNull())
    // 'formal', 'informal', or null for either.
    .addColumn('tone', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Every read lists one account's signatures; the bound per identity counts one identity's.
  await db.schema.createIndex('signatures_account_id_idx').on('signatures').column('account_id').execute();
  await db.schema.createIndex('signatures_identity_id_idx').on('signatures').column('identity_id').execute();

  await db.schema
    .createTable('reply_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Null: the reply keeps its own subject.
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reply_templates_account_id_idx')
    .on('reply_templates')
    .column('account_id')
    .execute();
}

export const signaturesTemplates: Migration = { version: 12, name: 'signatures-templates', up };

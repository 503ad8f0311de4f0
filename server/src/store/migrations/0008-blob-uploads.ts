// Migration 8: blob uploads (RFC 8620 §6.1). One row per upload: the account, the content in the blob store
// (which the row holds a reference on, so the collector keeps it while the row exists), the media type the
// client declared, the size and when it came. Uploads expire after a day (domain/mail/uploads.ts); the job
// that deletes them drops the reference, after which the content is collectable like any other.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blob_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('blob_id', 'text', (c) => c.notNull().references('blobs.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // The per-account bounds count an account's uploads; expiry walks the oldest rows first.
  await db.schema
    .createIndex('blob_uploads_account_id_idx')
    .on('blob_uploads')
    .column('account_id')
    .execute();
  await db.schema
    .createIndex('blob_uploads_created_at_idx')
    .on('blob_uploads')
    .column('created_at')
    .execute();
}

export const blobUploads: Migration = { version: 8, name: 'blob-uploads', up };

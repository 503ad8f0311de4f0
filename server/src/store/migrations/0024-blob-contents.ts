// Migration 24: small blobs kept in the database (store/blobs-in-database.ts, docs/decisions/0009). A row holds
// the content of one blob of the `blobs` table: written by the transaction that first references it, so a
// small message costs no file, no fsync and no folder fsync of its own, and removed by the garbage collector in
// the transaction that removes the `blobs` row. Larger blobs stay in files, as every blob did before.
// No foreign key: the collector deletes both rows itself, and counts what it removed from what it deletes.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('blob_contents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
}

export const blobContents: Migration = { version: 24, name: 'blob-contents', up };

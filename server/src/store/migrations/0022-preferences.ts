// Migration 22: each account's webmail preferences (JMAP Preferences, urn:vercors:jmap, docs/jmap.md): what to do
// with read-receipt requests, whether to ask for receipts, the undo-send delay, conversation view, the senders
// whose remote images show without asking, and the composer's format. One row per account, made on its first
// change (no row: the defaults); the language and time zone stay the account row's own. Portable schema builder
// only, as 0011 and 0012.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('preferences')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // 'ask', 'always' or 'never'.
    .addColumn('read_receipts', 'text', (c) => c.notNull())
    // 0/1.
    .addColumn('request_read_receipts', 'integer', (c) => c.notNull())
    // 0 to 30; 0: no undo.
    .addColumn('undo_send_seconds', 'integer', (c) => c.notNull())
    // 0/1.
    .addColumn('conversation_view', 'integer', (c) => c.notNull())
    // JSON array of lower-case addresses and "@domain" entries: read whole, never queried inside.
    .addColumn('remote_images_from', 'text', (c) => c.notNull())
    // 'html' or 'text'.
    .addColumn('compose_format', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const preferences: Migration = { version: 22, name: 'preferences', up };

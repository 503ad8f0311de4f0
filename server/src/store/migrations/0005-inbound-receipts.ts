// Migration 5: inbound delivery receipts. One row per recipient copy stored by SMTP delivery, keyed by a
// hash of the envelope and the message bytes, so a sender that retries after a 4xx (or after a reply it
// never saw) does not get a second copy stored (docs/decisions/0006-inbound-delivery-replies.md).

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_receipts')
    // SHA-256 hex of (reverse path, recipient, message bytes); see domain/delivery/inbound-receipts.ts.
    .addColumn('delivery_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('email_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Pruning walks the oldest rows first.
  await db.schema
    .createIndex('inbound_receipts_created_at')
    .on('inbound_receipts')
    .column('created_at')
    .execute();
}

export const inboundReceipts: Migration = { version: 5, name: 'inbound-receipts', up };

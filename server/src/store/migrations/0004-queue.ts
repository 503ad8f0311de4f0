// Migration 4: the outbound queue (messages and their recipients, each recipient with its own state, due time
// and lease) and the DKIM signing keys per domain (DATA-MODEL.md §3). Portable Kysely schema builder only.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queue_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The row holds one reference on the blob (addBlobReference) until its last recipient is done; then the
    // reference is dropped and blob_id set to null, so the collector may take the content.
    .addColumn('blob_id', 'text', (c) => c.references('blobs.id'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    // '' is the null reverse-path (MAIL FROM:<>) of bounces and other notifications.
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // Who submitted it; a deleted account must not take mail already accepted for delivery with it.
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('dkim_domain', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    // RFC 3461 ENVID and RET, passed on to the next hop and quoted in our own DSNs.
    .addColumn('envid', 'text')
    .addColumn('dsn_ret', 'text')
    .addColumn('is_8bit', 'integer', (c) => c.notNull())
    .addColumn('needs_smtputf8', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  // `queue list` pages by arrival; purging finished messages walks completed_at.
  await db.schema
    .createIndex('queue_messages_created_at_idx')
    .on('queue_messages')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('queue_messages_completed_at_idx')
    .on('queue_messages')
    .column('completed_at')
    .where('completed_at', 'is not', null)
    .execute();
  // Deleting a blob row checks that nothing references it: an index lookup, not a scan.
  await db.schema.createIndex('queue_messages_blob_id_idx').on('queue_messages').column('blob_id').execute();
  await db.schema
    .createIndex('queue_messages_account_id_idx')
    .on('queue_messages')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('queue_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('queue_messages.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    // The recipient's domain as A-labels: what routing, MX lookup and per-domain concurrency key on.
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // When the recipient is due: the next retry, or (state active) when its lease runs out.
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_reply', 'text')
    .addColumn('remote_mta', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('bounced_at', 'bigint')
    .addColumn('delay_warned_at', 'bigint')
    .addColumn('dsn_notify', 'text')
    .addColumn('dsn_orcpt', 'text')
    .addUniqueConstraint('queue_recipients_message_recipient_key', ['message_id', 'recipient'])
    .execute();
  // The runner's scan: "due now" is a range of this index for each claimable state.
  await db.schema
    .createIndex('queue_recipients_due_idx')
    .on('queue_recipients')
    .columns(['state', 'next_attempt_at'])
    .execute();
  // Per-destination concurrency counts the leased recipients of one domain; `queue list --domain` too.
  await db.schema
    .createIndex('queue_recipients_domain_idx')
    .on('queue_recipients')
    .columns(['domain', 'state'])
    .execute();

  await db.schema
    .createTable('dkim_keys')
    // A domain no longer served signs nothing: its keys go with it.
    .addColumn('domain', 'text', (c) => c.notNull().references('domains.name').onDelete('cascade'))
    .addColumn('selector', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dkim_keys_pkey', ['domain', 'selector'])
    .execute();
  // At most one signing key per domain; the others wait for their DNS record or are retired.
  await db.schema
    .createIndex('dkim_keys_active_key')
    .on('dkim_keys')
    .column('domain')
    .unique()
    .where(sql.ref('is_active'), '=', 1)
    .execute();
}

export const queue: Migration = { version: 4, name: 'queue', up };

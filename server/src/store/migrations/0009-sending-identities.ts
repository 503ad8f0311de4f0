// Migration 9: sending identities (JMAP Identity, RFC 8621 §6): the From address, name, Reply-To, Bcc and
// signatures a user writes with. The server keeps one identity per address the account may send from (the
// `is_automatic` rows, made lazily by domain/mail/sending-identity-sync.ts); users add more for the same
// addresses. Portable schema builder only, as 0004 and 0006.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sending_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Lower case, as accounts and aliases store addresses.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON arrays of {name, email}, or null for none (JMAP's EmailAddress[] | null).
    .addColumn('reply_to', 'text')
    .addColumn('bcc', 'text')
    .addColumn('text_signature', 'text', (c) => c.notNull())
    .addColumn('html_signature', 'text', (c) => c.notNull())
    // 0/1: the server made it for its address; the primary address's one cannot be destroyed.
    .addColumn('is_automatic', 'integer', (c) => c.notNull())
    // Set when the user destroyed an automatic identity: the row stays, so it is not made again while the
    // address is the account's (null for live identities).
    .addColumn('destroyed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Every read lists one account's identities.
  await db.schema
    .createIndex('sending_identities_account_id_idx')
    .on('sending_identities')
    .column('account_id')
    .execute();
  // One automatic identity per address of an account, even with two writers racing to make it.
  await db.schema
    .createIndex('sending_identities_automatic_key')
    .on('sending_identities')
    .columns(['account_id', 'email'])
    .unique()
    .where(sql.ref('is_automatic'), '=', 1)
    .execute();
}

export const sendingIdentities: Migration = { version: 9, name: 'sending-identities', up };

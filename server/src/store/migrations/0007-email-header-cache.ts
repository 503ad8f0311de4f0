// Migration 7: the header cache of each email (formats/mime/header-cache.ts): the raw lines of the fields mail
// clients list folders with, so IMAP answers BODY.PEEK[HEADER.FIELDS (…)] without opening the message. Octets,
// not text: a header may hold any byte. Null for emails stored before this migration and for selections over
// the size limit; those are read from the blob store as before.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .alterTable('emails')
    .addColumn('header_cache', dialect === 'postgres' ? 'bytea' : 'blob')
    .execute();
}

export const emailHeaderCache: Migration = { version: 7, name: 'email-header-cache', up };

// Migration 19: server_keys — the fingerprint of each key the server keeps outside the database (the secrets
// key that seals TOTP seeds, core/secret-box.ts), so a node started with another key (a second node given a
// fresh key instead of a copy, a restored data folder without its key) refuses to start instead of failing
// every second-factor login. Only a fingerprint: the key itself never enters the database.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const serverKeys: Migration = { version: 19, name: 'server-keys', up };

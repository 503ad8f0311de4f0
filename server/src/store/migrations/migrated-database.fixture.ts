// For the tests of one migration: a SQLite database in a temporary folder, migrated to just before `version`,
// with the test domain and `accounts` in it, removed when the test ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { TestContext } from 'node:test';
import { Kysely } from 'kysely';
import { accountRow, TEST_DOMAIN_ID } from '../conformance/test-accounts.ts';
import type { DatabaseSchema } from '../schema.ts';
import { nodeSqliteDialect } from '../sqlite/node-sqlite-dialect.ts';
import { mapSqliteError } from '../sqlite/sqlite-errors.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { MIGRATIONS } from './migration-list.ts';
import { type MigrationReport, runMigrations } from './run-migrations.ts';

export interface DatabaseBeforeMigration {
  readonly db: Kysely<DatabaseSchema>;
  /** Run the migrations up to and including `version`. */
  migrate(): Promise<MigrationReport>;
}

export async function databaseBefore(
  t: TestContext,
  version: number,
  accounts: readonly string[],
): Promise<DatabaseBeforeMigration> {
  const folder = await mkdtemp(join(tmpdir(), `vercors-migration-${version}-`));
  const database = new DatabaseSync(join(folder, 'db.sqlite'));
  const dialect = nodeSqliteDialect({ database, beginStatement: 'begin immediate', busyTimeoutMs: 1_000 });
  const db = new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
  t.after(async () => {
    await db.destroy();
    await rm(folder, { recursive: true, force: true });
  });
  await runMigrations(db, 'sqlite', {
    migrations: MIGRATIONS.filter((migration) => migration.version < version),
  });
  await db
    .insertInto('domains')
    .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 1 })
    .execute();
  if (accounts.length > 0)
    await db
      .insertInto('accounts')
      .values(accounts.map((id) => accountRow(id)))
      .execute();
  return {
    db,
    migrate: () =>
      runMigrations(db, 'sqlite', {
        migrations: MIGRATIONS.filter((migration) => migration.version <= version),
      }),
  };
}

/** An `emails` row with empty fields, for tests that put mail in a database before their migration. */
export function emailRow(fields: {
  readonly id: string;
  readonly accountId: string;
  readonly blobId: string;
  readonly threadId: string;
  readonly messageId?: string | null;
  readonly headerCache?: Uint8Array | null;
}) {
  return {
    id: fields.id,
    account_id: fields.accountId,
    blob_id: fields.blobId,
    thread_id: fields.threadId,
    size: 10,
    received_at: 1,
    sent_at: null,
    message_id: fields.messageId ?? null,
    in_reply_to: '[]',
    message_references: '[]',
    subject: '',
    normalized_subject: '',
    from_addresses: '[]',
    sender_addresses: '[]',
    reply_to_addresses: '[]',
    to_addresses: '[]',
    cc_addresses: '[]',
    bcc_addresses: '[]',
    preview: '',
    has_attachment: 0,
    structure: '{}',
    keywords: '[]',
    modseq: 1,
    created_at: 1,
    header_cache: fields.headerCache ?? null,
  };
}

// Migration 23 on a database with indexed documents: the trigram table is rebuilt with detail=column, every
// row and its kept text come across under the same rowid, a trigram still finds them, and removing a
// document still removes its rows (the trigger made again).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { accountRow, TEST_DOMAIN_ID } from '../conformance/test-accounts.ts';
import type { DatabaseSchema } from '../schema.ts';
import { nodeSqliteDialect } from '../sqlite/node-sqlite-dialect.ts';
import { mapSqliteError } from '../sqlite/sqlite-errors.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { MIGRATIONS } from './migration-list.ts';
import { runMigrations } from './run-migrations.ts';

const DOCUMENTS = [
  { docId: 1_073_741_824, objectId: 'e1', subject: 'conseil de classe', body: 'le bulletin arrive' },
  { docId: 1_073_741_825, objectId: 'e2', subject: 'sortie a orleans', body: 'depart a 8 h' },
];

test('the trigram table keeps its rows and text with detail=column, and the delete trigger still works', async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-migration-23-'));
  const database = new DatabaseSync(join(folder, 'db.sqlite'));
  const dialect = nodeSqliteDialect({ database, beginStatement: 'begin immediate', busyTimeoutMs: 1_000 });
  const db = new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
  t.after(async () => {
    await db.destroy();
    await rm(folder, { recursive: true, force: true });
  });
  await runMigrations(db, 'sqlite', { migrations: MIGRATIONS.filter((migration) => migration.version < 23) });
  await db
    .insertInto('domains')
    .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 1 })
    .execute();
  await db.insertInto('accounts').values(accountRow('acc-1')).execute();
  await sql`insert into search_accounts (account_id, number) values ('acc-1', 1)`.execute(db);
  for (const { docId, objectId, subject, body } of DOCUMENTS) {
    await sql`insert into search_documents (doc_id, account_id, object_id) values (${docId}, 'acc-1', ${objectId})`.execute(
      db,
    );
    await sql`insert into search_substrings (rowid, subject, body) values (${docId}, ${subject}, ${body})`.execute(
      db,
    );
  }

  const upTo23 = MIGRATIONS.filter((migration) => migration.version <= 23);
  assert.deepEqual(await runMigrations(db, 'sqlite', { migrations: upTo23 }), { applied: [23], version: 23 });

  const definition = await sql<{ sql: string }>`
    select sql from sqlite_master where name = 'search_substrings'`.execute(db);
  assert.match(definition.rows[0]?.sql ?? '', /detail = column/);
  const rows = await sql<{ rowid: number; subject: string; body: string }>`
    select rowid, subject, body from search_substrings order by rowid`.execute(db);
  assert.deepEqual(
    rows.rows.map((row) => ({ ...row })),
    DOCUMENTS.map(({ docId, subject, body }) => ({ rowid: docId, subject, body })),
  );
  const hits = await sql<{ rowid: number }>`
    select rowid from search_substrings where search_substrings match ${'{body} : ("bul" AND "tin")'}`.execute(
    db,
  );
  assert.deepEqual(
    hits.rows.map((row) => row.rowid),
    [DOCUMENTS[0]?.docId],
  );

  await sql`delete from search_documents where object_id = 'e1'`.execute(db);
  const left = await sql<{ rowid: number }>`select rowid from search_substrings`.execute(db);
  assert.deepEqual(
    left.rows.map((row) => row.rowid),
    [DOCUMENTS[1]?.docId],
  );
});

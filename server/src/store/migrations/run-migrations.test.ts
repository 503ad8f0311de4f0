// The migration runner on a bare SQLite writer: order, idempotence, refusal of unknown history, and a failed
// migration leaving the database exactly as it was.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { StoreError } from '#core/errors';
import type { DatabaseSchema } from '../schema.ts';
import { nodeSqliteDialect } from '../sqlite/node-sqlite-dialect.ts';
import { mapSqliteError } from '../sqlite/sqlite-errors.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { MIGRATIONS } from './migration-list.ts';
import { type Migration, runMigrations } from './run-migrations.ts';

let folder: string;
let db: Kysely<DatabaseSchema>;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vercors-migrations-'));
  const database = new DatabaseSync(join(folder, 'db.sqlite'));
  const dialect = nodeSqliteDialect({ database, beginStatement: 'begin immediate', busyTimeoutMs: 1_000 });
  db = new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
});

afterEach(async () => {
  await db.destroy();
  await rm(folder, { recursive: true, force: true });
});

const createTable =
  (name: string): Migration['up'] =>
  async (trx) => {
    await trx.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .execute();
  };

const extra: Migration = { version: MIGRATIONS.length + 1, name: 'extra', up: createTable('extra') };

async function tableNames(): Promise<string[]> {
  const result = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
  return result.rows.map((row) => row.name);
}

test('migrations apply in order once, and a later run applies only the new ones', async () => {
  assert.deepStrictEqual(await runMigrations(db, 'sqlite'), {
    applied: MIGRATIONS.map((m) => m.version),
    version: MIGRATIONS.length,
  });
  assert.deepStrictEqual(await runMigrations(db, 'sqlite'), { applied: [], version: MIGRATIONS.length });
  assert.deepStrictEqual(await runMigrations(db, 'sqlite', { migrations: [...MIGRATIONS, extra] }), {
    applied: [extra.version],
    version: extra.version,
  });
  assert.ok((await tableNames()).includes('extra'));
});

test('a failing migration leaves neither its tables nor its version behind', async () => {
  await runMigrations(db, 'sqlite');
  const before = await tableNames();
  const failing: Migration = {
    version: MIGRATIONS.length + 1,
    name: 'half-done',
    async up(trx, dialect) {
      await createTable('half_done')(trx, dialect);
      throw new Error('migration bug');
    },
  };
  await assert.rejects(
    runMigrations(db, 'sqlite', { migrations: [...MIGRATIONS, failing] }),
    /migration bug/,
  );
  assert.deepStrictEqual(await tableNames(), before);
  const versions = await db.selectFrom('schema_migrations').select('version').execute();
  assert.equal(versions.length, MIGRATIONS.length);
});

test('a database holding a version this program does not know is refused', async () => {
  await runMigrations(db, 'sqlite', { migrations: [...MIGRATIONS, extra] });
  await assert.rejects(
    runMigrations(db, 'sqlite'),
    (error) =>
      error instanceof StoreError &&
      error.code === 'unavailable' &&
      /newer than this program/.test(error.message),
  );
});

test('a recorded migration whose name differs from the program is reported as corrupt', async () => {
  await runMigrations(db, 'sqlite', { migrations: [...MIGRATIONS, extra] });
  const renamed: Migration = { ...extra, name: 'something-else' };
  await assert.rejects(
    runMigrations(db, 'sqlite', { migrations: [...MIGRATIONS, renamed] }),
    (error) => error instanceof StoreError && error.code === 'corrupt',
  );
});

test('a migration list out of order is a bug caught before touching the database', async () => {
  await assert.rejects(runMigrations(db, 'sqlite', { migrations: [extra] }), { code: 'ERR_ASSERTION' });
  assert.deepStrictEqual(await tableNames(), []);
});

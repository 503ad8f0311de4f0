// The node:sqlite Kysely dialect on its own: plain rows, parameters, streaming, the statement cache (and the
// columns it knows after a schema change), and BEGIN IMMEDIATE waiting for another connection's lock without
// blocking the event loop.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, sql } from 'kysely';
import { StoreError } from '#core/errors';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';

interface TestSchema {
  items: { id: string; n: number | null; flag: number };
}

let folder: string;
let path: string;
/** The connection that created the table. */
let main: Kysely<TestSchema>;
const open: DatabaseSync[] = [];
const kyselys: Kysely<TestSchema>[] = [];

function connect(busyTimeoutMs = 1_000): { raw: DatabaseSync; db: Kysely<TestSchema> } {
  const raw = new DatabaseSync(path, { timeout: 0 });
  raw.exec('PRAGMA journal_mode = WAL');
  open.push(raw);
  const db = new Kysely<TestSchema>({
    dialect: nodeSqliteDialect({ database: raw, beginStatement: 'begin immediate', busyTimeoutMs }),
  });
  kyselys.push(db);
  return { raw, db };
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vercors-dialect-'));
  path = join(folder, 'db.sqlite');
  main = connect().db;
  await main.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint')
    .addColumn('flag', 'integer', (c) => c.notNull())
    .execute();
});

afterEach(async () => {
  for (const db of kyselys.splice(0)) await db.destroy();
  for (const raw of open.splice(0)) if (raw.isOpen) raw.close();
  await rm(folder, { recursive: true, force: true });
});

test('rows are plain objects, booleans are stored as 0/1, and RETURNING gives rows back', async () => {
  const db = main;
  const inserted = await db
    .insertInto('items')
    .values({ id: 'a', n: 2 ** 40, flag: true as unknown as number })
    .returning(['id', 'flag'])
    .execute();
  assert.deepStrictEqual(inserted, [{ id: 'a', flag: 1 }]);
  const rows = await db.selectFrom('items').selectAll().execute();
  assert.deepStrictEqual(rows, [{ id: 'a', n: 2 ** 40, flag: 1 }]);
  assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
  const result = await db.updateTable('items').set({ n: null }).where('id', '=', 'a').executeTakeFirst();
  assert.equal(result.numUpdatedRows, 1n);
});

test('streaming yields every row as a plain object', async () => {
  const db = main;
  await db
    .insertInto('items')
    .values(Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, n: i, flag: 0 })))
    .execute();
  const seen: unknown[] = [];
  for await (const row of db.selectFrom('items').select(['id', 'n']).orderBy('id').stream()) seen.push(row);
  assert.deepStrictEqual(
    seen,
    Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, n: i })),
  );
});

test('more distinct statements than the cache holds still run correctly', async () => {
  const db = main;
  for (let i = 0; i < 300; i++) {
    // A distinct SQL text each time (the literal is part of it), so the cache must evict.
    const row = await sql<{ v: number }>`select ${sql.lit(i)} + ${i} as v`.execute(db);
    assert.equal(row.rows[0]?.v, 2 * i);
  }
  const again = await sql<{ v: number }>`select ${sql.lit(0)} + ${1} as v`.execute(db);
  assert.equal(again.rows[0]?.v, 1);
});

test('a cached SELECT * names the columns a schema change added or removed', async () => {
  const db = main;
  await db.insertInto('items').values({ id: 'a', n: 1, flag: 0 }).execute();
  const all = () => sql<Record<string, unknown>>`select * from items`.execute(db);
  assert.deepStrictEqual((await all()).rows, [{ id: 'a', n: 1, flag: 0 }]);
  await sql`alter table items add column note text default 'x'`.execute(db);
  assert.deepStrictEqual((await all()).rows, [{ id: 'a', n: 1, flag: 0, note: 'x' }]);
  await sql`alter table items drop column n`.execute(db);
  assert.deepStrictEqual((await all()).rows, [{ id: 'a', flag: 0, note: 'x' }]);
});

test('a transaction waits for another connection to release the write lock, and the event loop keeps running', async () => {
  const first = main;
  const other = connect().raw;
  other.exec('BEGIN IMMEDIATE');
  let ticks = 0;
  const ticker = setInterval(() => (ticks += 1), 5);
  setTimeout(() => other.exec('COMMIT'), 100);
  const started = performance.now();
  await first.transaction().execute(async (trx) => {
    await trx.insertInto('items').values({ id: 'after-wait', n: 1, flag: 0 }).execute();
  });
  clearInterval(ticker);
  assert.ok(performance.now() - started >= 90, 'it waited for the lock');
  assert.ok(ticks >= 5, `timers ran while waiting (${ticks} ticks)`);
});

test('a transaction that cannot get the write lock in time fails with StoreError busy', async () => {
  const impatient = connect(150).db;
  const other = connect().raw;
  other.exec('BEGIN IMMEDIATE');
  try {
    await assert.rejects(
      impatient.transaction().execute(() => Promise.resolve()),
      (error) => error instanceof StoreError && error.code === 'busy',
    );
  } finally {
    other.exec('ROLLBACK');
  }
  await sleep(0);
});

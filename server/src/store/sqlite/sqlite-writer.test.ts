// SQLite-only behaviour beyond the conformance suite: the single writer path (lock waits, busy timeout,
// synchronous level per transaction, temporary data in memory), the read-only reader, and what open refuses.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, test } from 'node:test';
import { sql } from 'kysely';
import { StoreError } from '#core/errors';
import type { Database } from '../store.ts';
import { openSqliteDatabase } from './sqlite-database.ts';

let folder: string;
let path: string;
const opened: Database[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vercors-sqlite-writer-'));
  path = join(folder, 'vercors.sqlite');
});

afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  await rm(folder, { recursive: true, force: true });
});

async function open(busyTimeoutMs?: number): Promise<Database> {
  const database = await openSqliteDatabase({ path, busyTimeoutMs });
  opened.push(database);
  return database;
}

/** Another process's connection takes the write lock now and commits after `ms`. */
function holdLockElsewhere(ms: number): void {
  const other = new DatabaseSync(path);
  other.exec('BEGIN IMMEDIATE');
  setTimeout(() => {
    other.exec('COMMIT');
    other.close();
  }, ms);
}

const isCode = (code: StoreError['code']) => (error: unknown) =>
  error instanceof StoreError && error.code === code;

test('a durable write returns only after the WAL is synced; other writes never sync', async () => {
  const synced: string[] = [];
  let release = () => {};
  const database = await openSqliteDatabase({
    path,
    syncFile: (file) => {
      synced.push(file);
      return new Promise((resolve) => {
        release = resolve;
      });
    },
  });
  opened.push(database);
  const insert = (id: string, isDurable: boolean) =>
    database.write(
      async ({ db }) => {
        await db
          .insertInto('domains')
          .values({ id, name: `${id}.test`, created_at: 0 })
          .execute();
      },
      { isDurable },
    );
  await insert('plain', false);
  assert.deepStrictEqual(synced, []);

  let isReturned = false;
  const durable = insert('durable', true).then(() => {
    isReturned = true;
  });
  // The commit is done and visible, but the caller still waits for the disk.
  for (let turn = 0; turn < 50 && synced.length === 0; turn++) await new Promise((r) => setImmediate(r));
  assert.deepStrictEqual(synced, [`${path}-wal`]);
  assert.equal((await database.db.selectFrom('domains').select('id').execute()).length, 2);
  assert.equal(isReturned, false);
  release();
  await durable;
  assert.equal(isReturned, true);
});

test('durable writes that commit while a WAL sync runs share the next one', async () => {
  let syncs = 0;
  const pending: (() => void)[] = [];
  const database = await openSqliteDatabase({
    path,
    syncFile: () => {
      syncs++;
      return new Promise((resolve) => pending.push(resolve));
    },
  });
  opened.push(database);
  const writes = Array.from({ length: 20 }, (_, index) =>
    database.write(
      async ({ db }) => {
        await db
          .insertInto('domains')
          .values({ id: `d${index}`, name: `d${index}.test`, created_at: 0 })
          .execute();
      },
      { isDurable: true },
    ),
  );
  // Release syncs as they come until every write has returned; bounded in turns.
  let done = false;
  const all = Promise.all(writes).then(() => {
    done = true;
  });
  for (let turn = 0; turn < 1000 && !done; turn++) {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  await all;
  assert.ok(syncs >= 1 && syncs <= 3, `20 concurrent durable writes took ${syncs} syncs`);
});

test('a write waits while another process holds the write lock, then commits', async () => {
  const database = await open();
  holdLockElsewhere(150);
  const started = performance.now();
  await database.write(async ({ db }) => {
    await db.insertInto('domains').values({ id: 'd', name: 'example.test', created_at: 0 }).execute();
  });
  assert.ok(performance.now() - started >= 140);
  assert.equal((await database.db.selectFrom('domains').selectAll().execute()).length, 1);
});

test('each write reports how long it waited for the lock and held it, a rolled-back one too', async () => {
  const database = await open();
  const times: [number, number][] = [];
  assert.ok(database.observeWriteLock !== undefined, 'SQLite reports its lock times');
  database.observeWriteLock((waitSeconds, heldSeconds) => times.push([waitSeconds, heldSeconds]));

  // Held long enough that the write's wait stands apart from a free lock's on a busy machine.
  holdLockElsewhere(300);
  await database.write(async ({ db }) => {
    await db.insertInto('domains').values({ id: 'd', name: 'example.test', created_at: 0 }).execute();
    await new Promise((resolve) => setTimeout(resolve, 60));
  });
  await assert.rejects(
    database.write(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('given up');
    }),
    /given up/,
  );

  assert.equal(times.length, 2, 'one report per transaction');
  const [waitedBehindOther, heldWithSleep] = times[0] ?? [0, 0];
  assert.ok(waitedBehindOther >= 0.2, `waited ${waitedBehindOther} s behind the other connection`);
  assert.ok(heldWithSleep >= 0.055, `held ${heldWithSleep} s`);
  const [waitedAlone, heldUntilRollback] = times[1] ?? [1, 0];
  assert.ok(waitedAlone < 0.1, `waited ${waitedAlone} s with the lock free`);
  assert.ok(heldUntilRollback >= 0.025, `held ${heldUntilRollback} s until the rollback`);
});

test('a write that cannot get the lock within the busy timeout fails with busy, and later writes still work', async () => {
  const database = await open(200);
  const other = new DatabaseSync(path);
  other.exec('BEGIN IMMEDIATE');
  try {
    await assert.rejects(
      database.write(() => Promise.resolve()),
      isCode('busy'),
    );
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  await database.write(async ({ db }) => {
    await db.insertInto('domains').values({ id: 'd', name: 'example.test', created_at: 0 }).execute();
  });
});

test('the writer keeps temporary data, the savepoint journals of batched writes included, in memory', async () => {
  const database = await open();
  const rows = await database.write(
    async ({ db }) => await sql<{ temp_store: number }>`pragma temp_store`.execute(db),
  );
  assert.deepEqual(
    rows.rows.map((row) => Number(row.temp_store)),
    [2],
  );
});

test('the read connection refuses writes: they must take the writer path', async () => {
  const database = await open();
  await assert.rejects(
    database.db.insertInto('domains').values({ id: 'd', name: 'example.test', created_at: 0 }).execute(),
    /readonly/,
  );
});

test('open refuses an in-memory database and reports a damaged file as corrupt', async () => {
  await assert.rejects(openSqliteDatabase({ path: ':memory:' }), isCode('unavailable'));
  await writeFile(path, 'not a database '.repeat(100));
  await assert.rejects(openSqliteDatabase({ path }), isCode('corrupt'));
});

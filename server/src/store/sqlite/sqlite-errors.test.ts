// node:sqlite errors to StoreError codes, checked on real errors raised by SQLite rather than hand-made ones.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { StoreError } from '#core/errors';
import { isSqliteBusy, mapSqliteError, retryWhileBusy } from './sqlite-errors.ts';

const folder = mkdtempSync(join(tmpdir(), 'vercors-sqlite-errors-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function raised(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

function database(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec(`
    CREATE TABLE parent (id TEXT PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL CHECK (n >= 0));
    CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent(id));
    INSERT INTO parent VALUES ('p', 'p@example.test', 1);
  `);
  return db;
}

const CASES: readonly { name: string; sql: string; expected: StoreError['code'] | 'unmapped' }[] = [
  { name: 'duplicate primary key', sql: "INSERT INTO parent VALUES ('p', 'x', 1)", expected: 'conflict' },
  {
    name: 'duplicate unique column',
    sql: "INSERT INTO parent VALUES ('q', 'p@example.test', 1)",
    expected: 'conflict',
  },
  { name: 'missing foreign key parent', sql: "INSERT INTO child VALUES ('c', 'nope')", expected: 'conflict' },
  {
    name: 'NOT NULL violation (a bug)',
    sql: "INSERT INTO parent VALUES ('r', 'r', NULL)",
    expected: 'unmapped',
  },
  { name: 'CHECK violation (a bug)', sql: "INSERT INTO parent VALUES ('s', 's', -1)", expected: 'unmapped' },
  { name: 'syntax error (a bug)', sql: 'SELEC 1', expected: 'unmapped' },
];

for (const { name, sql, expected } of CASES) {
  test(`${name} maps to ${expected}`, () => {
    const error = raised(() => database().exec(sql));
    const mapped = mapSqliteError(error);
    if (expected === 'unmapped') assert.equal(mapped, error);
    else {
      assert.ok(mapped instanceof StoreError);
      assert.equal(mapped.code, expected);
      assert.equal(mapped.cause, error);
    }
  });
}

test('a write lock held by another connection is busy', () => {
  const holder = new DatabaseSync(join(folder, 'locked.sqlite'));
  const waiter = new DatabaseSync(join(folder, 'locked.sqlite'), { timeout: 0 });
  try {
    holder.exec('BEGIN IMMEDIATE');
    const error = raised(() => waiter.exec('BEGIN IMMEDIATE'));
    assert.ok(isSqliteBusy(error));
    assert.equal((mapSqliteError(error) as StoreError).code, 'busy');
    holder.exec('ROLLBACK');
  } finally {
    holder.close();
    waiter.close();
  }
});

test('a busy lock is tried again a turn of the event loop later four times, then after timed pauses', async (t) => {
  const holder = new DatabaseSync(join(folder, 'retried.sqlite'));
  const waiter = new DatabaseSync(join(folder, 'retried.sqlite'), { timeout: 0 });
  t.after(() => {
    holder.close();
    waiter.close();
  });
  const attemptsUntil = async (freeAfter: number) => {
    holder.exec('BEGIN IMMEDIATE');
    let attempts = 0;
    let done = false;
    // The timed pauses asked for, each held until the test lets it end.
    const pauses: (() => void)[] = [];
    const retried = retryWhileBusy(
      () => {
        attempts++;
        if (attempts === freeAfter) holder.exec('ROLLBACK');
        waiter.exec('BEGIN IMMEDIATE');
        waiter.exec('ROLLBACK');
      },
      10_000,
      'test',
      () => new Promise<void>((resolve) => pauses.push(resolve)),
    ).then(() => {
      done = true;
    });
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    const seen = { attempts, done, pauses: pauses.length };
    if (!done) {
      holder.exec('ROLLBACK');
      pauses.shift()?.();
      await retried;
    }
    return seen;
  };
  // Free at the fifth attempt: four retries a turn apart reach it without a timed pause.
  assert.deepEqual(await attemptsUntil(5), { attempts: 5, done: true, pauses: 0 });
  // Still held after them: the next attempt waits for a timed pause.
  assert.deepEqual(await attemptsUntil(7), { attempts: 5, done: false, pauses: 1 });
});

test('a file that is not a database is corrupt, and a folder that does not exist is unavailable', () => {
  const notADatabase = join(folder, 'not-a-database.sqlite');
  writeFileSync(
    notADatabase,
    'This is a text file, long enough to hold a SQLite header if it were one.\n'.repeat(20),
  );
  const error = raised(() => new DatabaseSync(notADatabase).exec('SELECT * FROM sqlite_master'));
  assert.equal((mapSqliteError(error) as StoreError).code, 'corrupt');
  const missing = raised(() => new DatabaseSync(join(folder, 'no-such-folder', 'db.sqlite')));
  assert.equal((mapSqliteError(missing) as StoreError).code, 'unavailable');
});

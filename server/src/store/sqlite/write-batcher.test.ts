// Batched writes on SQLite (write-batcher.ts): writes asked for in one turn of the event loop, or queued while
// the lock is held elsewhere, share one transaction, each in its own savepoint; one failing is rolled back
// alone; each keeps its own modseq and event; a batch that fails as a whole runs each write again alone; call
// order is kept.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, test } from 'node:test';
import { sql } from 'kysely';
import { accountRow, TEST_DOMAIN_ID } from '../conformance/test-accounts.ts';
import type { ChangeEvent, Database, EventBus, WriteTransaction } from '../store.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import { MAX_BATCHED_WRITES } from './write-batcher.ts';

let folder: string;
let path: string;
let database: Database;
let events: ChangeEvent[];

const bus: EventBus = {
  publish: (event) => events.push(event),
  subscribe: () => () => {},
  close: () => Promise.resolve(),
};

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vercors-write-batcher-'));
  path = join(folder, 'vercors.sqlite');
  events = [];
  database = await openSqliteDatabase({ path, bus });
  await database.write(async ({ db }) => {
    await db
      .insertInto('domains')
      .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 0 })
      .execute();
    await db.insertInto('accounts').values(accountRow('acc-1')).execute();
  });
  events = [];
});

afterEach(async () => {
  await database.close();
  await rm(folder, { recursive: true, force: true });
});

/** Another process's connection holding the write lock until release() is called. */
function holdLock(): { release(): void } {
  const other = new DatabaseSync(path);
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
  };
}

function insertDomain(id: string) {
  return async ({ db, recordChange }: WriteTransaction) => {
    await db
      .insertInto('domains')
      .values({ id, name: `${id}.test`, created_at: 0 })
      .execute();
    return await recordChange('acc-1', 'Domain', id, 'created');
  };
}

async function domainIds(): Promise<string[]> {
  const rows = await database.db
    .selectFrom('domains')
    .select('id')
    .where('id', '!=', TEST_DOMAIN_ID)
    .execute();
  return rows.map((row) => row.id).sort();
}

test('writes queued behind another process share one transaction, each with its own modseq and event', async () => {
  const lock = holdLock();
  const outside = new DatabaseSync(path, { readOnly: true });
  let seenOutside: number | undefined;
  const first = database.write(insertDomain('a'));
  const second = database.write(async (tx) => {
    // The first write has run but not committed: another connection does not see it yet.
    const row = outside.prepare(`select count(*) as n from domains where id = 'a'`).get() as { n: number };
    seenOutside = row.n;
    return await insertDomain('b')(tx);
  });
  const third = database.write(insertDomain('c'));
  setTimeout(() => lock.release(), 50);
  const modseqs = await Promise.all([first, second, third]);
  outside.close();

  assert.equal(seenOutside, 0, 'the second write ran in the first one transaction');
  assert.deepEqual(await domainIds(), ['a', 'b', 'c']);
  const [one = 0] = modseqs;
  assert.deepEqual(modseqs, [one, one + 1, one + 2]);
  assert.deepEqual(
    events.map((event) => [event.modseq, event.types]),
    modseqs.map((modseq) => [modseq, ['Domain']]),
  );
});

test('writes asked for by separate callbacks of one event-loop turn share one transaction', async () => {
  // As sessions whose commands were read from their sockets in the same poll of the event loop.
  const outside = new DatabaseSync(path, { readOnly: true });
  let seenOutside: number | undefined;
  const writes = await new Promise<Promise<number>[]>((resolve) => {
    const asked: Promise<number>[] = [];
    setImmediate(() => asked.push(database.write(insertDomain('a'))));
    setImmediate(() =>
      asked.push(
        database.write(async (tx) => {
          const row = outside.prepare(`select count(*) as n from domains where id = 'a'`).get() as {
            n: number;
          };
          seenOutside = row.n;
          return await insertDomain('b')(tx);
        }),
      ),
    );
    setImmediate(() => {
      asked.push(database.write(insertDomain('c')));
      resolve(asked);
    });
  });
  const modseqs = await Promise.all(writes);
  outside.close();

  assert.equal(seenOutside, 0, 'the second write ran in the first one transaction');
  assert.deepEqual(await domainIds(), ['a', 'b', 'c']);
  const [one = 0] = modseqs;
  assert.deepEqual(modseqs, [one, one + 1, one + 2]);
});

test('a write that fails inside a batch is rolled back alone; the others commit', async () => {
  const lock = holdLock();
  const first = database.write(insertDomain('a'));
  const failing = database.write(async (tx) => {
    await insertDomain('b')(tx);
    throw new Error('refused by the domain');
  });
  const third = database.write(insertDomain('c'));
  setTimeout(() => lock.release(), 50);
  const [a, refusal, c] = await Promise.allSettled([first, failing, third]);

  assert.equal(a?.status, 'fulfilled');
  assert.equal(c?.status, 'fulfilled');
  assert.equal(refusal?.status === 'rejected' && (refusal.reason as Error).message, 'refused by the domain');
  assert.deepEqual(await domainIds(), ['a', 'c']);
  // The failed write's modseq went with it: the next write's follows the first's.
  assert.equal(a?.status === 'fulfilled' && c?.status === 'fulfilled' && c.value - a.value, 1);
  assert.equal(events.length, 2);
});

test('a batch whose transaction fails as a whole runs each write again alone', async () => {
  const lock = holdLock();
  const first = database.write(insertDomain('a'));
  // Ends the shared transaction under the batch's feet: the savepoint it runs in is gone.
  const breaking = database.write(async ({ db }) => {
    await sql`rollback`.execute(db);
  });
  const third = database.write(insertDomain('c'));
  setTimeout(() => lock.release(), 50);
  const [a, broken, c] = await Promise.allSettled([first, breaking, third]);

  assert.equal(a?.status, 'fulfilled');
  assert.equal(broken?.status, 'rejected');
  assert.equal(c?.status, 'fulfilled');
  assert.deepEqual(await domainIds(), ['a', 'c']);
});

test('more writes than a batch holds all commit, in call order', async () => {
  const lock = holdLock();
  const count = MAX_BATCHED_WRITES * 2 + 3;
  const order: number[] = [];
  const writes = Array.from({ length: count }, (_, index) =>
    database.write(async (tx) => {
      order.push(index);
      return await insertDomain(`d${String(index).padStart(3, '0')}`)(tx);
    }),
  );
  setTimeout(() => lock.release(), 50);
  const modseqs = await Promise.all(writes);

  assert.deepEqual(
    order,
    Array.from({ length: count }, (_, index) => index),
  );
  assert.equal((await domainIds()).length, count);
  assert.deepEqual(
    modseqs,
    modseqs.map((_, index) => (modseqs[0] ?? 0) + index),
  );
});

// Conformance cases about concurrency inside one process: concurrent write() calls, durable and ordinary
// writes interleaved, a nested write refused at once, and a closed database refusing writes.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '#core/errors';
import { currentModseq } from '../change-log.ts';
import { RecordingBus } from './recording-bus.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

const CONCURRENT_WRITES = 40;
/** Long enough for the other write to take its first lock; short, because on SQLite it never comes. */
const BARRIER_WAIT_MS = 200;

export const concurrencyCases: readonly ConformanceCase[] = [
  {
    name: 'concurrent write() calls in one process are serialised per account and all land',
    async run({ open }) {
      const bus = new RecordingBus();
      const database = await open({ bus });
      await addAccounts(database, 'acc-a', 'acc-b');
      const modseqs = await Promise.all(
        Array.from({ length: CONCURRENT_WRITES }, (_, i) =>
          database.write(
            async (tx) => {
              await tx.db
                .insertInto('blobs')
                .values({ id: `b${i}`, size: i, refcount: 1, unreferenced_since: null, created_at: i })
                .execute();
              if (i % 2 === 0) await tx.recordChange('acc-b', 'Blob', `b${i}`, 'created');
              return await tx.recordChange('acc-a', 'Blob', `b${i}`, 'created');
            },
            // Durable and ordinary writes interleave: SQLite switches its sync level between transactions.
            { isDurable: i % 3 === 0 },
          ),
        ),
      );
      assert.deepStrictEqual(
        [...modseqs].sort((x, y) => x - y),
        Array.from({ length: CONCURRENT_WRITES }, (_, i) => i + 1),
      );
      const blobs = await database.db.selectFrom('blobs').select('id').execute();
      assert.equal(blobs.length, CONCURRENT_WRITES);
      assert.equal(await currentModseq(database.db, 'acc-a'), CONCURRENT_WRITES);
      assert.equal(await currentModseq(database.db, 'acc-b'), CONCURRENT_WRITES / 2);
      const eventModseqs = bus.events.filter((e) => e.accountId === 'acc-a').map((e) => e.modseq);
      assert.deepStrictEqual(
        [...eventModseqs].sort((x, y) => x - y),
        Array.from({ length: CONCURRENT_WRITES }, (_, i) => i + 1),
      );
    },
  },
  {
    name: 'two writes taking the same two accounts in opposite orders both complete',
    timeoutMs: 20_000,
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-b');
      // Each write takes its first account, then waits (briefly) for the other to take its own: on PostgreSQL
      // they deadlock, the server aborts one, and the store runs it again. SQLite's single writer never gets there.
      const arrived = new Set<string>();
      const meet = async (me: string, other: string) => {
        arrived.add(me);
        const deadline = performance.now() + BARRIER_WAIT_MS;
        while (!arrived.has(other) && performance.now() < deadline) await sleep(5);
      };
      const [first, second] = await Promise.all([
        database.write(async (tx) => {
          const a = await tx.recordChange('acc-a', 'Email', 'from-first', 'created');
          await meet('first', 'second');
          return [a, await tx.recordChange('acc-b', 'Email', 'from-first', 'created')];
        }),
        database.write(async (tx) => {
          const b = await tx.recordChange('acc-b', 'Email', 'from-second', 'created');
          await meet('second', 'first');
          return [await tx.recordChange('acc-a', 'Email', 'from-second', 'created'), b];
        }),
      ]);
      assert.deepStrictEqual([first, second].map(([a]) => a).sort(), [1, 2]);
      assert.deepStrictEqual([first, second].map(([, b]) => b).sort(), [1, 2]);
      assert.equal(await currentModseq(database.db, 'acc-a'), 2);
      assert.equal(await currentModseq(database.db, 'acc-b'), 2);
    },
  },
  {
    name: 'a write() started inside a write transaction is refused at once instead of deadlocking',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await assert.rejects(
        database.write(async (tx) => {
          await tx.recordChange('acc-a', 'Email', 'e1', 'created');
          await database.write((inner) => inner.recordChange('acc-a', 'Email', 'e2', 'created'));
        }),
        { code: 'ERR_ASSERTION' },
      );
      assert.equal(await currentModseq(database.db, 'acc-a'), 0);
      // A write from an afterCommit callback is not nested: the transaction is over.
      const later = new Promise<number>((resolve, reject) => {
        database
          .write(async (tx) => {
            tx.afterCommit(() => {
              database
                .write((next) => next.recordChange('acc-a', 'Email', 'e3', 'created'))
                .then(resolve, reject);
            });
            await tx.recordChange('acc-a', 'Email', 'e2', 'created');
          })
          .catch(reject);
      });
      assert.equal(await later, 2);
    },
  },
  {
    name: 'ping answers while open, and write() after close() fails with StoreError unavailable',
    async run({ open }) {
      const database = await open();
      await database.ping();
      await database.close();
      await assert.rejects(
        database.write(() => Promise.resolve()),
        (error) => error instanceof StoreError && error.code === 'unavailable',
      );
      await database.close();
    },
  },
];

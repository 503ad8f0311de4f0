// Conformance cases about the change log (DATA-MODEL.md §1): modseq per account, events after commit only,
// rollback leaving no trace, readChanges paging, pruning that keeps each object's newest row, and the pruned
// horizon that pruning a destroyed object's last row leaves behind.

import assert from 'node:assert/strict';
import { fixedClock } from '#core/clock';
import { currentModseq, prunedHorizon, pruneChangeLog, readChanges, type Change } from '../change-log.ts';
import type { Database } from '../store.ts';
import { RecordingBus } from './recording-bus.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

async function logRows(database: Database, accountId: string) {
  return await database.db
    .selectFrom('change_log')
    .select(['modseq', 'type', 'object_id', 'kind'])
    .where('account_id', '=', accountId)
    .orderBy('modseq')
    .orderBy('type')
    .orderBy('object_id')
    .execute();
}

/** Rows of one modseq come in an order each backend's collation decides; compare them sorted. */
function sortedKeys(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.modseq}/${c.type}/${c.objectId}/${c.kind}`).sort();
}

export const changeLogCases: readonly ConformanceCase[] = [
  {
    name: 'modseq strictly increases per account and is shared by every change of one transaction',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-b');
      const first = await database.write(async (tx) => {
        const a1 = await tx.recordChange('acc-a', 'Email', 'e1', 'created');
        const a2 = await tx.recordChange('acc-a', 'Mailbox', 'm1', 'updated');
        const [a3, a4] = await Promise.all([
          tx.recordChange('acc-a', 'Email', 'e2', 'created'),
          tx.recordChange('acc-a', 'Email', 'e3', 'created'),
        ]);
        const b1 = await tx.recordChange('acc-b', 'Email', 'e1', 'created');
        return [a1, a2, a3, a4, b1];
      });
      assert.deepEqual(first, [1, 1, 1, 1, 1]);
      const second = await database.write(async (tx) => [
        await tx.recordChange('acc-a', 'Email', 'e1', 'updated'),
        await tx.recordChange('acc-b', 'Email', 'e1', 'updated'),
      ]);
      assert.deepEqual(second, [2, 2]);
      assert.equal(await database.write((tx) => tx.recordChange('acc-a', 'Email', 'e1', 'updated')), 3);
      assert.equal(await currentModseq(database.db, 'acc-a'), 3);
      assert.equal(await currentModseq(database.db, 'acc-b'), 2);
      assert.equal(await currentModseq(database.db, 'no-such-account'), undefined);
      assert.deepStrictEqual(
        (await logRows(database, 'acc-a')).map((r) => r.modseq),
        [1, 1, 1, 1, 2, 3],
      );
    },
  },
  {
    name: 'two changes to one object in one transaction become one row with the combined kind',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await database.write(async (tx) => {
        await tx.recordChange('acc-a', 'Email', 'created-then-updated', 'created');
        await tx.recordChange('acc-a', 'Email', 'created-then-updated', 'updated');
        await tx.recordChange('acc-a', 'Email', 'updated-then-destroyed', 'updated');
        await tx.recordChange('acc-a', 'Email', 'updated-then-destroyed', 'destroyed');
        await tx.recordChange('acc-a', 'Email', 'destroyed-then-created', 'destroyed');
        await tx.recordChange('acc-a', 'Email', 'destroyed-then-created', 'created');
      });
      const kinds = Object.fromEntries((await logRows(database, 'acc-a')).map((r) => [r.object_id, r.kind]));
      assert.deepStrictEqual(kinds, {
        'created-then-updated': 'created',
        'updated-then-destroyed': 'destroyed',
        'destroyed-then-created': 'updated',
      });
    },
  },
  {
    name: 'a recordChange for an account that does not exist fails the write with StoreError notFound',
    async run({ open }) {
      const database = await open();
      await assert.rejects(
        database.write((tx) => tx.recordChange('no-such-account', 'Email', 'e1', 'created')),
        (error: Error & { code?: string }) => error.name === 'StoreError' && error.code === 'notFound',
      );
    },
  },
  {
    name: 'a rolled-back write leaves no change rows, no modseq bump, no event and runs no afterCommit callback',
    async run({ open }) {
      const bus = new RecordingBus();
      const database = await open({ bus });
      await addAccounts(database, 'acc-a');
      let callbacks = 0;
      const failure = new Error('work failed');
      await assert.rejects(
        database.write(async (tx) => {
          await tx.recordChange('acc-a', 'Email', 'e1', 'created');
          await tx.db
            .insertInto('blobs')
            .values({ id: 'b1', size: 1, refcount: 1, unreferenced_since: null, created_at: 1 })
            .execute();
          tx.afterCommit(() => {
            callbacks += 1;
          });
          throw failure;
        }),
        (error) => error === failure,
      );
      assert.deepStrictEqual(await logRows(database, 'acc-a'), []);
      assert.equal(await currentModseq(database.db, 'acc-a'), 0);
      assert.equal((await database.db.selectFrom('blobs').selectAll().execute()).length, 0);
      assert.deepStrictEqual(bus.events, []);
      assert.equal(callbacks, 0);
      // The next write takes modseq 1: the rolled-back one left no gap.
      assert.equal(await database.write((tx) => tx.recordChange('acc-a', 'Email', 'e1', 'created')), 1);
    },
  },
  {
    name: 'change events are published only after commit, once per account, before the afterCommit callbacks',
    async run({ open }) {
      const bus = new RecordingBus();
      const database = await open({ bus });
      await addAccounts(database, 'acc-a', 'acc-b');
      const order: string[] = [];
      bus.subscribe((event) => order.push(`event ${event.accountId}`));
      await database.write(async (tx) => {
        await tx.recordChange('acc-a', 'Email', 'e1', 'created');
        await tx.recordChange('acc-b', 'Mailbox', 'm1', 'created');
        await tx.recordChange('acc-a', 'Mailbox', 'm1', 'updated');
        await tx.recordChange('acc-a', 'Email', 'e2', 'created');
        tx.afterCommit(() => order.push('callback'));
        assert.deepStrictEqual(bus.events, [], 'nothing is published before commit');
      });
      assert.deepStrictEqual(bus.events, [
        { accountId: 'acc-a', modseq: 1, types: ['Email', 'Mailbox'] },
        { accountId: 'acc-b', modseq: 1, types: ['Mailbox'] },
      ]);
      assert.deepStrictEqual(order, ['event acc-a', 'event acc-b', 'callback']);

      // A write that records no change publishes nothing.
      await database.write(async ({ db }) => {
        await db.updateTable('accounts').set({ display_name: 'Renamed' }).where('id', '=', 'acc-a').execute();
      });
      assert.equal(bus.events.length, 2);
    },
  },
  {
    name: 'a failing event listener or afterCommit callback does not fail the committed write',
    async run({ open }) {
      const bus = new RecordingBus();
      const database = await open({ bus });
      await addAccounts(database, 'acc-a');
      bus.subscribe(() => {
        throw new Error('listener failed');
      });
      let laterCallbackRan = false;
      const modseq = await database.write(async (tx) => {
        tx.afterCommit(() => {
          throw new Error('callback failed');
        });
        tx.afterCommit(() => {
          laterCallbackRan = true;
        });
        return await tx.recordChange('acc-a', 'Email', 'e1', 'created');
      });
      assert.equal(modseq, 1);
      assert.ok(laterCallbackRan);
      assert.equal(await currentModseq(database.db, 'acc-a'), 1);
    },
  },
  {
    name: 'readChanges pages through the log without splitting a transaction, and says when there is more',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-other');
      // Transactions of 3, 1, 5, 2 and 1 changes: modseqs 1 to 5.
      for (const [size, prefix] of [
        [3, 'a'],
        [1, 'b'],
        [5, 'c'],
        [2, 'd'],
        [1, 'e'],
      ] as const) {
        await database.write(async (tx) => {
          for (let i = 0; i < size; i++) await tx.recordChange('acc-a', 'Email', `${prefix}${i}`, 'created');
          await tx.recordChange('acc-other', 'Email', `${prefix}`, 'created');
        });
      }
      const all = await readChanges(database.db, 'acc-a', 0, 100);
      assert.equal(all.changes.length, 12);
      assert.equal(all.hasMore, false);
      assert.equal(all.lastModseq, 5);
      assert.ok(all.changes.every((c) => c.accountId === 'acc-a'));

      const page1 = await readChanges(database.db, 'acc-a', 0, 4);
      assert.deepStrictEqual([page1.changes.length, page1.lastModseq, page1.hasMore], [4, 2, true]);
      // Five rows of modseq 3 exceed the limit of 4: they come whole rather than never.
      const page2 = await readChanges(database.db, 'acc-a', page1.lastModseq, 4);
      assert.deepStrictEqual([page2.changes.length, page2.lastModseq, page2.hasMore], [5, 3, true]);
      const page3 = await readChanges(database.db, 'acc-a', page2.lastModseq, 4);
      assert.deepStrictEqual([page3.changes.length, page3.lastModseq, page3.hasMore], [3, 5, false]);
      const page4 = await readChanges(database.db, 'acc-a', page3.lastModseq, 4);
      assert.deepStrictEqual(page4, { changes: [], lastModseq: 5, hasMore: false });
      // An exact fit still ends the paging.
      const exact = await readChanges(database.db, 'acc-a', 3, 3);
      assert.deepStrictEqual([exact.changes.length, exact.lastModseq, exact.hasMore], [3, 5, false]);

      const paged = [...page1.changes, ...page2.changes, ...page3.changes];
      assert.deepStrictEqual(sortedKeys(paged), sortedKeys(all.changes));
      const modseqs = paged.map((c) => c.modseq);
      assert.deepStrictEqual(
        modseqs,
        [...modseqs].sort((x, y) => x - y),
      );
    },
  },
  {
    name: 'pruning removes old change rows but keeps the newest row of every object, and is not itself a change',
    async run({ open }) {
      const clock = fixedClock(new Date(1_000));
      const bus = new RecordingBus();
      const database = await open({ bus, clock });
      await addAccounts(database, 'acc-a');
      // x: created at 1000, updated at 2000 and 3000; y: created at 1000; Mailbox x (another object): at 2000.
      await database.write(async (tx) => {
        await tx.recordChange('acc-a', 'Email', 'x', 'created');
        await tx.recordChange('acc-a', 'Email', 'y', 'created');
      });
      clock.set(new Date(2_000));
      await database.write(async (tx) => {
        await tx.recordChange('acc-a', 'Email', 'x', 'updated');
        await tx.recordChange('acc-a', 'Mailbox', 'x', 'created');
      });
      clock.set(new Date(3_000));
      await database.write((tx) => tx.recordChange('acc-a', 'Email', 'x', 'updated'));
      const eventsBefore = bus.events.length;

      assert.equal(await pruneChangeLog(database, { olderThanMs: 2_500, keepNewestPerObject: true }), 2);
      assert.deepStrictEqual(
        (await logRows(database, 'acc-a')).map((r) => `${r.modseq} ${r.type} ${r.object_id}`),
        ['1 Email y', '2 Mailbox x', '3 Email x'],
      );
      assert.equal(await pruneChangeLog(database, { olderThanMs: 2_500, keepNewestPerObject: true }), 0);
      assert.equal(await currentModseq(database.db, 'acc-a'), 3);
      assert.equal(bus.events.length, eventsBefore);

      // Without the guarantee (a caller that answers cannotCalculateChanges), age alone decides.
      assert.equal(await pruneChangeLog(database, { olderThanMs: 2_500, keepNewestPerObject: false }), 2);
      assert.deepStrictEqual(
        (await logRows(database, 'acc-a')).map((r) => r.modseq),
        [3],
      );
    },
  },
  {
    name: 'pruning more rows than one batch holds removes them all',
    async run({ open }) {
      const clock = fixedClock(new Date(1_000));
      const database = await open({ clock });
      await addAccounts(database, 'acc-a');
      const objects = Array.from({ length: 1_200 }, (_, i) => `o${i}`);
      for (const kind of ['created', 'updated'] as const) {
        await database.write(async (tx) => {
          for (const id of objects) await tx.recordChange('acc-a', 'Email', id, kind);
        });
        clock.advance(1_000);
      }
      assert.equal(await pruneChangeLog(database, { olderThanMs: 10_000, keepNewestPerObject: true }), 1_200);
      const rows = await logRows(database, 'acc-a');
      assert.equal(rows.length, 1_200);
      assert.ok(rows.every((r) => r.kind === 'updated' && r.modseq === 2));
    },
  },
  {
    name: 'pruning a destroyed object’s last row raises the pruned horizon of its account and type, never lowers it',
    async run({ open }) {
      const clock = fixedClock(new Date(1_000));
      const bus = new RecordingBus();
      const database = await open({ bus, clock });
      await addAccounts(database, 'acc-a', 'acc-b');
      const horizons = async () => [
        await prunedHorizon(database.db, 'acc-a', 'Email'),
        await prunedHorizon(database.db, 'acc-a', 'Mailbox'),
        await prunedHorizon(database.db, 'acc-b', 'Email'),
      ];
      await database.write(async (tx) => {
        await tx.recordChange('acc-a', 'Email', 'x', 'created');
        await tx.recordChange('acc-a', 'Email', 'y', 'created');
        await tx.recordChange('acc-a', 'Mailbox', 'm', 'created');
        await tx.recordChange('acc-b', 'Email', 'z', 'created');
      });
      clock.set(new Date(2_000));
      const yDestroyed = await database.write((tx) => tx.recordChange('acc-a', 'Email', 'y', 'destroyed'));
      clock.set(new Date(3_000));
      const xUpdated = await database.write((tx) => tx.recordChange('acc-a', 'Email', 'x', 'updated'));
      const zDestroyed = await database.write((tx) => tx.recordChange('acc-b', 'Email', 'z', 'destroyed'));
      const eventsBefore = bus.events.length;

      // Rows with a newer row of their object lose nothing: no horizon.
      assert.equal(await pruneChangeLog(database, { olderThanMs: 2_500, keepNewestPerObject: true }), 3);
      assert.deepStrictEqual(await horizons(), [0, 0, 0]);
      // y's tombstone is old: it goes, and acc-a's Email horizon becomes its modseq; z's is recent and stays.
      const withTombstones = { olderThanMs: 2_500, keepNewestPerObject: true, pruneDestroyed: true };
      assert.equal(await pruneChangeLog(database, withTombstones), 1);
      assert.deepStrictEqual(await horizons(), [yDestroyed, 0, 0]);
      assert.deepStrictEqual(
        (await logRows(database, 'acc-a')).map((r) => `${r.type} ${r.object_id} ${r.kind}`),
        ['Mailbox m created', 'Email x updated'],
      );
      assert.equal(await pruneChangeLog(database, withTombstones), 0, 'idempotent');
      assert.deepStrictEqual(await horizons(), [yDestroyed, 0, 0]);

      assert.equal(await pruneChangeLog(database, { ...withTombstones, olderThanMs: 3_500 }), 1);
      assert.deepStrictEqual(await horizons(), [yDestroyed, 0, zDestroyed], 'living objects keep their row');
      // Without the guarantee every pruned row counts; a lower modseq never lowers a horizon.
      clock.set(new Date(4_000));
      const later = await database.write((tx) => tx.recordChange('acc-a', 'Email', 'w', 'destroyed'));
      assert.equal(await pruneChangeLog(database, { ...withTombstones, olderThanMs: 4_500 }), 1);
      assert.deepStrictEqual(await horizons(), [later, 0, zDestroyed]);
      assert.equal(await pruneChangeLog(database, { olderThanMs: 4_500, keepNewestPerObject: false }), 2);
      assert.ok(xUpdated < later);
      assert.deepStrictEqual(await horizons(), [later, 1, zDestroyed]);
      assert.equal(await currentModseq(database.db, 'acc-a'), later, 'pruning takes no modseq');
      assert.equal(bus.events.length, eventsBefore + 1, 'only the write of w was published');
    },
  },
];

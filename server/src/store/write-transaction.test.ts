// runWriteTransaction on a bare SQLite writer: bounded retries of retryable failures, events and callbacks from
// the committing attempt only, and misuse of a finished transaction reported as a bug.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { Kysely } from 'kysely';
import { systemClock } from '#core/clock';
import { StoreError } from '#core/errors';
import { silentLogger } from '#core/log';
import { RecordingBus } from './conformance/recording-bus.ts';
import { accountRow, TEST_DOMAIN_ID } from './conformance/test-accounts.ts';
import { runMigrations } from './migrations/run-migrations.ts';
import type { DatabaseSchema } from './schema.ts';
import type { WriteTransaction } from './store.ts';
import { nodeSqliteDialect } from './sqlite/node-sqlite-dialect.ts';
import { mapSqliteError } from './sqlite/sqlite-errors.ts';
import { withStoreErrors } from './store-error-driver.ts';
import { runWriteTransaction, type WriteContext } from './write-transaction.ts';

let folder: string;
let db: Kysely<DatabaseSchema>;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vercors-write-'));
  const database = new DatabaseSync(join(folder, 'db.sqlite'));
  const dialect = nodeSqliteDialect({ database, beginStatement: 'begin immediate', busyTimeoutMs: 1_000 });
  db = new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
  await runMigrations(db, 'sqlite');
  await db
    .insertInto('domains')
    .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 0 })
    .execute();
  await db.insertInto('accounts').values(accountRow('acc-a')).execute();
});

after(async () => {
  await db.destroy();
  await rm(folder, { recursive: true, force: true });
});

function context(overrides: Partial<WriteContext> = {}): WriteContext {
  return {
    db,
    bus: undefined,
    log: silentLogger(),
    clock: systemClock,
    maxAttempts: 3,
    isRetryable: (error) => error instanceof StoreError && error.code === 'busy',
    ...overrides,
  };
}

test('a retryable failure runs the work again, at most maxAttempts times, then fails with that error', async () => {
  let runs = 0;
  const busy = new StoreError('busy', 'serialization failure');
  await assert.rejects(
    runWriteTransaction(context(), async (tx) => {
      runs += 1;
      await tx.recordChange('acc-a', 'Email', `e${runs}`, 'created');
      throw busy;
    }),
    (error) => error === busy,
  );
  assert.equal(runs, 3);
  const modseq = await db.selectFrom('accounts').select('modseq').executeTakeFirstOrThrow();
  assert.equal(modseq.modseq, 0);
});

test('only the attempt that commits publishes events and runs afterCommit callbacks', async () => {
  const bus = new RecordingBus();
  let runs = 0;
  let callbacks = 0;
  const result = await runWriteTransaction(context({ bus }), async (tx) => {
    runs += 1;
    tx.afterCommit(() => {
      callbacks += 1;
    });
    const modseq = await tx.recordChange('acc-a', 'Email', 'e1', 'created');
    if (runs === 1) throw new StoreError('busy', 'deadlock');
    return modseq;
  });
  assert.deepStrictEqual([runs, callbacks, result], [2, 1, 1]);
  assert.deepStrictEqual(bus.events, [{ accountId: 'acc-a', modseq: 1, types: ['Email'] }]);
});

test('a failure that is not retryable is not run again', async () => {
  let runs = 0;
  await assert.rejects(
    runWriteTransaction(context(), () => {
      runs += 1;
      return Promise.reject(new StoreError('conflict', 'duplicate'));
    }),
    { code: 'conflict' },
  );
  assert.equal(runs, 1);
});

test('recordChange after the transaction ended is a bug, reported as such', async () => {
  let leaked: WriteTransaction | undefined;
  await runWriteTransaction(context(), async (tx) => {
    leaked = tx;
    await tx.recordChange('acc-a', 'Email', 'e1', 'updated');
  });
  assert.ok(leaked);
  await assert.rejects(leaked.recordChange('acc-a', 'Email', 'late', 'created'), { code: 'ERR_ASSERTION' });
});

test('beforeCommit steps run last, in order, inside the transaction: they see the change-log rows, and a failing one rolls everything back', async () => {
  const seen: string[] = [];
  await runWriteTransaction(context(), async (tx) => {
    tx.beforeCommit(async () => {
      const rows = await tx.db
        .selectFrom('change_log')
        .select('object_id')
        .where('object_id', '=', 'b1')
        .execute();
      seen.push(`first sees ${rows.length} change row`);
    });
    tx.beforeCommit(() => {
      seen.push('second');
      return Promise.resolve();
    });
    await tx.recordChange('acc-a', 'Email', 'b1', 'created');
    seen.push('work');
  });
  assert.deepStrictEqual(seen, ['work', 'first sees 1 change row', 'second']);

  const before = await db.selectFrom('accounts').select('modseq').executeTakeFirstOrThrow();
  await assert.rejects(
    runWriteTransaction(context(), async (tx) => {
      tx.beforeCommit(() => Promise.reject(new StoreError('conflict', 'late failure')));
      await tx.recordChange('acc-a', 'Email', 'b2', 'created');
    }),
    { code: 'conflict' },
  );
  const afterFailure = await db.selectFrom('accounts').select('modseq').executeTakeFirstOrThrow();
  assert.equal(afterFailure.modseq, before.modseq);
  const rows = await db.selectFrom('change_log').select('object_id').where('object_id', '=', 'b2').execute();
  assert.equal(rows.length, 0);
});

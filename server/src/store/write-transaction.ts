// One write transaction, the same on both backends: the WriteTransaction handed to domain code, its change-log
// rows and then its beforeCommit steps written just before commit, and after commit one ChangeEvent per
// touched account, then the afterCommit callbacks. A backend adds only its locking (SQLite's queue,
// PostgreSQL's retries) around `runWriteTransaction`.

import { AsyncLocalStorage } from 'node:async_hooks';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type IsolationLevel, type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import { bindConnection, unbindConnection } from './bound-connection.ts';
import { insertChanges, takeNextModseq } from './change-log.ts';
import type { DatabaseSchema } from './schema.ts';
import type { ChangeEvent, ChangeKind, EventBus, WriteTransaction } from './store.ts';

export interface WriteContext {
  readonly db: Kysely<DatabaseSchema>;
  readonly bus: EventBus | undefined;
  readonly log: Logger;
  readonly clock: Clock;
  /** Attempts for a transaction that fails with a retryable error (1 = no retry). */
  readonly maxAttempts: number;
  readonly isRetryable: (error: unknown) => boolean;
  readonly isolationLevel?: IsolationLevel;
}

/** First pause before running a transaction again; doubled at each attempt, with jitter. */
const RETRY_PAUSE_MS = 10;

const insideWrite = new AsyncLocalStorage<true>();

/**
 * A write started from inside another write's work would wait for the outer one forever (SQLite's queue,
 * PostgreSQL's row lock): that is a bug in the caller, reported at once instead of hanging.
 */
export function assertNotInsideWrite(): void {
  assert.equal(insideWrite.getStore(), undefined, 'write() called inside a write transaction');
}

export type Work<T> = (tx: WriteTransaction) => Promise<T>;

export async function runWriteTransaction<T>(context: WriteContext, work: Work<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const state = new TransactionState(context.clock);
    let result: T;
    try {
      result = await insideWrite.run(true, () => execute(context, state, work));
    } catch (error) {
      if (attempt >= context.maxAttempts || !context.isRetryable(error)) throw error;
      context.log.debug({ err: error, attempt }, 'write transaction failed, running it again');
      await sleep(RETRY_PAUSE_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
      continue;
    }
    state.deliver(context);
    return result;
  }
}

/** How one of several works sharing a transaction ended. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** How each work that runWriteTransactions took ended, in order, or why the whole transaction failed. */
export type BatchOutcome = { readonly settled: readonly Settled<unknown>[] } | { readonly failure: unknown };

/**
 * Several works in one transaction (SQLite's batched writes, sqlite/write-batcher.ts). `take` is called once
 * the transaction has begun, so works queued while it waited for the lock join it. With more than one, each
 * runs inside a savepoint of its own: one that fails is rolled back alone and settles with its error, and the
 * others commit together, each with its own modseq, change rows and events, as if it had run alone just after
 * the one before it. A single work runs as runWriteTransaction runs it, and its failure fails the transaction.
 * `failure` when the transaction as a whole failed (or never began: then `take` was not called): none of the
 * works it took had any effect.
 */
export async function runWriteTransactions(
  context: WriteContext,
  take: () => readonly Work<unknown>[],
): Promise<BatchOutcome> {
  let runs: readonly { readonly work: Work<unknown>; readonly state: TransactionState }[] = [];
  let settled: Settled<unknown>[];
  try {
    settled = await insideWrite.run(true, () =>
      context.db.transaction().execute(async (trx) =>
        onBoundConnection(trx, async () => {
          runs = take().map((work) => ({ work, state: new TransactionState(context.clock) }));
          const [only] = runs;
          if (runs.length === 1 && only !== undefined) {
            return [{ ok: true, value: await runWork(trx, only.work, only.state) }];
          }
          const results: Settled<unknown>[] = [];
          for (const { work, state } of runs) {
            await sql`savepoint batched_write`.execute(trx);
            try {
              const value = await runWork(trx, work, state);
              await sql`release batched_write`.execute(trx);
              results.push({ ok: true, value });
            } catch (error) {
              // A failure that ended the whole transaction (SQLite rolls back on a full disk) makes this throw.
              await sql`rollback to batched_write`.execute(trx);
              await sql`release batched_write`.execute(trx);
              results.push({ ok: false, error });
            }
          }
          return results;
        }),
      ),
    );
  } catch (failure) {
    return { failure };
  }
  settled.forEach((result, index) => {
    if (result.ok) runs[index]?.state.deliver(context);
  });
  return { settled };
}

/** The work, then its change rows and beforeCommit steps: the body of every write transaction. */
async function runWork<T>(
  trx: Transaction<DatabaseSchema>,
  work: Work<T>,
  state: TransactionState,
): Promise<T> {
  const value = await work(state.bind(trx));
  await state.flush(trx);
  return value;
}

async function execute<T>(context: WriteContext, state: TransactionState, work: Work<T>): Promise<T> {
  let builder = context.db.transaction();
  if (context.isolationLevel) builder = builder.setIsolationLevel(context.isolationLevel);
  return await builder.execute((trx) => onBoundConnection(trx, () => runWork(trx, work, state)));
}

/** `run` with the transaction's prepared queries sent straight to its connection (bound-connection.ts). */
async function onBoundConnection<T>(trx: Transaction<DatabaseSchema>, run: () => Promise<T>): Promise<T> {
  await bindConnection(trx);
  try {
    return await run();
  } finally {
    unbindConnection(trx);
  }
}

interface TouchedAccount {
  readonly modseq: Promise<number>;
  readonly types: Set<string>;
  resolved?: number;
}

interface PendingChange {
  readonly accountId: string;
  readonly type: string;
  readonly objectId: string;
  kind: ChangeKind;
}

class TransactionState {
  readonly #clock: Clock;
  readonly #accounts = new Map<string, TouchedAccount>();
  readonly #changes = new Map<string, PendingChange>();
  readonly #callbacks: (() => void)[] = [];
  readonly #lastSteps: (() => Promise<void>)[] = [];
  #isFlushed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  bind(trx: Transaction<DatabaseSchema>): WriteTransaction {
    return {
      db: trx,
      recordChange: (accountId, type, objectId, kind) => this.#record(trx, accountId, type, objectId, kind),
      afterCommit: (callback) => {
        this.#callbacks.push(callback);
      },
      beforeCommit: (work) => {
        assert(!this.#isFlushed, 'beforeCommit() called after the write transaction ended');
        this.#lastSteps.push(work);
      },
    };
  }

  /** Async so misuse rejects rather than throws; it still runs synchronously up to its single await. */
  async #record(
    trx: Transaction<DatabaseSchema>,
    accountId: string,
    type: string,
    objectId: string,
    kind: ChangeKind,
  ): Promise<number> {
    assert(!this.#isFlushed, 'recordChange() called after the write transaction ended');
    let account = this.#accounts.get(accountId);
    if (account === undefined) {
      // Taken synchronously on the first call, so concurrent calls for one account share one modseq.
      const modseq = takeNextModseq(trx, accountId);
      // Awaited at flush; this keeps an early failure from also surfacing as an unhandled rejection.
      modseq.catch(() => {});
      account = { modseq, types: new Set() };
      this.#accounts.set(accountId, account);
    }
    account.types.add(type);
    // One row per object and transaction (the primary key): a second change to it merges into the first.
    const key = JSON.stringify([accountId, type, objectId]);
    const previous = this.#changes.get(key);
    if (previous === undefined) this.#changes.set(key, { accountId, type, objectId, kind });
    else previous.kind = mergeKinds(previous.kind, kind);
    return await account.modseq;
  }

  async flush(trx: Transaction<DatabaseSchema>): Promise<void> {
    this.#isFlushed = true;
    for (const account of this.#accounts.values()) account.resolved = await account.modseq;
    const now = this.#clock.nowMs();
    const rows = [...this.#changes.values()].map((change) => {
      const modseq = this.#accounts.get(change.accountId)?.resolved;
      assert(modseq !== undefined);
      return {
        account_id: change.accountId,
        modseq,
        type: change.type,
        object_id: change.objectId,
        kind: change.kind,
        created_at: now,
      };
    });
    await insertChanges(trx, rows);
    for (const step of this.#lastSteps) await step();
  }

  /** After commit: a failing listener or callback is logged, never turned into a failed write. */
  deliver(context: WriteContext): void {
    for (const [accountId, account] of this.#accounts) {
      assert(account.resolved !== undefined);
      const event: ChangeEvent = { accountId, modseq: account.resolved, types: [...account.types] };
      try {
        context.bus?.publish(event);
      } catch (error) {
        context.log.error({ err: error, accountId }, 'change event listener failed');
      }
    }
    for (const callback of this.#callbacks) {
      try {
        callback();
      } catch (error) {
        context.log.error({ err: error }, 'afterCommit callback failed');
      }
    }
  }
}

/** Two changes to one object in one transaction, as one row: created then updated is still created, etc. */
function mergeKinds(previous: ChangeKind, next: ChangeKind): ChangeKind {
  if (next === 'destroyed') return 'destroyed';
  return previous === 'created' ? 'created' : 'updated';
}

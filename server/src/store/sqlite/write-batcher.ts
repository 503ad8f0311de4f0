// The in-process half of SQLite's single writer, with batching: writes run in call order, never two at once,
// and those asked for in one turn of the event loop, or queued while a transaction runs or waits for the write
// lock, share the next transaction, each in a savepoint of its own (write-transaction.ts,
// runWriteTransactions). With several processes on one file, each handover of the lock costs the next writer
// its page cache (SQLite drops it when another connection has committed) and a pause while it polls for the
// lock; a batch pays that once for all its writes. Measured on bench:imap's STORE phase: one worker 0.59–0.68 ms
// of CPU per STORE, two workers 0.86–0.90 without batches and 0.66–0.95 with them (1,425–1,518 against
// 1,454–2,057 STOREs/s). Decision 0010.
// A transaction runs once (WriteContext.maxAttempts is 1 on SQLite: BEGIN IMMEDIATE has waited for the lock).

import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  type BatchOutcome,
  runWriteTransaction,
  runWriteTransactions,
  type Work,
  type WriteContext,
} from '../write-transaction.ts';

/**
 * Writes per shared transaction: the lock is held for their whole run, so other processes' writes wait that
 * long (a STORE takes about 0.3 ms inside its transaction).
 */
export const MAX_BATCHED_WRITES = 32;

interface Pending {
  readonly work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class WriteBatcher {
  readonly #context: WriteContext;
  readonly #queue: Pending[] = [];
  #draining: Promise<void> | undefined;

  constructor(context: WriteContext) {
    this.#context = context;
  }

  /** Run `work` in a write transaction after every write queued before it has settled. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once every write queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /**
   * Runs until the queue is empty. The last check of the queue and the end of the drain happen in one
   * synchronous step (no await between them), so a write queued at any moment is either seen by the check or
   * starts a new drain.
   */
  async #drain(): Promise<void> {
    try {
      // A transaction runs from BEGIN to COMMIT without leaving the event loop, so without this turn a batch
      // would only ever hold what queued while another process had the lock: the writes of sessions whose
      // commands were read in the same poll of the event loop now share it too. One worker, 10 clients'
      // STOREs: 1 write per transaction before, 5 after.
      await nextTurn();
      while (this.#queue.length > 0) {
        let batch: Pending[] = [];
        const outcome = await runWriteTransactions(this.#context, () => {
          batch = this.#queue.splice(0, MAX_BATCHED_WRITES);
          return batch.map((pending) => pending.work);
        });
        if (batch.length === 0) {
          // The transaction never began (the lock stayed busy past the timeout): the oldest write, which
          // waited all that time, fails; the others try again.
          this.#queue.shift()?.reject(failureOf(outcome));
          continue;
        }
        await this.#settle(batch, outcome);
      }
    } finally {
      this.#draining = undefined;
    }
  }

  async #settle(batch: readonly Pending[], outcome: BatchOutcome): Promise<void> {
    if ('settled' in outcome) {
      outcome.settled.forEach((result, index) => {
        if (result.ok) batch[index]?.resolve(result.value);
        else batch[index]?.reject(result.error);
      });
      return;
    }
    if (batch.length === 1) {
      batch[0]?.reject(outcome.failure);
      return;
    }
    // The shared transaction failed as a whole (its commit, or a failure that ended it): none took effect, and
    // each runs again alone, so one write's trouble is its own.
    for (const pending of batch) {
      try {
        pending.resolve(await runWriteTransaction(this.#context, pending.work));
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}

function failureOf(outcome: BatchOutcome): unknown {
  return 'failure' in outcome ? outcome.failure : new Error('a write transaction took no work');
}

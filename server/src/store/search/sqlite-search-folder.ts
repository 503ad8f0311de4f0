// The job that folds SQLite's pending search documents into FTS5 (decision 0011), in the one process of a node
// that runs its maintenance (the WAL checkpoints' worker). It looks for pending rows on the reader, which costs
// nothing when there are none, and folds them in batches, each its own write transaction queued with the
// others (write-batcher.ts), so deliveries go between two batches. A search folds its own account's rows
// without waiting for this job; the job keeps that catch-up small.

import type { Kysely } from 'kysely';
import type { Logger } from '#core/log';
import type { DatabaseSchema } from '../schema.ts';
import {
  ALL_DOCUMENTS,
  countPending,
  foldInBatches,
  lastPendingIn,
  type WriteRunner,
} from './sqlite-search-pending.ts';

export interface SearchFolderOptions {
  readonly reader: Kysely<DatabaseSchema>;
  readonly write: WriteRunner;
  readonly log: Logger;
  /** How often to look for pending documents. */
  readonly intervalMs?: number;
  /** Documents per write transaction. */
  readonly batch?: number;
  /** After a failed run, how long the job waits before it looks again. */
  readonly failurePauseMs?: number;
}

export interface SearchFolder {
  /** Fold every document pending now, in batches (for commands and tests); resolves when they are folded. */
  foldAll(): Promise<void>;
  /** Stop looking, and wait for the batch in progress. */
  close(): Promise<void>;
}

/**
 * At 500 deliveries a second, a look every 200 ms finds about 100 documents: one FTS5 segment per table for
 * them, instead of one per delivery transaction.
 */
const DEFAULT_INTERVAL_MS = 200;
/**
 * About 0.3 ms of FTS5 work per document of a few KiB: a batch holds the write lock for about 40 ms, which a
 * delivery queued behind it waits at worst.
 */
const DEFAULT_BATCH = 128;
/** Batches per look: a large backlog (an import) is folded at up to this many batches per interval. */
const MAX_BATCHES_PER_LOOK = 32;
/**
 * A fold that fails for a lasting reason (a full disk) would otherwise fail, and be logged, five times a second;
 * searches still fold their own account's rows meanwhile, and report the failure to their caller.
 */
const DEFAULT_FAILURE_PAUSE_MS = 30_000;

export function startSearchFolder(options: SearchFolderOptions): SearchFolder {
  const { reader, write, log } = options;
  const batch = options.batch ?? DEFAULT_BATCH;
  let isClosed = false;
  /** The timer's run, if one is folding: a look that finds it still going leaves it be. */
  let looking: Promise<void> | undefined;
  const runs = new Set<Promise<void>>();

  const foldSome = async (maxBatches: number) => {
    // The look on the reader: most looks find nothing, and then take no write lock.
    if ((await lastPendingIn(reader, ALL_DOCUMENTS)) === undefined) return;
    await foldInBatches(write, reader, ALL_DOCUMENTS, batch, maxBatches, () => isClosed);
  };
  const tracked = (run: Promise<void>) => {
    runs.add(run);
    return run.finally(() => runs.delete(run));
  };

  const failurePauseMs = options.failurePauseMs ?? DEFAULT_FAILURE_PAUSE_MS;
  /** performance.now() before which the job does not look, after a failure. */
  let pausedUntil = 0;
  const timer = setInterval(() => {
    if (looking !== undefined || performance.now() < pausedUntil) return;
    looking = tracked(
      foldSome(MAX_BATCHES_PER_LOOK).catch((error: unknown) => {
        if (isClosed) return;
        pausedUntil = performance.now() + failurePauseMs;
        log.warn(
          { err: error, retryInMs: failurePauseMs },
          'folding pending search documents failed; searches fold their own, the job tries again later',
        );
      }),
    ).finally(() => {
      looking = undefined;
    });
  }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();

  return {
    async foldAll() {
      // Enough batches for every row pending now, whatever the timer's run folds beside them.
      const pending = await countPending(reader);
      await tracked(foldSome(Math.ceil(pending / batch) + 1));
    },
    async close() {
      isClosed = true;
      clearInterval(timer);
      await Promise.allSettled(runs);
    },
  };
}

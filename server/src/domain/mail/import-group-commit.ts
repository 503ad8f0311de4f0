// Group commit for imports (DATA-MODEL.md §6): grouped imports (IMAP APPEND) that reach the store while a
// transaction is running share the next one, and with it one durable commit (one WAL fsync on SQLite, one
// FTS5 segment). Each caller parses and writes its blobs first, on its own; only the transaction is shared.
// No caller gets its outcomes before the transaction holding its messages is durable. A caller may announce
// an import on its way (a delivery being checked and filtered): the next batch waits a moment for it, as
// PostgreSQL's commit_delay waits for commit_siblings, so that it shares that commit instead of needing one.

import type { ImportAnnouncement, ImportOutcome, ImportRequest } from './email.ts';
import {
  commitGroup,
  type ImportBatchOptions,
  type ImportGroup,
  prepareImports,
  sendNearFullNotices,
  writeImports,
} from './email-import.ts';
import type { MailContext } from './mail-context.ts';

/** Messages per shared transaction: a bounded transaction keeps the single writer's other users waiting briefly. */
export const MAX_GROUPED_MESSAGES = 256;
/** Bytes per shared transaction, for the same reason (and memory: every message is held until its commit). */
export const MAX_GROUPED_BYTES = 64 * 1024 * 1024;
/**
 * One batch at a time, until it is durable. On SQLite the transaction itself runs without yielding (node:sqlite
 * is synchronous), so callers gather while the WAL is being synced and while a batch waits for announced
 * imports: the next batch takes all of them. Parsing and blob writes do not wait for this; they run before a
 * caller queues.
 */
const MAX_BATCHES_IN_FLIGHT = 1;
/**
 * How long a batch waits for announced imports before it starts without them. An announced delivery has its
 * authentication (a few DNS lookups) and work on this event loop left (Sieve, the receipt check,
 * parsing); the bound keeps a slow lookup or a large message's blob file from holding the others' commit.
 */
export const ANNOUNCED_WAIT_MS = 3;

interface Waiting {
  readonly group: ImportGroup;
  readonly messages: number;
  readonly bytes: number;
  resolve(outcomes: ImportOutcome[]): void;
  reject(error: unknown): void;
}

export interface ImportGroupCommit {
  /**
   * importMessages with `isGrouped`: durable, in a transaction possibly shared with other callers'. Its
   * `announcement`, if any, is withdrawn once the messages are queued.
   */
  importMessages(requests: readonly ImportRequest[], options: ImportBatchOptions): Promise<ImportOutcome[]>;
  /** Announce a grouped import that will follow shortly; a batch about to start waits for it a moment. */
  announce(): ImportAnnouncement;
}

export function createImportGroupCommit(
  context: MailContext,
  options: { readonly announcedWaitMs: number } = { announcedWaitMs: ANNOUNCED_WAIT_MS },
): ImportGroupCommit {
  const queue: Waiting[] = [];
  /** Batches whose write has not returned (committed and durable, or failed). */
  let inFlight = 0;
  /** Announced imports not queued yet. */
  let announced = 0;
  /** Ends the wait of the batch about to start, if one waits (one batch at a time). */
  let endWait: (() => void) | undefined;

  /**
   * Until every announced import is queued or MAX_GROUPED_MESSAGES are, for announcedWaitMs at most. Woken by
   * the withdrawals rather than polling: an announced delivery waiting on DNS costs the batch no CPU.
   */
  const awaitAnnounced = () =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        endWait = undefined;
        resolve();
      };
      const timer = setTimeout(end, options.announcedWaitMs);
      endWait = end;
    });

  const takeBatch = (): Waiting[] => {
    const batch: Waiting[] = [];
    let messages = 0;
    let bytes = 0;
    for (let next = queue[0]; next !== undefined; next = queue[0]) {
      const fits =
        messages + next.messages <= MAX_GROUPED_MESSAGES && bytes + next.bytes <= MAX_GROUPED_BYTES;
      // A caller larger than the bounds still goes, alone.
      if (batch.length > 0 && !fits) break;
      batch.push(next);
      queue.shift();
      messages += next.messages;
      bytes += next.bytes;
    }
    return batch;
  };

  /** One caller in a transaction of its own: how a shared transaction that failed is retried. */
  const runAlone = async (waiting: Waiting) => {
    try {
      waiting.resolve(await commitGroup(context, waiting.group, { isDurable: true }));
    } catch (error) {
      waiting.reject(error);
    }
  };

  const runBatch = async () => {
    let batch: Waiting[] | undefined;
    // Taken when the transaction starts, not when it was asked for: every caller that queued while the write
    // waited for the writer joins it. A transaction run again (PostgreSQL serialization retry) keeps its batch.
    const take = (): Waiting[] => (batch ??= takeBatch());
    let written: Awaited<ReturnType<typeof writeImports>> | undefined;
    let failure: unknown;
    try {
      if (announced > 0 && queue.length < MAX_GROUPED_MESSAGES) await awaitAnnounced();
      written = await context.database.write(
        (tx) =>
          writeImports(
            context,
            tx,
            take().map((waiting) => waiting.group),
          ),
        { isDurable: true },
      );
    } catch (error) {
      failure = error;
    }
    const taken = take();
    inFlight--;
    schedule();

    if (written === undefined) {
      // One caller's problem must not fail the others: each goes again in a transaction of its own.
      if (taken.length === 1) taken[0]?.reject(failure);
      else await Promise.all(taken.map(runAlone));
      return;
    }
    const { results, nearFull } = written;
    taken.forEach((waiting, index) => {
      const result = results[index];
      if (result === undefined) waiting.reject(new Error('writeImports returned no result for a group'));
      else if (result.ok) waiting.resolve(result.outcomes);
      else waiting.reject(result.error);
    });
    await sendNearFullNotices(context, nearFull);
  };

  /** Start a batch when none is in flight; it takes the callers queued by the time its transaction starts. */
  const schedule = () => {
    if (inFlight >= MAX_BATCHES_IN_FLIGHT || queue.length === 0) return;
    inFlight++;
    void runBatch();
  };

  return {
    async importMessages(requests, options) {
      let outcomes: Promise<ImportOutcome[]>;
      try {
        if (requests.length === 0) return [];
        const prepared = await prepareImports(context, requests);
        const group = { prepared, isAtomic: options.isAtomic === true, beforeCommit: options.beforeCommit };
        const bytes = requests.reduce((sum, request) => sum + request.raw.byteLength, 0);
        outcomes = new Promise<ImportOutcome[]>((resolve, reject) => {
          queue.push({ group, messages: requests.length, bytes, resolve, reject });
        });
      } finally {
        options.announcement?.withdraw();
      }
      schedule();
      return await outcomes;
    },
    announce() {
      announced++;
      let isWithdrawn = false;
      return {
        withdraw() {
          if (isWithdrawn) return;
          isWithdrawn = true;
          announced--;
          if (announced === 0 || queue.length >= MAX_GROUPED_MESSAGES) endWait?.();
        },
      };
    },
  };
}

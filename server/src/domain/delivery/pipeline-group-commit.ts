// Group commit for the store stage (DATA-MODEL.md §6): the copies of every message that reaches the store
// while a transaction is in flight go into the next transaction together, so N concurrent deliveries cost
// one durable commit (one fsync) instead of N. No 250 is sent before the batch holding its copies returns.

import type { BeforeCommit, MailImportRequest, MailImportOutcome, MailImporter } from './inbound-ports.ts';

/** Copies per transaction: a bounded transaction keeps the single writer's other users waiting briefly. */
export const MAX_COPIES_PER_COMMIT = 256;
/** Bytes per transaction, for the same reason (and memory: every copy is held until its commit). */
export const MAX_BYTES_PER_COMMIT = 64 * 1024 * 1024;
/**
 * Batches in flight at once. An import first parses and fsyncs its blobs, then commits: with two batches,
 * the next one writes its blobs while the previous one commits, so the disk is never idle between fsyncs.
 * More would only queue on the store's single writer.
 */
export const MAX_BATCHES_IN_FLIGHT = 2;

interface Waiting {
  readonly requests: readonly MailImportRequest[];
  readonly beforeCommit: BeforeCommit | undefined;
  readonly bytes: number;
  resolve(outcomes: readonly MailImportOutcome[]): void;
  reject(error: unknown): void;
}

export interface GroupCommit {
  /**
   * Import `requests` durably, in a transaction possibly shared with other callers'; one outcome each.
   * `beforeCommit` writes the caller's own rows in that transaction, given the outcomes of its requests.
   */
  importDurably(
    requests: readonly MailImportRequest[],
    beforeCommit?: BeforeCommit,
  ): Promise<readonly MailImportOutcome[]>;
}

export function createGroupCommit(importer: MailImporter): GroupCommit {
  const queue: Waiting[] = [];
  let inFlight = 0;

  const takeBatch = (): Waiting[] => {
    const batch: Waiting[] = [];
    let copies = 0;
    let bytes = 0;
    while (queue.length > 0) {
      const next = queue[0];
      if (next === undefined) break;
      const fits =
        copies + next.requests.length <= MAX_COPIES_PER_COMMIT && bytes + next.bytes <= MAX_BYTES_PER_COMMIT;
      // A caller larger than the bounds still goes, alone.
      if (batch.length > 0 && !fits) break;
      batch.push(next);
      queue.shift();
      copies += next.requests.length;
      bytes += next.bytes;
    }
    return batch;
  };

  const runOne = async (waiting: Waiting) => {
    try {
      waiting.resolve(
        await importer.importMessages(waiting.requests, {
          isDurable: true,
          beforeCommit: waiting.beforeCommit,
        }),
      );
    } catch (error) {
      waiting.reject(error);
    }
  };

  const runBatch = async (batch: Waiting[]) => {
    if (batch.length === 1 && batch[0]) return runOne(batch[0]);
    try {
      const outcomes = await importer.importMessages(
        batch.flatMap((waiting) => waiting.requests),
        { isDurable: true, beforeCommit: (tx, all) => eachBeforeCommit(batch, tx, all) },
      );
      let offset = 0;
      for (const waiting of batch) {
        waiting.resolve(outcomes.slice(offset, offset + waiting.requests.length));
        offset += waiting.requests.length;
      }
    } catch {
      // One message's problem must not fail the others: retry each caller in its own transaction.
      for (const waiting of batch) await runOne(waiting);
    }
  };

  const run = () => {
    while (inFlight < MAX_BATCHES_IN_FLIGHT && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void runBatch(batch).finally(() => {
        inFlight--;
        run();
      });
    }
  };

  return {
    importDurably(requests, beforeCommit) {
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        const bytes = requests.reduce((sum, request) => sum + request.raw.byteLength, 0);
        queue.push({ requests, beforeCommit, bytes, resolve, reject });
        run();
      });
    },
  };
}

/** Each caller's hook with its own slice of the shared outcomes, in queue order. */
async function eachBeforeCommit(
  batch: readonly Waiting[],
  tx: Parameters<BeforeCommit>[0],
  outcomes: readonly MailImportOutcome[],
): Promise<void> {
  let offset = 0;
  for (const waiting of batch) {
    const mine = outcomes.slice(offset, offset + waiting.requests.length);
    offset += waiting.requests.length;
    await waiting.beforeCommit?.(tx, mine);
  }
}

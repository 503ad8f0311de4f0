// Job: prune inbound delivery receipts, the duplicate guard that keeps a retried message from being stored twice
// (docs/decisions/0006-inbound-delivery-replies.md). Delivery owns their retention (RECEIPT_RETENTION_MS: a week,
// beyond senders' five days of retries); this job only calls it. Hourly (jobs.prune-receipts-interval): each
// run deletes about an hour of received mail's receipts, one short statement. Two nodes at once is harmless:
// both delete by age.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Job } from './job-scheduler.ts';

export interface PruneReceiptsParts {
  /** delivery's pruneReceipts on this node's database, bound by main.ts; returns how many went. */
  readonly prune: (nowMs: number) => Promise<number>;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

export function pruneReceiptsJob(parts: PruneReceiptsParts): Job {
  return {
    name: 'prune-receipts',
    intervalMs: parts.intervalMs,
    async run() {
      const receipts = await parts.prune(parts.clock.nowMs());
      if (receipts > 0)
        parts.log.info({ event: 'receipts.pruned', receipts }, 'inbound delivery receipts pruned');
      return { counts: { receipts } };
    },
  };
}

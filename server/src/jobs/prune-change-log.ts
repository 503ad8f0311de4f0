// Job: prune the change log (DATA-MODEL.md §1). Rows older than changelog.retention go, except the newest row
// of every living object, so /changes from an old state still names each object changed since. A destroyed
// object's last row goes too once old, or tombstones would pile up forever: the pruned horizon of its account
// and type is raised in the same transaction, and /changes from an older state answers cannotCalculateChanges.
// Hourly (jobs.prune-change-log-interval): each run removes about an hour of writes in short transactions, and
// nothing is kept much past the retention. Two nodes pruning at once is harmless: the store's prune deletes each
// row once and only ever raises a horizon; a conflict between them fails one run, which the next one redoes.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Job } from './job-scheduler.ts';

/** The store's PruneOptions, as this job uses them. */
export interface ChangeLogPruneRequest {
  readonly olderThanMs: number;
  readonly keepNewestPerObject: boolean;
  readonly pruneDestroyed: boolean;
}

export interface PruneChangeLogParts {
  /** The store's pruneChangeLog on this node's database; main.ts binds it (jobs never import the store). */
  readonly prune: (request: ChangeLogPruneRequest) => Promise<number>;
  /** changelog.retention. */
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

export function pruneChangeLogJob(parts: PruneChangeLogParts): Job {
  return {
    name: 'prune-change-log',
    intervalMs: parts.intervalMs,
    async run() {
      const rows = await parts.prune({
        olderThanMs: parts.clock.nowMs() - parts.retentionMs,
        keepNewestPerObject: true,
        pruneDestroyed: true,
      });
      if (rows > 0) parts.log.info({ event: 'changelog.pruned', rows }, 'change-log rows pruned');
      return { counts: { rows } };
    },
  };
}

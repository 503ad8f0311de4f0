// Job: forget the helpdesk's NUMEN checks and activation codes once they no longer count (identity's
// helpdesk-pruning.ts says which and why; the audit log keeps the history). Hourly by default
// (jobs.prune-helpdesk-records-interval); bounded per run; two nodes at once only race to delete the same rows.

import type { Clock } from '#core/clock';
import type { IdentityService } from '#domain/identity';
import type { Job } from './job-scheduler.ts';

export interface PruneHelpdeskRecordsParts {
  readonly identity: Pick<IdentityService, 'pruneHelpdeskRecords'>;
  readonly intervalMs: number;
  readonly clock: Clock;
}

export function pruneHelpdeskRecordsJob(parts: PruneHelpdeskRecordsParts): Job {
  return {
    name: 'prune-helpdesk-records',
    intervalMs: parts.intervalMs,
    async run() {
      const report = await parts.identity.pruneHelpdeskRecords(parts.clock.nowMs());
      return {
        counts: { numenChecks: report.numenChecks, activationCodes: report.activationCodes },
        hasMore: report.hasMore,
      };
    },
  };
}

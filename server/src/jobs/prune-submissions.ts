// Job: forget old EmailSubmission records (domain/submission/submission-pruning.ts says which and why).
// Hourly by default (jobs.prune-submissions-interval); bounded work per run; two nodes at once only race to
// delete the same rows by age, which is harmless.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { SubmissionPruneReport } from '#domain/submission';
import type { Job } from './job-scheduler.ts';

export interface PruneSubmissionsParts {
  /** submission's pruneSubmissions on this node's database, bound by main.ts. */
  readonly prune: (nowMs: number) => Promise<SubmissionPruneReport>;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

export function pruneSubmissionsJob(parts: PruneSubmissionsParts): Job {
  return {
    name: 'prune-submissions',
    intervalMs: parts.intervalMs,
    async run() {
      const { expired, removed } = await parts.prune(parts.clock.nowMs());
      return { counts: { expired, removed } };
    },
  };
}

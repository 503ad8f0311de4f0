// The jobs' metrics: runs by outcome, how long they take, and when each last succeeded, so an alert can fire
// on "prune-change-log has not succeeded for a day" rather than on one failed run.

import type { MetricsRegistry } from '#core/metrics';

/** Jobs take from milliseconds (nothing to prune) to the blob collector's one-minute budget and beyond. */
const JOB_DURATION_BUCKETS_SECONDS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800] as const;

export interface JobMetrics {
  succeeded(job: string, durationMs: number, nowMs: number): void;
  failed(job: string, durationMs: number): void;
}

export function registerJobMetrics(registry: MetricsRegistry): JobMetrics {
  const runs = registry.counter({
    name: 'vercors_job_runs_total',
    help: 'Runs of the clock-driven maintenance jobs, by job and outcome (success, failure).',
    labelNames: ['job', 'outcome'],
  });
  const duration = registry.histogram({
    name: 'vercors_job_duration_seconds',
    help: 'How long each run of a maintenance job took, failed runs included.',
    labelNames: ['job'],
    buckets: JOB_DURATION_BUCKETS_SECONDS,
  });
  const lastSuccess = registry.gauge({
    name: 'vercors_job_last_success_timestamp_seconds',
    help: 'When each maintenance job last succeeded, in seconds since the epoch.',
    labelNames: ['job'],
  });
  return {
    succeeded(job, durationMs, nowMs) {
      runs.inc({ job, outcome: 'success' });
      duration.observe({ job }, durationMs / 1000);
      lastSuccess.set({ job }, nowMs / 1000);
    },
    failed(job, durationMs) {
      runs.inc({ job, outcome: 'failure' });
      duration.observe({ job }, durationMs / 1000);
    },
  };
}

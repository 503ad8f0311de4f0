// The scheduler of a node's clock-driven jobs (STYLE.md §3.2 jobs/). Each job runs every `intervalMs`, the first
// time after a settle delay plus a random jitter, so nodes started together do not all prune at the same moment.
// A job never overlaps itself: the next run is timed from the end of the previous one. A failure is logged and
// counted, and the job simply runs again at its next time. stop() cancels the timers and waits for the runs in
// progress, so the store is closed only after them. Timers are unref'd: the scheduler never keeps a process up.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { registerJobMetrics, type JobMetrics } from './job-metrics.ts';

/** What one run did: counts for the log, and whether it stopped at a bound with work left. */
export interface JobReport {
  readonly counts: Readonly<Record<string, number>>;
  /** The run stopped at its own bound (time, deletions): the next one comes after CATCH_UP_DELAY_MS. */
  readonly hasMore?: boolean;
}

export interface Job {
  /** kebab-case: the `job` field of log lines and the `job` label of the metrics. */
  readonly name: string;
  /** The pause between the end of one run and the start of the next. */
  readonly intervalMs: number;
  run(): Promise<JobReport>;
}

export type JobOutcome =
  | { readonly isSuccess: true; readonly report: JobReport }
  | { readonly isSuccess: false; readonly error: unknown };

/** setTimeout and clearTimeout, replaceable so tests fire timers themselves. */
export interface JobTimers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export interface JobSchedulerOptions {
  readonly jobs: readonly Job[];
  readonly clock: Clock;
  readonly log: Logger;
  /** Where `vercors_job_*` are registered (the process's registry); none in tests that do not look. */
  readonly metrics?: MetricsRegistry;
  /** Uniform in [0, 1): the first run's jitter. Math.random unless a test pins it. */
  readonly random?: () => number;
  readonly timers?: JobTimers;
  /** FIRST_RUN_DELAY_MS unless a test needs it shorter. */
  readonly firstRunDelayMs?: number;
  /** MAX_FIRST_RUN_JITTER_MS unless a test needs it shorter. */
  readonly maxFirstRunJitterMs?: number;
}

export interface JobScheduler {
  /** Arm every job's first run. */
  start(): void;
  /**
   * Run `name` now; if it is already running, wait for that run instead of starting a second one. Its next
   * scheduled run is then timed from the end of this one.
   */
  runNow(name: string): Promise<JobOutcome>;
  /** Cancel every timer and resolve once the runs in progress have ended; nothing runs after. */
  stop(): Promise<void>;
}

/** Before the first run: the process finishes binding its listeners and warming up first. */
export const FIRST_RUN_DELAY_MS = 30_000;
/**
 * Ceiling of the first run's random part (or the interval, when shorter). Nodes restarted together spread over
 * five minutes, and a node restarted more often than an interval (deploys) still runs every job after each start.
 */
export const MAX_FIRST_RUN_JITTER_MS = 5 * 60_000;
/** After a run that stopped with work left: soon, but leaving the store to the mail in between. */
export const CATCH_UP_DELAY_MS = 60_000;
/** setTimeout's ceiling (2^31 − 1 ms, about 24.8 days): a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const realTimers: JobTimers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface JobState {
  readonly job: Job;
  timer: unknown;
  running: Promise<JobOutcome> | undefined;
}

export function createJobScheduler(options: JobSchedulerOptions): JobScheduler {
  const { clock, log } = options;
  const timers = options.timers ?? realTimers;
  const random = options.random ?? Math.random;
  const metrics = options.metrics && registerJobMetrics(options.metrics);
  const states = new Map<string, JobState>();
  for (const job of options.jobs) {
    assert.ok(!states.has(job.name), `job ${job.name} is scheduled twice`);
    assert.ok(
      Number.isSafeInteger(job.intervalMs) && job.intervalMs > 0 && job.intervalMs <= MAX_TIMER_MS,
      `job ${job.name}: the interval must be a positive number of ms a timer can wait`,
    );
    states.set(job.name, { job, timer: undefined, running: undefined });
  }
  let isStarted = false;
  let isStopped = false;

  const arm = (state: JobState, delayMs: number) => {
    if (state.timer !== undefined) timers.clear(state.timer);
    state.timer = timers.set(() => {
      state.timer = undefined;
      void launch(state);
    }, delayMs);
  };

  const launch = (state: JobState): Promise<JobOutcome> => {
    if (state.running) return state.running;
    if (state.timer !== undefined) timers.clear(state.timer);
    state.timer = undefined;
    const running = execute(state.job, { clock, log, metrics }).then((outcome) => {
      state.running = undefined;
      if (isStarted && !isStopped) {
        const hasMore = outcome.isSuccess && outcome.report.hasMore === true;
        arm(state, hasMore ? Math.min(CATCH_UP_DELAY_MS, state.job.intervalMs) : state.job.intervalMs);
      }
      return outcome;
    });
    state.running = running;
    return running;
  };

  return {
    start() {
      assert.ok(!isStarted && !isStopped, 'a job scheduler starts once');
      isStarted = true;
      const settle = options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS;
      const maxJitter = options.maxFirstRunJitterMs ?? MAX_FIRST_RUN_JITTER_MS;
      for (const state of states.values()) {
        const jitter = Math.floor(random() * Math.min(state.job.intervalMs, maxJitter));
        arm(state, Math.min(settle + jitter, MAX_TIMER_MS));
      }
      // Once per node: the log says which process runs them.
      const intervals = Object.fromEntries([...states].map(([name, state]) => [name, state.job.intervalMs]));
      log.info({ intervalsMs: intervals }, 'maintenance jobs scheduled');
    },

    runNow(name) {
      const state = states.get(name);
      assert.ok(state, `no job named ${name}`);
      if (isStopped) return Promise.reject(new Error(`job ${name} cannot run: the scheduler is stopped`));
      return launch(state);
    },

    async stop() {
      isStopped = true;
      for (const state of states.values()) {
        if (state.timer !== undefined) timers.clear(state.timer);
        state.timer = undefined;
      }
      await Promise.all([...states.values()].flatMap((state) => (state.running ? [state.running] : [])));
    },
  };
}

/** One run of `job`: never rejects; the outcome is logged and counted. */
async function execute(
  job: Job,
  { clock, log, metrics }: { clock: Clock; log: Logger; metrics: JobMetrics | undefined },
): Promise<JobOutcome> {
  // Elapsed time, not the injected clock: the clock says when (and how old data is), this says how long.
  const startedAt = performance.now();
  try {
    const report = await job.run();
    const durationMs = Math.round(performance.now() - startedAt);
    metrics?.succeeded(job.name, durationMs, clock.nowMs());
    log.debug({ job: job.name, durationMs, ...report.counts, hasMore: report.hasMore }, 'job finished');
    return { isSuccess: true, report };
  } catch (error) {
    const durationMs = Math.round(performance.now() - startedAt);
    metrics?.failed(job.name, durationMs);
    log.error({ err: error, job: job.name, durationMs }, 'job failed; it runs again at its next time');
    return { isSuccess: false, error };
  }
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedClock } from '#core/clock';
import { createLogger, silentLogger } from '#core/log';
import { createMetricsRegistry, type MetricsRegistry } from '#core/metrics';
import {
  CATCH_UP_DELAY_MS,
  createJobScheduler,
  FIRST_RUN_DELAY_MS,
  MAX_FIRST_RUN_JITTER_MS,
  type Job,
  type JobReport,
  type JobTimers,
} from './job-scheduler.ts';

const HOUR = 3_600_000;

/** Timers the test fires by hand; `delays` are those still pending, per job run in arming order. */
function manualTimers(): JobTimers & { delays(): number[]; fire(): void } {
  const pending = new Map<number, { callback: () => void; delayMs: number }>();
  let next = 0;
  return {
    set(callback, delayMs) {
      next += 1;
      pending.set(next, { callback, delayMs });
      return next;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
    delays: () => [...pending.values()].map((timer) => timer.delayMs),
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.callback();
    },
  };
}

/** A job whose runs the test finishes by hand. */
function heldJob(name = 'held', intervalMs = HOUR) {
  const runs: { finish: (report?: JobReport) => void; fail: (error: Error) => void }[] = [];
  const job: Job = {
    name,
    intervalMs,
    run: () =>
      new Promise<JobReport>((resolve, reject) => {
        runs.push({ finish: (report = { counts: { removed: 1 } }) => resolve(report), fail: reject });
      }),
  };
  return { job, runs };
}

/** Let settled promises run their continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function sample(registry: MetricsRegistry, name: string, labels: Record<string, string>) {
  const family = (await registry.collect()).find((f) => f.name === name);
  const found = family?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value;
}

test('the first run waits the settle delay plus a jitter bounded by the interval and by the jitter ceiling', () => {
  for (const [random, intervalMs, expected] of [
    [0, HOUR, FIRST_RUN_DELAY_MS],
    [0.5, HOUR, FIRST_RUN_DELAY_MS + MAX_FIRST_RUN_JITTER_MS / 2],
    [0.999_999, HOUR, FIRST_RUN_DELAY_MS + MAX_FIRST_RUN_JITTER_MS - 1],
    [0.999_999, 10_000, FIRST_RUN_DELAY_MS + 10_000 - 1],
  ] as const) {
    const timers = manualTimers();
    const scheduler = createJobScheduler({
      jobs: [heldJob('a', intervalMs).job],
      clock: fixedClock(new Date()),
      log: silentLogger(),
      random: () => random,
      timers,
    });
    scheduler.start();
    assert.deepEqual(timers.delays(), [expected], `random ${random}, interval ${intervalMs}`);
  }
});

test('jobs get independent jitters, each within its bounds', () => {
  const timers = manualTimers();
  const jobs = Array.from({ length: 20 }, (_, i) => heldJob(`job-${i}`).job);
  createJobScheduler({ jobs, clock: fixedClock(new Date()), log: silentLogger(), timers }).start();
  const delays = timers.delays();
  assert.equal(delays.length, 20);
  for (const delay of delays) {
    assert.ok(
      delay >= FIRST_RUN_DELAY_MS && delay < FIRST_RUN_DELAY_MS + MAX_FIRST_RUN_JITTER_MS,
      `${delay}`,
    );
  }
  assert.ok(new Set(delays).size > 1, 'not every job starts at the same moment');
});

test('a job never overlaps itself: running it while it runs waits for that run', async () => {
  const timers = manualTimers();
  const { job, runs } = heldJob();
  const scheduler = createJobScheduler({
    jobs: [job],
    clock: fixedClock(new Date()),
    log: silentLogger(),
    timers,
  });
  scheduler.start();
  timers.fire();
  assert.equal(runs.length, 1);
  assert.deepEqual(timers.delays(), [], 'no timer while the run is in progress');
  const second = scheduler.runNow('held');
  assert.equal(runs.length, 1, 'no second run started');
  runs[0]?.finish();
  const outcome = await second;
  assert.ok(outcome.isSuccess);
  assert.deepEqual(outcome.report.counts, { removed: 1 });
  await settle();
  assert.deepEqual(timers.delays(), [HOUR], 'the next run is one interval after this one ended');
  await scheduler.stop();
});

test('a failed run is logged and counted, and the job still runs at its next time', async () => {
  const timers = manualTimers();
  const lines: string[] = [];
  const log = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
  const registry = createMetricsRegistry();
  const clock = fixedClock(new Date('2026-11-01T00:00:00Z'));
  const { job, runs } = heldJob('flaky');
  const scheduler = createJobScheduler({ jobs: [job], clock, log, metrics: registry, timers });
  scheduler.start();

  timers.fire();
  runs[0]?.fail(new Error('database is locked'));
  await settle();
  const failure = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((l) => l.job === 'flaky');
  assert.equal(failure?.level, 'error');
  assert.match(String((failure?.err as { message?: string } | undefined)?.message), /database is locked/);
  assert.equal(await sample(registry, 'vercors_job_runs_total', { job: 'flaky', outcome: 'failure' }), 1);
  assert.equal(
    await sample(registry, 'vercors_job_last_success_timestamp_seconds', { job: 'flaky' }),
    undefined,
  );
  assert.deepEqual(timers.delays(), [HOUR], 'a failure is retried at the next interval');

  clock.advance(HOUR);
  timers.fire();
  assert.equal(runs.length, 2, 'the next run happened');
  runs[1]?.finish();
  await settle();
  assert.equal(await sample(registry, 'vercors_job_runs_total', { job: 'flaky', outcome: 'success' }), 1);
  assert.equal(
    await sample(registry, 'vercors_job_last_success_timestamp_seconds', { job: 'flaky' }),
    clock.nowMs() / 1000,
  );
  const histogram = (await registry.collect()).find((f) => f.name === 'vercors_job_duration_seconds');
  assert.equal(histogram?.samples.find((s) => s.suffix === '_count')?.value, 2, 'both runs timed');
  await scheduler.stop();
});

test('a run that stopped with work left is followed by a catch-up run, not a full interval later', async () => {
  const timers = manualTimers();
  const { job, runs } = heldJob('gc', 6 * HOUR);
  const scheduler = createJobScheduler({
    jobs: [job],
    clock: fixedClock(new Date()),
    log: silentLogger(),
    timers,
  });
  scheduler.start();
  timers.fire();
  runs[0]?.finish({ counts: { removed: 10_000 }, hasMore: true });
  await settle();
  assert.deepEqual(timers.delays(), [CATCH_UP_DELAY_MS]);
  timers.fire();
  runs[1]?.finish({ counts: { removed: 3 } });
  await settle();
  assert.deepEqual(timers.delays(), [6 * HOUR]);
  await scheduler.stop();
});

test('stop cancels the timers and waits for the run in progress; nothing runs after', async () => {
  const timers = manualTimers();
  const held = heldJob('slow');
  const idle = heldJob('idle');
  const scheduler = createJobScheduler({
    jobs: [held.job, idle.job],
    clock: fixedClock(new Date()),
    log: silentLogger(),
    timers,
  });
  scheduler.start();
  const run = scheduler.runNow('slow');
  assert.deepEqual(timers.delays().length, 1, 'only the idle job still waits');

  let isStopped = false;
  const stopping = scheduler.stop().then(() => {
    isStopped = true;
  });
  assert.deepEqual(timers.delays(), [], 'every timer is cancelled at once');
  await settle();
  assert.equal(isStopped, false, 'stop waits for the run in progress');
  held.runs[0]?.finish();
  await stopping;
  assert.ok((await run).isSuccess);
  assert.deepEqual(timers.delays(), [], 'the finished run arms no next one');
  await assert.rejects(scheduler.runNow('idle'), /stopped/);
  assert.equal(idle.runs.length, 0);
});

test('with real timers a short-interval job runs again and again until stopped, never twice at once', async () => {
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  const job: Job = {
    name: 'tick',
    intervalMs: 5,
    async run() {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      runs += 1;
      await sleep(10);
      running -= 1;
      return { counts: {} };
    },
  };
  const scheduler = createJobScheduler({
    jobs: [job],
    clock: fixedClock(new Date()),
    log: silentLogger(),
    firstRunDelayMs: 0,
    maxFirstRunJitterMs: 5,
  });
  scheduler.start();
  const deadline = Date.now() + 5_000;
  while (runs < 3 && Date.now() < deadline) await sleep(5);
  assert.ok(runs >= 3, `the timers ran it ${runs} times`);
  const [first, second] = await Promise.all([scheduler.runNow('tick'), scheduler.runNow('tick')]);
  assert.equal(first, second, 'the second request joined the first run');
  await scheduler.stop();
  const after = runs;
  assert.equal(running, 0, 'stop returned after the run in progress');
  await sleep(50);
  assert.equal(runs, after, 'no run after stop');
  assert.equal(maxRunning, 1);
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '#core/log';
import { FIRST_RESTART_DELAY_MS, MAX_STARTUP_FAILURES } from './restart-backoff.ts';
import { createWorkerPool, type PoolFatal, type WorkerPool } from './worker-pool.ts';

const SCRIPT = join(import.meta.dirname, 'pool-worker.fixture.ts');
let root: string;
const pools: WorkerPool[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-pool-'));
});
after(async () => {
  await Promise.all(pools.map((pool) => pool.stop(0)));
  await rm(root, { recursive: true, force: true });
});

function pool(mode: string, size = 2, stopMarginMs?: number, env: Record<string, string> = {}) {
  const fatals: PoolFatal[] = [];
  const restarts: number[] = [];
  /** When each restart was scheduled: the delay runs from there. */
  const restartedAt: number[] = [];
  const created = createWorkerPool({
    size,
    env: { VERCORS_TEST_WORKER_MODE: mode, VERCORS_TEST_MARKER: join(root, mode), ...env },
    workerScript: SCRIPT,
    log: silentLogger(),
    onMessage: () => {},
    onFatal: (fatal) => fatals.push(fatal),
    onRestart: (slot) => {
      restarts.push(slot);
      restartedAt.push(Date.now());
    },
    stopMarginMs,
  });
  pools.push(created);
  return { pool: created, fatals, restarts, restartedAt };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// One pool at a time: node:cluster's primary settings are process-wide.
describe('worker pool', { concurrency: 1, timeout: 60_000 }, () => {
  test('every slot reports ready, then stop ends every worker', async () => {
    const { pool: ready } = pool('ready');
    assert.equal(await ready.start(), 'ready');
    assert.deepEqual(ready.readySlots(), [1, 2]);
    assert.ok(ready.status().every((slot) => slot.pid !== undefined));
    await ready.stop(1_000);
    assert.deepEqual(ready.readySlots(), []);
  });

  test('workers get a bounded young generation, unless the operator set one in NODE_OPTIONS', async () => {
    const flagsOf = async (env: Record<string, string>) => {
      const { pool: started } = pool('reportFlags', 1, undefined, env);
      assert.equal(await started.start(), 'ready');
      await started.stop(1_000);
      return JSON.parse(await readFile(`${join(root, 'reportFlags')}.1`, 'utf8')) as string[];
    };
    assert.ok((await flagsOf({})).includes('--max-semi-space-size=4'));
    const operator = await flagsOf({ NODE_OPTIONS: '--max-semi-space-size=2' });
    assert.ok(!operator.some((flag) => flag.includes('semi-space')), 'the operator setting is left to apply');
  });

  test('a worker that crashes after starting is forked again after a short delay', async () => {
    const { pool: crashing, restarts, restartedAt } = pool('crashOnceAfterReady');
    assert.equal(await crashing.start(), 'ready');
    await until(() => restarts.length === 1, 5_000);
    assert.deepEqual(restarts, [1]);
    await until(() => crashing.readySlots().length === 2, 5_000);
    // Measured from when the pool scheduled the restart, not from when this test's polling noticed it (a
    // busy machine made that late enough for the check to fail).
    assert.ok(Date.now() - (restartedAt[0] ?? 0) >= FIRST_RESTART_DELAY_MS / 2);
    assert.equal(crashing.status().find((s) => s.slot === 1)?.restarts, 1);
    await crashing.stop(1_000);
  });

  test('a worker reporting a fatal problem is not restarted, and the pool reports it', async () => {
    const { pool: fatal, fatals, restarts } = pool('fatal', 1);
    assert.equal(await fatal.start(), 'failed');
    assert.deepEqual(fatals, [
      {
        kind: 'worker',
        slot: 1,
        fatal: { reason: 'listen', settingKey: 'listen.http', address: '127.0.0.1:1', code: 'EADDRINUSE' },
      },
    ]);
    await fatal.stop(1_000);
    assert.deepEqual(restarts, []);
  });

  test('a worker that cannot start at all is given up after a bounded number of tries', async () => {
    const { pool: crashing, fatals, restarts } = pool('crash', 1);
    const started = Date.now();
    assert.equal(await crashing.start(), 'failed');
    assert.deepEqual(fatals, [{ kind: 'startup', slot: 1, failures: MAX_STARTUP_FAILURES }]);
    assert.equal(restarts.length, MAX_STARTUP_FAILURES - 1);
    assert.ok(Date.now() - started < 20_000);
    await crashing.stop(0);
  });

  test('a worker that ignores shutdown is killed once the grace period and margin are over', async () => {
    const { pool: stubborn } = pool('ignoreShutdown', 1, 200);
    assert.equal(await stubborn.start(), 'ready');
    const started = Date.now();
    await stubborn.stop(100);
    const took = Date.now() - started;
    assert.ok(took >= 300 && took < 5_000, `stopped after ${took} ms`);
    assert.deepEqual(stubborn.readySlots(), []);
  });
});

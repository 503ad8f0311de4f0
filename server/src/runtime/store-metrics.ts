// The storage as a worker sees it: at each scrape, is it answering and how fast; and, on SQLite, how long each write
// transaction waited for the node's write lock and held it.

import { performance } from 'node:perf_hooks';
import type { MetricsRegistry } from '#core/metrics';
import type { Database } from '#store';

/** A ping slower than this counts as down: it would fail most requests anyway. */
export const STORE_PING_TIMEOUT_MS = 2_000;

/**
 * SQLite's write lock, waited for and held: a delivery transaction holds it a few milliseconds, a flag change
 * well under one, a search fold tens. Fixed, so the workers' series add up.
 */
export const WRITE_LOCK_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5,
] as const;

export function registerStoreMetrics(
  registry: MetricsRegistry,
  store: { dialect: string; ping(): Promise<void> },
): void {
  const up = registry.gauge({
    name: 'vercors_store_up',
    help: 'Whether the storage answered a trivial query at this scrape (1) or not (0).',
    labelNames: ['dialect'],
  });
  registry.gauge({
    name: 'vercors_store_ping_seconds',
    help: 'Round-trip time of a trivial query to the storage at this scrape.',
    labelNames: ['dialect'],
    collect: async (latency) => {
      const labels = { dialect: store.dialect };
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const isUp = await Promise.race([
        store.ping().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), STORE_PING_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      latency.set(labels, (performance.now() - started) / 1000);
      up.set(labels, isUp ? 1 : 0);
    },
  });
}

/**
 * SQLite's write lock, which the node's writers share: time waited is time another worker (or a command) held
 * it. Nothing on PostgreSQL.
 */
export function registerWriteLockMetrics(
  registry: MetricsRegistry,
  database: Pick<Database, 'observeWriteLock'>,
): void {
  if (database.observeWriteLock === undefined) return;
  const waited = registry.histogram({
    name: 'vercors_store_write_lock_wait_seconds',
    help: "Time a write transaction waited for SQLite's write lock before it began.",
    buckets: WRITE_LOCK_BUCKETS_SECONDS,
  });
  const held = registry.histogram({
    name: 'vercors_store_write_lock_held_seconds',
    help: "Time a write transaction held SQLite's write lock, from BEGIN to the end of its COMMIT or ROLLBACK.",
    buckets: WRITE_LOCK_BUCKETS_SECONDS,
  });
  database.observeWriteLock((waitSeconds, heldSeconds) => {
    waited.observe({}, waitSeconds);
    held.observe({}, heldSeconds);
  });
}

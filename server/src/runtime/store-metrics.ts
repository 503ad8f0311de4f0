// The storage as a worker sees it, measured at each scrape: is it answering, and how fast.

import { performance } from 'node:perf_hooks';
import type { MetricsRegistry } from '#core/metrics';

/** A ping slower than this counts as down: it would fail most requests anyway. */
export const STORE_PING_TIMEOUT_MS = 2_000;

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

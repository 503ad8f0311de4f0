// The primary's metrics: its own process, the cluster (workers configured and ready, restarts), and the
// gatherer that turns every worker's samples into the node's /metrics page.

import { createMetricsRegistry } from '#core/metrics';
import { createNodeMetricsGatherer, type NodeMetricsGatherer } from './node-metrics-gatherer.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface PrimaryMetrics {
  readonly gatherer: NodeMetricsGatherer;
  /** Count a restart of `slot`. */
  restarted(slot: number): void;
  stop(): void;
}

export function createPrimaryMetrics(
  size: number,
  pool: Pick<WorkerPool, 'readySlots' | 'send'>,
): PrimaryMetrics {
  const processRegistry = createMetricsRegistry();
  const processMetrics = registerProcessMetrics(processRegistry);
  const clusterRegistry = createMetricsRegistry();
  const restarts = clusterRegistry.counter({
    name: 'vercors_worker_restarts_total',
    help: 'Workers forked again after they exited unexpectedly, by worker slot.',
    labelNames: ['worker'],
  });
  clusterRegistry.gauge({
    name: 'vercors_workers',
    help: 'Worker processes of this node: configured, and ready to serve.',
    labelNames: ['state'],
    collect: (gauge) => {
      gauge.set({ state: 'configured' }, size);
      gauge.set({ state: 'ready' }, pool.readySlots().length);
    },
  });
  const slots = Array.from({ length: size }, (_, index) => index + 1);
  const gatherer = createNodeMetricsGatherer({
    slots: () => slots,
    readySlots: () => pool.readySlots(),
    requestSamples: (slot, requestId) => pool.send(slot, { kind: 'metricsCollect', requestId }),
    primaryProcess: processRegistry,
    cluster: clusterRegistry,
  });
  return {
    gatherer,
    restarted: (slot) => restarts.inc({ worker: String(slot) }),
    stop: () => processMetrics.stop(),
  };
}

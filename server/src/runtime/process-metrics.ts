// Health of one Node process, refreshed at each scrape: uptime, memory, and how late and how busy its
// event loop is. A worker whose loop lags is blocked on CPU work (DATA-MODEL.md §5 forbids it).

import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { MetricsRegistry } from '#core/metrics';

/** 20 ms sampling resolves the lags users notice at negligible cost. */
const LOOP_DELAY_RESOLUTION_MS = 20;
const NS_PER_SECOND = 1e9;

export interface ProcessMetrics {
  /** Stop sampling the event loop (at shutdown). */
  stop(): void;
}

export function registerProcessMetrics(registry: MetricsRegistry): ProcessMetrics {
  const startSeconds = performance.timeOrigin / 1000;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  let lastUtilization: EventLoopUtilization = performance.eventLoopUtilization();

  registry.gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch, in seconds.',
    collect: (gauge) => gauge.set({}, Math.round(startSeconds)),
  });
  registry.gauge({
    name: 'process_uptime_seconds',
    help: 'Seconds since the process started.',
    collect: (gauge) => gauge.set({}, Math.round(process.uptime() * 1000) / 1000),
  });
  registry.gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    collect: (gauge) => gauge.set({}, process.memoryUsage.rss()),
  });
  registry.gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'V8 heap in use, in bytes.',
    collect: (gauge) => gauge.set({}, process.memoryUsage().heapUsed),
  });
  registry.gauge({
    name: 'nodejs_heap_size_total_bytes',
    help: 'V8 heap reserved, in bytes.',
    collect: (gauge) => gauge.set({}, process.memoryUsage().heapTotal),
  });
  registry.gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'Event-loop delay since the previous scrape: mean, 99th percentile and maximum.',
    labelNames: ['stat'],
    collect: (gauge) => {
      // The histogram records whole intervals between its timer's runs, the resolution included: subtract it
      // to get the lateness. Before the first sample it holds NaN and sentinels, so report 0.
      const lateness = (ns: number) =>
        loopDelay.count > 0 ? Math.max(0, ns / NS_PER_SECOND - LOOP_DELAY_RESOLUTION_MS / 1000) : 0;
      gauge.set({ stat: 'mean' }, lateness(loopDelay.mean));
      gauge.set({ stat: 'p99' }, lateness(loopDelay.percentile(99)));
      gauge.set({ stat: 'max' }, lateness(loopDelay.max));
      loopDelay.reset();
    },
  });
  registry.gauge({
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of time the event loop was busy since the previous scrape (0 to 1).',
    collect: (gauge) => {
      const now = performance.eventLoopUtilization();
      gauge.set({}, performance.eventLoopUtilization(now, lastUtilization).utilization);
      lastUtilization = now;
    },
  });

  return { stop: () => loopDelay.disable() };
}

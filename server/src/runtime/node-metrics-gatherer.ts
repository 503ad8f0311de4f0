// The primary's half of /metrics: ask every ready worker for its samples, wait a bounded time, and render
// one page for the whole node, each sample labelled by worker. A worker that does not answer is reported
// by `vercors_metrics_worker_up 0` rather than holding the scrape.

import { renderPrometheus, withLabels, type MetricFamily, type MetricsRegistry } from '#core/metrics';

/** Workers answer in milliseconds; one that takes longer is stuck, and Prometheus' own timeout is 10 s. */
export const WORKER_SAMPLES_TIMEOUT_MS = 2_000;

export interface GathererOptions {
  /** Slots 1…N, ready or not (a missing one is reported). */
  readonly slots: () => readonly number[];
  readonly readySlots: () => readonly number[];
  /** Ask one worker for its samples; false when it could not be asked. */
  readonly requestSamples: (slot: number, requestId: number) => boolean;
  /** The primary's process metrics (labelled worker="primary"). */
  readonly primaryProcess: MetricsRegistry;
  /** The cluster's own metrics (worker counts and restarts), unlabelled. */
  readonly cluster: MetricsRegistry;
  readonly timeoutMs?: number;
}

export interface NodeMetricsGatherer {
  /** The whole node's page. Concurrent calls share one round of requests to the workers. */
  gather(): Promise<string>;
  /** A worker's answer to `requestSamples`. */
  receive(slot: number, requestId: number, families: readonly MetricFamily[]): void;
}

export function createNodeMetricsGatherer(options: GathererOptions): NodeMetricsGatherer {
  let nextRequestId = 1;
  let inFlight: Promise<string> | undefined;
  let round:
    | {
        requestId: number;
        answers: Map<number, readonly MetricFamily[]>;
        done: () => void;
        expected: Set<number>;
      }
    | undefined;

  const gatherOnce = async (): Promise<string> => {
    const requestId = nextRequestId++;
    const expected = new Set<number>();
    const answers = new Map<number, readonly MetricFamily[]>();
    let timer: NodeJS.Timeout | undefined;
    const complete = new Promise<void>((resolve) => {
      round = { requestId, answers, expected, done: resolve };
      timer = setTimeout(resolve, options.timeoutMs ?? WORKER_SAMPLES_TIMEOUT_MS);
    });
    for (const slot of options.readySlots()) {
      if (options.requestSamples(slot, requestId)) expected.add(slot);
    }
    if (expected.size > 0) await complete;
    clearTimeout(timer);
    round = undefined;

    const families: MetricFamily[] = [
      ...(await options.cluster.collect()),
      ...withLabels(await options.primaryProcess.collect(), { worker: 'primary' }),
    ];
    for (const [slot, samples] of [...answers].sort(([a], [b]) => a - b)) {
      families.push(...withLabels(samples, { worker: String(slot) }));
    }
    families.push({
      name: 'vercors_metrics_worker_up',
      help: 'Whether each worker answered this scrape in time (0: its samples are missing from this page).',
      type: 'gauge',
      samples: options
        .slots()
        .map((slot) => ({ suffix: '', labels: { worker: String(slot) }, value: answers.has(slot) ? 1 : 0 })),
    });
    return renderPrometheus(families);
  };

  return {
    gather() {
      inFlight ??= gatherOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    receive(slot, requestId, families) {
      if (!round || round.requestId !== requestId || !round.expected.has(slot)) return;
      round.answers.set(slot, families);
      if (round.answers.size === round.expected.size) round.done();
    },
  };
}

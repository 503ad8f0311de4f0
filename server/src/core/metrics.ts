// A small metrics registry: counters, gauges and fixed-bucket histograms, rendered in the Prometheus text
// exposition format 0.0.4. Modules register into their process's registry; a collected snapshot is plain
// data, so the runtime can carry it between cluster workers and render the whole node in one page.

import assert from 'node:assert/strict';

export type MetricType = 'counter' | 'gauge' | 'histogram';
export type Labels = Readonly<Record<string, string>>;

/** One line of the exposition: `name{labels} value`. `null` is a non-finite value (JSON, hence IPC, has none). */
export interface MetricSample {
  readonly suffix: '' | '_bucket' | '_sum' | '_count';
  readonly labels: Labels;
  readonly value: number | null;
}

/** Everything under one `# HELP` / `# TYPE` header. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly MetricSample[];
}

export interface MetricSpec {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`, with the unit as suffix (`_seconds`, `_bytes`, `_total` for counters). */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

export interface Counter {
  /** Add `amount` (≥ 0) to the series of `labels`. */
  inc(labels?: Labels, amount?: number): void;
}

export interface Gauge {
  set(labels: Labels, value: number): void;
  inc(labels?: Labels, amount?: number): void;
}

export interface Histogram {
  observe(labels: Labels, value: number): void;
}

export interface GaugeSpec extends MetricSpec {
  /** Called before each collection to refresh the values (may be async; keep it bounded in time). */
  readonly collect?: (gauge: Gauge) => void | Promise<void>;
}

export interface HistogramSpec extends MetricSpec {
  /** Upper bounds, strictly increasing and finite; `+Inf` is added. Fixed, so series from workers add up. */
  readonly buckets: readonly number[];
}

export interface MetricsRegistry {
  counter(spec: MetricSpec): Counter;
  gauge(spec: GaugeSpec): Gauge;
  histogram(spec: HistogramSpec): Histogram;
  /** Refresh collected gauges, then snapshot every family in registration order. */
  collect(): Promise<MetricFamily[]>;
}

/** Prometheus' own default buckets for request latencies, in seconds: 5 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * Series per metric. A label fed from the network (a path, a user) would otherwise grow memory and the
 * scrape without end; past this many, new series are dropped and counted in `vercors_metrics_dropped_series_total`.
 */
export const MAX_SERIES_PER_METRIC = 2000;

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DROPPED_SERIES = 'vercors_metrics_dropped_series_total';

interface Family {
  readonly spec: MetricSpec;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
  snapshot(): MetricSample[];
  readonly refresh?: () => void | Promise<void>;
}

export function createMetricsRegistry(): MetricsRegistry {
  const families = new Map<string, Family>();
  let droppedSeries = 0;

  const register = (family: Family) => {
    assert.ok(METRIC_NAME.test(family.spec.name), `bad metric name ${family.spec.name}`);
    assert.ok(!families.has(family.spec.name), `metric ${family.spec.name} is registered twice`);
    for (const label of family.labelNames) {
      assert.ok(LABEL_NAME.test(label) && !label.startsWith('__'), `bad label name ${label}`);
      assert.ok(!(family.type === 'histogram' && label === 'le'), 'le is reserved for histogram buckets');
    }
    families.set(family.spec.name, family);
  };

  /** The series map of one family, keyed by its label values; refuses to grow past the bound. */
  const seriesOf = <S>(labelNames: readonly string[], name: string) => {
    const series = new Map<string, { labels: Labels; state: S }>();
    return {
      series,
      get(labels: Labels, create: () => S): S | undefined {
        const key = seriesKey(labelNames, labels, name);
        const found = series.get(key);
        if (found) return found.state;
        if (series.size >= MAX_SERIES_PER_METRIC) {
          droppedSeries++;
          return undefined;
        }
        const entry = { labels: pickLabels(labelNames, labels), state: create() };
        series.set(key, entry);
        return entry.state;
      },
    };
  };

  const makeGauge = (spec: MetricSpec) => {
    const labelNames = spec.labelNames ?? [];
    const store = seriesOf<{ value: number }>(labelNames, spec.name);
    const add = (labels: Labels, amount: number) => {
      const state = store.get(labels, () => ({ value: 0 }));
      if (state) state.value += amount;
    };
    const metric: Gauge = {
      set(labels, value) {
        const state = store.get(labels, () => ({ value: 0 }));
        if (state) state.value = value;
      },
      inc: (labels = {}, amount = 1) => add(labels, amount),
    };
    const snapshot = () =>
      [...store.series.values()].map(({ labels, state }) => ({
        suffix: '' as const,
        labels,
        value: toWire(state.value),
      }));
    return { metric, labelNames, snapshot };
  };

  return {
    counter(spec) {
      const { metric, labelNames, snapshot } = makeGauge(spec);
      register({ spec, type: 'counter', labelNames, snapshot });
      return {
        inc(labels = {}, amount = 1) {
          assert.ok(amount >= 0 && Number.isFinite(amount), `counter ${spec.name} only goes up`);
          metric.inc(labels, amount);
        },
      };
    },

    gauge(spec) {
      const { metric, labelNames, snapshot } = makeGauge(spec);
      const collect = spec.collect;
      register({ spec, type: 'gauge', labelNames, snapshot, refresh: collect && (() => collect(metric)) });
      return metric;
    },

    histogram(spec) {
      const labelNames = spec.labelNames ?? [];
      const bounds = [...spec.buckets];
      assert.ok(bounds.length > 0, `histogram ${spec.name} needs buckets`);
      bounds.forEach((bound, index) => {
        assert.ok(Number.isFinite(bound), `histogram ${spec.name}: +Inf is implicit`);
        assert.ok(
          index === 0 || bound > (bounds[index - 1] ?? bound),
          `histogram ${spec.name}: buckets must increase`,
        );
      });
      type State = { counts: number[]; sum: number; count: number };
      const store = seriesOf<State>(labelNames, spec.name);
      const snapshot = () =>
        [...store.series.values()].flatMap(({ labels, state }) => {
          const samples: MetricSample[] = [];
          let cumulative = 0;
          bounds.forEach((bound, index) => {
            cumulative += state.counts[index] ?? 0;
            samples.push({
              suffix: '_bucket',
              labels: { ...labels, le: formatNumber(bound) },
              value: cumulative,
            });
          });
          samples.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: state.count });
          samples.push({ suffix: '_sum', labels, value: toWire(state.sum) });
          samples.push({ suffix: '_count', labels, value: state.count });
          return samples;
        });
      register({ spec, type: 'histogram', labelNames, snapshot });
      return {
        observe(labels, value) {
          const state = store.get(labels, () => ({ counts: bounds.map(() => 0), sum: 0, count: 0 }));
          if (!state) return;
          const index = bounds.findIndex((bound) => value <= bound);
          if (index >= 0) state.counts[index] = (state.counts[index] ?? 0) + 1;
          state.sum += value;
          state.count++;
        },
      };
    },

    async collect() {
      await Promise.all([...families.values()].map((family) => Promise.resolve(family.refresh?.())));
      const collected: MetricFamily[] = [...families.values()].map((family) => ({
        name: family.spec.name,
        help: family.spec.help,
        type: family.type,
        samples: family.snapshot(),
      }));
      collected.push({
        name: DROPPED_SERIES,
        help: `Series dropped because a metric already had ${MAX_SERIES_PER_METRIC} (a label with unbounded values).`,
        type: 'counter',
        samples: [{ suffix: '', labels: {}, value: droppedSeries }],
      });
      return collected;
    },
  };
}

/** The same families with `extra` labels put first on every sample (e.g. `worker="2"`). */
export function withLabels(families: readonly MetricFamily[], extra: Labels): MetricFamily[] {
  return families.map((family) => ({
    ...family,
    samples: family.samples.map((sample) => ({
      ...sample,
      labels: { ...extra, ...sample.labels, ...extra },
    })),
  }));
}

/**
 * The text exposition format 0.0.4. Families with the same name (from several workers) are grouped under
 * one HELP/TYPE header, as the format requires; the first one's type and help win.
 */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const grouped = new Map<string, { help: string; type: MetricType; samples: MetricSample[] }>();
  for (const family of families) {
    const group = grouped.get(family.name);
    if (!group)
      grouped.set(family.name, { help: family.help, type: family.type, samples: [...family.samples] });
    else if (group.type === family.type) group.samples.push(...family.samples);
  }
  const lines: string[] = [];
  for (const [name, { help, type, samples }] of grouped) {
    lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    for (const sample of samples) {
      lines.push(
        `${name}${sample.suffix}${formatLabels(sample.labels)} ${formatNumber(sample.value ?? Number.NaN)}`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** HELP text escapes backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** Go's ParseFloat reads JavaScript's shortest form (`1e-7` included); only the infinities and NaN differ. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function toWire(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Called on every increment (every IMAP command): the check's message is built only when it fails. */
function seriesKey(labelNames: readonly string[], labels: Labels, metric: string): string {
  const given = Object.keys(labels);
  if (given.length !== labelNames.length || !labelNames.every((name) => typeof labels[name] === 'string')) {
    assert.fail(`metric ${metric} takes labels [${labelNames.join(', ')}], got [${given.join(', ')}]`);
  }
  return labelNames.map((name) => labels[name]).join('\u0000');
}

function pickLabels(labelNames: readonly string[], labels: Labels): Labels {
  return Object.fromEntries(labelNames.map((name) => [name, labels[name] ?? '']));
}

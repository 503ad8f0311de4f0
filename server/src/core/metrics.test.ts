import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createMetricsRegistry,
  escapeLabelValue,
  MAX_SERIES_PER_METRIC,
  renderPrometheus,
  withLabels,
} from './metrics.ts';

describe('metrics registry', () => {
  test('a counter renders HELP, TYPE and one line per label set', async () => {
    const registry = createMetricsRegistry();
    const requests = registry.counter({
      name: 'http_requests_total',
      help: 'Requests.',
      labelNames: ['status'],
    });
    requests.inc({ status: '200' });
    requests.inc({ status: '200' }, 2);
    requests.inc({ status: '404' });
    const text = renderPrometheus(await registry.collect());
    assert.match(
      text,
      /^# HELP http_requests_total Requests\.\n# TYPE http_requests_total counter\nhttp_requests_total\{status="200"\} 3\nhttp_requests_total\{status="404"\} 1\n/,
    );
  });

  test('a counter refuses to go down', () => {
    const counter = createMetricsRegistry().counter({ name: 'x_total', help: 'x' });
    assert.throws(() => counter.inc({}, -1));
  });

  test('a gauge without labels renders a bare name and refreshes through its collect hook', async () => {
    const registry = createMetricsRegistry();
    let calls = 0;
    registry.gauge({
      name: 'process_uptime_seconds',
      help: 'Uptime.',
      collect: async (gauge) => {
        calls++;
        await Promise.resolve();
        gauge.set({}, 12.5);
      },
    });
    const text = renderPrometheus(await registry.collect());
    assert.match(text, /\nprocess_uptime_seconds 12\.5\n/);
    assert.equal(calls, 1);
  });

  test('a histogram renders cumulative buckets, +Inf, sum and count', async () => {
    const registry = createMetricsRegistry();
    const histogram = registry.histogram({
      name: 'd_seconds',
      help: 'd',
      labelNames: ['route'],
      buckets: [0.1, 1],
    });
    histogram.observe({ route: '/a' }, 0.05);
    histogram.observe({ route: '/a' }, 0.5);
    histogram.observe({ route: '/a' }, 7);
    const text = renderPrometheus(await registry.collect());
    const lines = text.split('\n').filter((line) => line.startsWith('d_seconds'));
    assert.deepEqual(lines, [
      'd_seconds_bucket{route="/a",le="0.1"} 1',
      'd_seconds_bucket{route="/a",le="1"} 2',
      'd_seconds_bucket{route="/a",le="+Inf"} 3',
      'd_seconds_sum{route="/a"} 7.55',
      'd_seconds_count{route="/a"} 3',
    ]);
  });

  test('label values escape backslash, quote and line feed; help escapes backslash and line feed', async () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const registry = createMetricsRegistry();
    registry.gauge({ name: 'g', help: 'line\\one\ntwo', labelNames: ['path'] }).set({ path: '/"x"\n' }, 1);
    const text = renderPrometheus(await registry.collect());
    assert.match(text, /# HELP g line\\\\one\\ntwo\n/);
    assert.match(text, /\ng\{path="\/\\"x\\"\\n"\} 1\n/);
  });

  test('non-finite values render as NaN, +Inf and -Inf', () => {
    const text = renderPrometheus([
      {
        name: 'v',
        help: 'v',
        type: 'gauge',
        samples: [
          { suffix: '', labels: { k: 'nan' }, value: null },
          { suffix: '', labels: { k: 'inf' }, value: Number.POSITIVE_INFINITY },
          { suffix: '', labels: { k: 'ninf' }, value: Number.NEGATIVE_INFINITY },
        ],
      },
    ]);
    assert.match(text, /v\{k="nan"\} NaN\nv\{k="inf"\} \+Inf\nv\{k="ninf"\} -Inf\n/);
  });

  test('a snapshot survives JSON (the IPC encoding) with NaN turned into null', async () => {
    const registry = createMetricsRegistry();
    registry.gauge({ name: 'g', help: 'g' }).set({}, Number.NaN);
    const families = JSON.parse(JSON.stringify(await registry.collect()));
    assert.match(renderPrometheus(families), /\ng NaN\n/);
  });

  test('families of several workers are grouped under one header, labelled by worker', async () => {
    const one = createMetricsRegistry();
    const two = createMetricsRegistry();
    one.gauge({ name: 'rss_bytes', help: 'RSS.' }).set({}, 10);
    two.gauge({ name: 'rss_bytes', help: 'RSS.' }).set({}, 20);
    const text = renderPrometheus([
      ...withLabels(await one.collect(), { worker: '1' }),
      ...withLabels(await two.collect(), { worker: '2' }),
    ]);
    assert.equal(text.match(/# TYPE rss_bytes gauge/g)?.length, 1);
    assert.match(text, /rss_bytes\{worker="1"\} 10\nrss_bytes\{worker="2"\} 20\n/);
  });

  test('the worker label comes first and overrides a sample label of the same name', () => {
    const [family] = withLabels(
      [
        {
          name: 'x',
          help: 'x',
          type: 'gauge',
          samples: [{ suffix: '', labels: { a: '1', worker: 'x' }, value: 1 }],
        },
      ],
      { worker: '3' },
    );
    assert.deepEqual(Object.entries(family?.samples[0]?.labels ?? {}), [
      ['worker', '3'],
      ['a', '1'],
    ]);
  });

  test('series beyond the bound are dropped and counted, never grown', async () => {
    const registry = createMetricsRegistry();
    const counter = registry.counter({ name: 'c_total', help: 'c', labelNames: ['path'] });
    for (let i = 0; i < MAX_SERIES_PER_METRIC + 5; i++) counter.inc({ path: `/p${i}` });
    const families = await registry.collect();
    assert.equal(families.find((f) => f.name === 'c_total')?.samples.length, MAX_SERIES_PER_METRIC);
    assert.equal(
      families.find((f) => f.name === 'vercors_metrics_dropped_series_total')?.samples[0]?.value,
      5,
    );
  });

  test('wrong label names, a duplicate metric and bad buckets are programming errors', () => {
    const registry = createMetricsRegistry();
    const gauge = registry.gauge({ name: 'g', help: 'g', labelNames: ['a'] });
    assert.throws(() => gauge.set({ b: 'x' }, 1));
    assert.throws(() => gauge.set({}, 1));
    assert.throws(() => gauge.set({ a: 'x', b: 'y' }, 1), /takes labels \[a\], got \[a, b\]/);
    assert.throws(() => registry.gauge({ name: 'g', help: 'again' }));
    assert.throws(() => registry.gauge({ name: 'bad-name', help: 'x' }));
    assert.throws(() => registry.histogram({ name: 'h', help: 'h', buckets: [1, 1] }));
    assert.throws(() =>
      registry.histogram({ name: 'h2', help: 'h', buckets: [1, Number.POSITIVE_INFINITY] }),
    );
    assert.throws(() => registry.histogram({ name: 'h3', help: 'h', labelNames: ['le'], buckets: [1] }));
  });

  test('an empty list renders as an empty page', () => {
    assert.equal(renderPrometheus([]), '');
  });
});

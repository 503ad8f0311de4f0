import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMetricsRegistry, type MetricFamily } from '#core/metrics';
import { createNodeMetricsClient } from './node-metrics-client.ts';
import { createNodeMetricsGatherer } from './node-metrics-gatherer.ts';
import { createReloadRound } from './reload-round.ts';
import { runtimeMessageOf, type WorkerMessage } from './runtime-message.ts';

const samples = (rss: number): MetricFamily[] => [
  {
    name: 'process_resident_memory_bytes',
    help: 'RSS.',
    type: 'gauge',
    samples: [{ suffix: '', labels: {}, value: rss }],
  },
];

function gathererWith(answer: (slot: number, requestId: number) => void, slots = [1, 2], timeoutMs = 200) {
  const cluster = createMetricsRegistry();
  cluster
    .gauge({ name: 'vercors_workers', help: 'w', labelNames: ['state'] })
    .set({ state: 'ready' }, slots.length);
  const asked: number[] = [];
  const gatherer = createNodeMetricsGatherer({
    slots: () => slots,
    readySlots: () => slots,
    requestSamples: (slot, requestId) => {
      asked.push(slot);
      queueMicrotask(() => answer(slot, requestId));
      return true;
    },
    primaryProcess: createMetricsRegistry(),
    cluster,
    timeoutMs,
  });
  return { gatherer: () => gatherer, asked };
}

describe('node metrics', () => {
  test('the page holds every worker, labelled by worker, under one header per metric', async () => {
    const holder = gathererWith((slot, id) => holder.gatherer().receive(slot, id, samples(slot * 100)));
    const page = await holder.gatherer().gather();
    assert.match(page, /vercors_workers\{state="ready"\} 2/);
    assert.match(
      page,
      /process_resident_memory_bytes\{worker="1"\} 100\nprocess_resident_memory_bytes\{worker="2"\} 200\n/,
    );
    assert.match(
      page,
      /vercors_metrics_worker_up\{worker="1"\} 1\nvercors_metrics_worker_up\{worker="2"\} 1\n/,
    );
    assert.equal(page.match(/# TYPE process_resident_memory_bytes/g)?.length, 1);
  });

  test('a worker that does not answer in time is reported missing, the rest is served', async () => {
    const holder = gathererWith((slot, id) => {
      if (slot === 1) holder.gatherer().receive(slot, id, samples(100));
    });
    const started = Date.now();
    const page = await holder.gatherer().gather();
    assert.ok(Date.now() - started < 2_000);
    assert.match(page, /process_resident_memory_bytes\{worker="1"\} 100/);
    assert.doesNotMatch(page, /worker="2"\} 200/);
    assert.match(page, /vercors_metrics_worker_up\{worker="2"\} 0/);
  });

  test('scrapes arriving together share one round of requests', async () => {
    const holder = gathererWith((slot, id) => holder.gatherer().receive(slot, id, samples(1)));
    const [a, b] = await Promise.all([holder.gatherer().gather(), holder.gatherer().gather()]);
    assert.equal(a, b);
    assert.deepEqual(holder.asked, [1, 2]);
  });

  test('late or foreign answers are ignored', async () => {
    const holder = gathererWith((slot, id) => {
      holder.gatherer().receive(slot, id + 100, samples(999));
      holder.gatherer().receive(slot, id, samples(slot));
    });
    assert.doesNotMatch(await holder.gatherer().gather(), /999/);
  });

  test('the worker client gets the page the primary sends back for its request', async () => {
    const sent: WorkerMessage[] = [];
    const holder: { client?: ReturnType<typeof createNodeMetricsClient> } = {};
    const channel = {
      connected: true,
      send(message: unknown, _h?: undefined, _o?: undefined, callback?: (error: Error | null) => void) {
        const request = runtimeMessageOf<WorkerMessage>(message);
        assert.ok(request);
        sent.push(request);
        callback?.(null);
        if (request.kind === 'metricsRequest') {
          queueMicrotask(() =>
            holder.client?.receive({ kind: 'metricsPage', requestId: request.requestId, page: 'page\n' }),
          );
        }
        return true;
      },
    };
    const client = createNodeMetricsClient(channel);
    holder.client = client;
    assert.equal(await client.scrape(), 'page\n');
    assert.equal(sent[0]?.kind, 'metricsRequest');
  });

  test('the worker client gives up when the primary is silent or gone', async () => {
    const silent = createNodeMetricsClient({ connected: true, send: () => true }, 50);
    await assert.rejects(silent.scrape(), /did not answer within 50 ms/);
    const gone = createNodeMetricsClient({ connected: false });
    await assert.rejects(gone.scrape(), /no cluster primary/);
  });

  test('the worker client refuses scrapes beyond the bound instead of queueing them', async () => {
    const client = createNodeMetricsClient({ connected: true, send: () => true }, 200);
    const waiting = Array.from({ length: 8 }, () => client.scrape().catch(() => 'timeout'));
    await assert.rejects(client.scrape(), /too many scrapes waiting/);
    assert.deepEqual(await Promise.all(waiting), Array(8).fill('timeout'));
  });

  test('a reload round ends when every worker answered, or reports the silent ones', async () => {
    const round = createReloadRound([1, 2], 5_000);
    round.receive(1, { kind: 'reloaded', isApplied: true, problems: [] });
    round.receive(2, { kind: 'reloaded', isApplied: false, problems: ['x'] });
    assert.deepEqual(await round.done, { 1: 'applied', 2: 'refused' });
    const silent = createReloadRound([1, 2], 50);
    silent.receive(2, { kind: 'reloaded', isApplied: true, problems: [] });
    assert.deepEqual(await silent.done, { 1: 'noAnswer', 2: 'applied' });
  });
});

// Fixture for cluster-event-bus.test.ts: a real node:cluster primary and WORKERS workers. Once every worker has
// subscribed, each publishes EVENTS_PER_WORKER events (and one malformed message); the primary prints, as one
// JSON line, what each worker and the primary itself received. Exits non-zero if it takes longer than it should.

import cluster from 'node:cluster';
import type { ChangeEvent } from '../store.ts';
import { createClusterEventBus } from './cluster-event-bus.ts';
import { attachClusterEventRelay } from './cluster-event-relay.ts';

const WORKERS = 2;
const EVENTS_PER_WORKER = 3;
/** Well above the second or so this takes on a loaded 2-core machine; the test's own timeout is longer still. */
const FIXTURE_TIMEOUT_MS = 20_000;

interface FixtureMessage {
  readonly fixture?: 'ready' | 'go' | 'done' | 'report' | 'received';
  readonly received?: ChangeEvent[];
}

if (cluster.isPrimary) runPrimary();
else runWorker();

function runPrimary(): void {
  const timer = setTimeout(() => {
    process.stderr.write('cluster fixture timed out\n');
    process.exit(2);
  }, FIXTURE_TIMEOUT_MS);
  const bus = attachClusterEventRelay(cluster);
  const primaryReceived: ChangeEvent[] = [];
  bus.subscribe((event) => primaryReceived.push(event));
  const ready = new Set<number>();
  const done = new Set<number>();
  const reports = new Map<number, ChangeEvent[]>();
  const sendAll = (message: FixtureMessage) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.send(message);
  };

  cluster.on('message', (worker, message: FixtureMessage) => {
    if (message.fixture === 'ready') {
      ready.add(worker.id);
      if (ready.size < WORKERS) return;
      sendAll({ fixture: 'go' });
      bus.publish({ accountId: 'primary', modseq: 1, types: ['Mailbox'] });
    } else if (message.fixture === 'done') {
      // Every publish reached the primary before its sender's `done`, so every relay precedes `report`.
      done.add(worker.id);
      if (done.size === WORKERS) sendAll({ fixture: 'report' });
    } else if (message.fixture === 'received') {
      reports.set(worker.id, message.received ?? []);
      if (reports.size < WORKERS) return;
      process.stdout.write(
        `${JSON.stringify({ primary: primaryReceived, workers: Object.fromEntries(reports) })}\n`,
      );
      void bus.close();
      cluster.disconnect(() => clearTimeout(timer));
    }
  });
  for (let i = 0; i < WORKERS; i += 1) cluster.fork();
}

function runWorker(): void {
  const id = cluster.worker?.id ?? 0;
  const bus = createClusterEventBus();
  const received: ChangeEvent[] = [];
  const expected = WORKERS * EVENTS_PER_WORKER + 1;
  bus.subscribe((event) => {
    received.push(event);
    if (received.length === expected) process.send?.({ fixture: 'done' });
  });
  process.on('message', (message: FixtureMessage) => {
    if (message.fixture === 'go') {
      // Tagged as ours but malformed: the primary must drop it, not relay it.
      process.send?.({ vercors: 'change', events: [{ accountId: '../etc', modseq: -1, types: [] }] });
      for (let modseq = 1; modseq <= EVENTS_PER_WORKER; modseq += 1) {
        bus.publish({ accountId: `worker${id}`, modseq, types: ['Email'] });
      }
    } else if (message.fixture === 'report') {
      process.send?.({ fixture: 'received', received });
    }
  });
  process.send?.({ fixture: 'ready' });
}

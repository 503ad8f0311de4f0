// The cluster event bus: the worker and primary halves against stand-ins, then a real node:cluster run with a
// primary and two workers in a child process.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLogger } from '#core/log';
import type { ChangeEvent } from '../store.ts';
import { createClusterEventBus, type WorkerChannel } from './cluster-event-bus.ts';
import { attachClusterEventRelay, type RelayCluster } from './cluster-event-relay.ts';

const EVENT: ChangeEvent = { accountId: 'u1', modseq: 3, types: ['Email'] };
const OTHER: ChangeEvent = { accountId: 'u2', modseq: 8, types: ['Mailbox'] };
/** The fixture bounds itself at 20 s; this catches a fixture that hangs anyway. */
const CLUSTER_RUN_TIMEOUT_MS = 40_000;

function capturedLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

function fakeWorkerChannel(isConnected = true) {
  const emitter = new EventEmitter();
  const sent: unknown[] = [];
  const channel: WorkerChannel & { emit(message: unknown): void } = {
    connected: isConnected,
    send(message, _handle, _options, callback) {
      sent.push(message);
      callback?.(null);
      return true;
    },
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    emit: (message) => emitter.emit('message', message),
  };
  return { channel, sent, emitter };
}

function fakeCluster(connected: boolean[]) {
  const emitter = new EventEmitter();
  const sent = connected.map(() => [] as unknown[]);
  const workers = Object.fromEntries(
    connected.map((isConnected, index) => [
      String(index + 1),
      {
        id: index + 1,
        isConnected: () => isConnected,
        send: (message: unknown, _handle: unknown, callback?: (error: Error | null) => void) => {
          sent[index]?.push(message);
          callback?.(null);
          return true;
        },
      },
    ]),
  );
  const cluster = {
    workers,
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    off: (event: string, listener: (...args: unknown[]) => void) => emitter.off(event, listener),
  } as unknown as RelayCluster;
  const fromWorker = (id: number, message: unknown) => emitter.emit('message', workers[String(id)], message);
  return { cluster, sent, fromWorker, emitter };
}

describe('cluster event bus, worker half', () => {
  test('publish sends a tagged message to the primary and delivers nothing until it comes back', async () => {
    const { channel, sent } = fakeWorkerChannel();
    const bus = createClusterEventBus({ channel });
    const seen: ChangeEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    bus.publish(EVENT);
    assert.deepEqual(sent, [], 'sent at the end of the turn');
    await nextTurn();
    assert.deepEqual(sent, [{ vercors: 'change', events: [EVENT] }]);
    assert.deepEqual(seen, []);
    channel.emit({ vercors: 'change', events: [EVENT, OTHER] });
    assert.deepEqual(seen, [EVENT, OTHER]);
  });

  test('the events of one turn go in one message, in order, at most 256 to a message', async () => {
    const { channel, sent } = fakeWorkerChannel();
    const bus = createClusterEventBus({ channel });
    const events = Array.from({ length: 300 }, (_, index) => ({ ...EVENT, modseq: index + 1 }));
    for (const event of events) bus.publish(event);
    await nextTurn();
    bus.publish(OTHER);
    await nextTurn();
    assert.deepEqual(sent, [
      { vercors: 'change', events: events.slice(0, 256) },
      { vercors: 'change', events: events.slice(256) },
      { vercors: 'change', events: [OTHER] },
    ]);
  });

  test('close sends the events published in its turn', async () => {
    const { channel, sent } = fakeWorkerChannel();
    const bus = createClusterEventBus({ channel });
    bus.publish(EVENT);
    await bus.close();
    assert.deepEqual(sent, [{ vercors: 'change', events: [EVENT] }]);
    bus.publish(OTHER);
    await nextTurn();
    assert.equal(sent.length, 1, 'nothing is sent after close');
  });

  test('messages that are not ours are ignored, malformed ones of ours are logged and dropped', () => {
    const { log, lines } = capturedLog();
    const { channel } = fakeWorkerChannel();
    const bus = createClusterEventBus({ channel, log });
    const seen: ChangeEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    for (const foreign of [
      null,
      'text',
      42,
      { cmd: 'NODE_CLUSTER' },
      { vercors: 'other', events: [EVENT] },
    ]) {
      channel.emit(foreign);
    }
    // One bad event spoils its message: none of it is delivered.
    channel.emit({ vercors: 'change', events: [EVENT, { ...EVENT, modseq: 'x' }] });
    channel.emit({ vercors: 'change' });
    channel.emit({ vercors: 'change', events: [] });
    channel.emit({ vercors: 'change', events: Array.from({ length: 257 }, () => EVENT) });
    assert.deepEqual(seen, []);
    assert.equal(lines.filter((line) => line.level === 'warn').length, 4);
  });

  test('without a channel to the primary, publish logs and drops the event', async () => {
    const { log, lines } = capturedLog();
    const { channel, sent } = fakeWorkerChannel(false);
    const bus = createClusterEventBus({ channel, log });
    bus.publish(EVENT);
    await nextTurn();
    assert.deepEqual(sent, []);
    assert.equal(lines.filter((line) => line.level === 'warn').length, 1);
  });

  test('close stops listening to the channel', async () => {
    const { channel, emitter } = fakeWorkerChannel();
    const bus = createClusterEventBus({ channel });
    assert.equal(emitter.listenerCount('message'), 1);
    await bus.close();
    assert.equal(emitter.listenerCount('message'), 0);
  });
});

describe('cluster event bus, primary half', () => {
  test('events from workers are relayed to every connected worker, the sender included, and the primary', async () => {
    const { cluster, sent, fromWorker } = fakeCluster([true, true, false]);
    const bus = attachClusterEventRelay(cluster);
    const seen: ChangeEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    fromWorker(1, { vercors: 'change', events: [EVENT] });
    fromWorker(2, { vercors: 'change', events: [OTHER] });
    assert.deepEqual(seen, [EVENT, OTHER], 'the primary hears them at once');
    await nextTurn();
    // One message per worker for the turn, the events in the order they arrived.
    const relayed = { vercors: 'change', events: [EVENT, OTHER] };
    assert.deepEqual(sent, [[relayed], [relayed], []]);
  });

  test('the primary publishing reaches every worker and its own listeners', async () => {
    const { cluster, sent } = fakeCluster([true, true]);
    const bus = attachClusterEventRelay(cluster);
    const seen: ChangeEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    bus.publish(EVENT);
    await nextTurn();
    assert.deepEqual(sent, [
      [{ vercors: 'change', events: [EVENT] }],
      [{ vercors: 'change', events: [EVENT] }],
    ]);
    assert.deepEqual(seen, [EVENT]);
  });

  test('foreign messages are ignored and malformed events are not relayed', async () => {
    const { log, lines } = capturedLog();
    const { cluster, sent, fromWorker } = fakeCluster([true]);
    attachClusterEventRelay(cluster, { log });
    fromWorker(1, { fixture: 'ready' });
    fromWorker(1, 'text');
    fromWorker(1, { vercors: 'change', events: [{ accountId: '../x', modseq: 1, types: [] }] });
    await nextTurn();
    assert.deepEqual(sent, [[]]);
    assert.equal(lines.filter((line) => line.level === 'warn').length, 1);
  });

  test('close detaches the relay from the cluster', async () => {
    const { cluster, emitter, sent, fromWorker } = fakeCluster([true]);
    const bus = attachClusterEventRelay(cluster);
    await bus.close();
    assert.equal(emitter.listenerCount('message'), 0);
    fromWorker(1, { vercors: 'change', events: [EVENT] });
    await nextTurn();
    assert.deepEqual(sent, [[]]);
  });
});

test('with a real primary and two workers, every worker sees every event once, in the same order', async () => {
  const fixture = fileURLToPath(new URL('./cluster-event-bus.fixture.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [fixture], {
    timeout: CLUSTER_RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
    primary: ChangeEvent[];
    workers: Record<string, ChangeEvent[]>;
  };
  const workerIds = Object.keys(report.workers);
  assert.equal(workerIds.length, 2);
  const expected = [
    'primary:1',
    ...workerIds.flatMap((id) => [1, 2, 3].map((modseq) => `worker${id}:${modseq}`)),
  ].sort();
  const keys = (events: ChangeEvent[]) => events.map((event) => `${event.accountId}:${event.modseq}`);
  const first = report.workers[workerIds[0]!]!;
  for (const id of workerIds) {
    const received = report.workers[id]!;
    assert.deepEqual([...keys(received)].sort(), expected, `worker ${id} received each event exactly once`);
    assert.deepEqual(
      keys(received),
      keys(first),
      `worker ${id} saw the same order as worker ${workerIds[0]}`,
    );
  }
  assert.deepEqual([...keys(report.primary)].sort(), expected, 'the primary heard every event once');
  // Each worker's own events keep their publishing order.
  for (const id of workerIds) {
    const own = keys(first).filter((key) => key.startsWith(`worker${id}:`));
    assert.deepEqual(
      own,
      [1, 2, 3].map((modseq) => `worker${id}:${modseq}`),
    );
  }
});

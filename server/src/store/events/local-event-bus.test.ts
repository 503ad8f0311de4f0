// The in-process event bus: synchronous fan-out, isolation of failing listeners, unsubscribe and close.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '#core/log';
import type { ChangeEvent } from '../store.ts';
import { createLocalEventBus } from './local-event-bus.ts';

const EVENT: ChangeEvent = { accountId: 'u1', modseq: 7, types: ['Email'] };

function capturedLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

test('every listener receives the event before publish returns', () => {
  const bus = createLocalEventBus();
  const seen: string[] = [];
  bus.subscribe((event) => seen.push(`a${event.modseq}`));
  bus.subscribe((event) => seen.push(`b${event.modseq}`));
  bus.publish(EVENT);
  assert.deepEqual(seen, ['a7', 'b7']);
});

test('a throwing listener is logged and the others still receive the event', () => {
  const { log, lines } = capturedLog();
  const bus = createLocalEventBus({ log });
  const seen: number[] = [];
  bus.subscribe(() => {
    throw new Error('listener bug');
  });
  bus.subscribe((event) => seen.push(event.modseq));
  bus.publish(EVENT);
  bus.publish({ ...EVENT, modseq: 8 });
  assert.deepEqual(seen, [7, 8]);
  assert.equal(
    lines.filter((line) => line.level === 'error' && line.msg === 'event listener failed').length,
    2,
  );
});

test('unsubscribing stops delivery to that listener only, and is idempotent', () => {
  const bus = createLocalEventBus();
  const seen: string[] = [];
  const stopA = bus.subscribe(() => seen.push('a'));
  bus.subscribe(() => seen.push('b'));
  stopA();
  stopA();
  bus.publish(EVENT);
  assert.deepEqual(seen, ['b']);
});

test('the same function subscribed twice is two subscriptions', () => {
  const bus = createLocalEventBus();
  let calls = 0;
  const listener = () => {
    calls += 1;
  };
  const stopFirst = bus.subscribe(listener);
  bus.subscribe(listener);
  bus.publish(EVENT);
  stopFirst();
  bus.publish(EVENT);
  assert.equal(calls, 3);
});

test('a listener removed during delivery misses that event; one added during delivery waits for the next', () => {
  const bus = createLocalEventBus();
  const seen: string[] = [];
  let stopB = () => {};
  bus.subscribe((event) => {
    seen.push(`a${event.modseq}`);
    stopB();
    if (event.modseq === 7) bus.subscribe((next) => seen.push(`c${next.modseq}`));
  });
  stopB = bus.subscribe((event) => seen.push(`b${event.modseq}`));
  bus.publish(EVENT);
  bus.publish({ ...EVENT, modseq: 8 });
  assert.deepEqual(seen, ['a7', 'a8', 'c8']);
});

test('after close nothing is delivered and subscribing does nothing', async () => {
  const bus = createLocalEventBus();
  const seen: number[] = [];
  bus.subscribe((event) => seen.push(event.modseq));
  await bus.close();
  const stop = bus.subscribe((event) => seen.push(event.modseq));
  bus.publish(EVENT);
  stop();
  assert.deepEqual(seen, []);
});

test('a malformed event is refused at publish', () => {
  const bus = createLocalEventBus();
  assert.throws(() => bus.publish({ accountId: '', modseq: 1, types: [] }), assert.AssertionError);
});

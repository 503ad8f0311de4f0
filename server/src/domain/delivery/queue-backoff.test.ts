import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRetry, retryDelay } from './queue-backoff.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const schedule = { retryMinimum: 5 * MINUTE, retryMaximum: HOUR, lifetime: 5 * DAY };

test('the wait doubles after each failed attempt, from the minimum up to the maximum', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 50, 10_000].map((attempts) => retryDelay(attempts, schedule) / MINUTE),
    [5, 10, 20, 40, 60, 60, 60, 60, 60],
  );
});

test('a retry is never scheduled past the queue lifetime, and the lifetime over means expired', () => {
  const created = 0;
  assert.deepEqual(decideRetry(1, created, 0, schedule), { kind: 'retry', at: 5 * MINUTE });
  assert.deepEqual(decideRetry(9, created, 5 * DAY - 10 * MINUTE, schedule), { kind: 'retry', at: 5 * DAY });
  assert.deepEqual(decideRetry(9, created, 5 * DAY, schedule), { kind: 'expired' });
  assert.deepEqual(decideRetry(9, created, 6 * DAY, schedule), { kind: 'expired' });
});

test('a retry follows at least one attempt', () => {
  assert.throws(() => retryDelay(0, schedule), { code: 'ERR_ASSERTION' });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FIRST_RESTART_DELAY_MS,
  MAX_RESTART_DELAY_MS,
  nextFailureCount,
  restartDelayMs,
  STABLE_RUN_MS,
} from './restart-backoff.ts';

describe('restart backoff', () => {
  test('the delay doubles with each crash in a row', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map(restartDelayMs),
      [250, 500, 1000, 2000].map((ms) => (ms / 250) * FIRST_RESTART_DELAY_MS),
    );
  });

  test('the delay never exceeds the ceiling, however many crashes', () => {
    assert.equal(restartDelayMs(10), MAX_RESTART_DELAY_MS);
    assert.equal(restartDelayMs(10_000), MAX_RESTART_DELAY_MS);
  });

  test('a worker that ran long enough starts the count again', () => {
    assert.equal(nextFailureCount(7, STABLE_RUN_MS), 1);
    assert.equal(nextFailureCount(7, STABLE_RUN_MS - 1), 8);
    assert.equal(nextFailureCount(0, 10), 1);
  });
});

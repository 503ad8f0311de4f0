import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '#core/clock';
import {
  AUTH_FAILURE_WINDOW_MS,
  createLoginThrottle,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  MAX_FAILURE_DELAY_MS,
  KNOWN_ADDRESS_MS,
  MAX_KNOWN_ADDRESSES,
} from './login-throttle.ts';

describe('AUTH throttle', () => {
  it('lets a first attempt through at once, then delays progressively', () => {
    const throttle = createLoginThrottle(fixedClock(new Date('2026-09-01T08:00:00Z')));
    assert.deepEqual(throttle.check('192.0.2.1', 'paul@ac-test.fr'), { isLocked: false, delayMs: 0 });
    throttle.recordFailure('192.0.2.1', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('192.0.2.1', 'paul@ac-test.fr'), { isLocked: false, delayMs: 500 });
    throttle.recordFailure('192.0.2.1', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('192.0.2.1', 'paul@ac-test.fr'), { isLocked: false, delayMs: 1000 });
    for (let i = 0; i < 5; i++) throttle.recordFailure('192.0.2.1', 'other@ac-test.fr');
    const decision = throttle.check('192.0.2.1', 'someone@ac-test.fr');
    assert.equal(decision.isLocked, false);
    assert.equal(!decision.isLocked && decision.delayMs, MAX_FAILURE_DELAY_MS, 'the delay is capped');
  });

  it('locks an account out after too many failures, from any address', () => {
    const throttle = createLoginThrottle(fixedClock(new Date('2026-09-01T08:00:00Z')));
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      throttle.recordFailure(`192.0.2.${i}`, 'Paul@ac-test.fr');
    assert.deepEqual(throttle.check('198.51.100.9', 'paul@ac-test.fr'), { isLocked: true, scope: 'account' });
  });

  it('locks an address out after too many failures on any accounts, until the window slides', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const throttle = createLoginThrottle(clock);
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) throttle.recordFailure('192.0.2.1', `user${i}@ac-test.fr`);
    assert.deepEqual(throttle.check('192.0.2.1', 'new@ac-test.fr'), { isLocked: true, scope: 'ip' });
    clock.advance(2 * AUTH_FAILURE_WINDOW_MS + 1);
    assert.deepEqual(throttle.check('192.0.2.1', 'new@ac-test.fr'), { isLocked: false, delayMs: 0 });
  });

  it('clears an account after a success, but not the address', () => {
    const throttle = createLoginThrottle(fixedClock(new Date('2026-09-01T08:00:00Z')));
    throttle.recordFailure('192.0.2.1', 'paul@ac-test.fr');
    throttle.recordSuccess('192.0.2.1', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('192.0.2.2', 'paul@ac-test.fr'), { isLocked: false, delayMs: 0 });
    assert.deepEqual(throttle.check('192.0.2.1', 'x@ac-test.fr'), { isLocked: false, delayMs: 500 });
  });

  it('spares the addresses the account last logged in from when a stranger locks the account', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const throttle = createLoginThrottle(clock);
    throttle.recordSuccess('10.1.2.3', 'paul@ac-test.fr');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      throttle.recordFailure('203.0.113.7', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('203.0.113.8', 'paul@ac-test.fr'), { isLocked: true, scope: 'account' });
    assert.deepEqual(throttle.check('10.1.2.3', 'PAUL@ac-test.fr'), { isLocked: false, delayMs: 0 });
    // The exemption is for this account only, and forgotten after a month without a login.
    assert.deepEqual(throttle.check('10.1.2.3', 'other@ac-test.fr'), { isLocked: false, delayMs: 0 });
    clock.advance(KNOWN_ADDRESS_MS + 1);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      throttle.recordFailure('203.0.113.7', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('10.1.2.3', 'paul@ac-test.fr'), { isLocked: true, scope: 'account' });
  });

  it('still limits a known address by its own failures, and remembers only the latest few', () => {
    const throttle = createLoginThrottle(fixedClock(new Date('2026-09-01T08:00:00Z')));
    throttle.recordSuccess('10.1.2.3', 'paul@ac-test.fr');
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) throttle.recordFailure('10.1.2.3', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('10.1.2.3', 'paul@ac-test.fr'), { isLocked: true, scope: 'ip' });
    for (let i = 0; i < MAX_KNOWN_ADDRESSES; i++) throttle.recordSuccess(`10.9.0.${i}`, 'paul@ac-test.fr');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      throttle.recordFailure('203.0.113.7', 'paul@ac-test.fr');
    assert.deepEqual(throttle.check('10.9.0.0', 'paul@ac-test.fr'), { isLocked: false, delayMs: 0 });
    assert.deepEqual(throttle.check('10.1.2.4', 'paul@ac-test.fr'), { isLocked: true, scope: 'account' });
  });
});

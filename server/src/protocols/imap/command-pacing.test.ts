// The command rate of a session: free up to the limit, a wait growing with the excess up to the bound, the
// end past twice the limit, and a client that slows down is free again once the minute has passed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import { createCommandPacer } from './command-pacing.ts';
import { COMMAND_TARPIT_MAX_MS } from './session-limits.ts';

test('commands run at once up to the limit, then wait longer the further past it, then stop', () => {
  const clock = fixedClock(new Date('2026-01-05T08:00:00Z'));
  const pacer = createCommandPacer({ maxPerMinute: 100, clock });
  for (let n = 1; n <= 100; n++) assert.deepEqual(pacer.next(), { kind: 'run', waitMs: 0 }, `command ${n}`);
  const waits: number[] = [];
  for (let n = 101; n <= 200; n++) {
    const decision = pacer.next();
    assert.equal(decision.kind, 'run', `command ${n}`);
    if (decision.kind === 'run') waits.push(decision.waitMs);
  }
  assert.equal(waits[0], 10, 'one past the limit: a hundredth of the bound');
  assert.equal(waits.at(-1), COMMAND_TARPIT_MAX_MS, 'at twice the limit: the bound');
  assert.ok(
    waits.every((wait, index) => index === 0 || wait >= (waits[index - 1] ?? 0)),
    'waits only grow',
  );
  assert.deepEqual(pacer.next(), { kind: 'stop' });
});

test('the count slides: a client under the limit never waits, and a burst is forgiven', () => {
  const clock = fixedClock(new Date('2026-01-05T08:00:00Z'));
  const pacer = createCommandPacer({ maxPerMinute: 60, clock });
  for (let n = 0; n < 600; n++) {
    clock.advance(1500);
    assert.deepEqual(pacer.next(), { kind: 'run', waitMs: 0 }, `steady command ${n}`);
  }
  for (let n = 0; n < 40; n++) pacer.next();
  const decision = pacer.next();
  assert.ok(decision.kind === 'run' && decision.waitMs > 0, 'in the middle of a burst');
  clock.advance(120_000);
  assert.deepEqual(pacer.next(), { kind: 'run', waitMs: 0 }, 'two minutes later');
});

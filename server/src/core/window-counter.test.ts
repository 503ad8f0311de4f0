import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from './clock.ts';
import { createWindowCounter } from './window-counter.ts';

describe('window counter', () => {
  it('counts events per key within the window and forgets them after two windows', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const counter = createWindowCounter({ windowMs: 60_000, maxKeys: 10, clock });
    assert.equal(counter.add('a'), 1);
    assert.equal(counter.add('a'), 2);
    assert.equal(counter.count('b'), 0);
    clock.advance(120_001);
    assert.equal(counter.count('a'), 0);
  });

  it('weighs the previous window by how much of it still overlaps', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const counter = createWindowCounter({ windowMs: 60_000, maxKeys: 10, clock });
    counter.add('a', 10);
    clock.advance(90_000); // half of the next window has passed
    assert.equal(counter.count('a'), 5);
  });

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const counter = createWindowCounter({ windowMs: 60_000, maxKeys: 2, clock });
    counter.add('a');
    counter.add('b');
    counter.add('a');
    counter.add('c');
    assert.equal(counter.size, 2);
    assert.equal(counter.count('b'), 0, 'b was the least recently used');
    assert.equal(counter.count('a'), 2);
  });

  it('keeps counting the one key it holds, across windows and after a reset', () => {
    const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
    const counter = createWindowCounter({ windowMs: 60_000, maxKeys: 1, clock });
    counter.add('a');
    counter.add('a');
    assert.equal(counter.add('a'), 3);
    clock.advance(60_000);
    assert.equal(counter.add('a'), 4, 'the new window counts one, the previous one still overlaps whole');
    assert.equal(counter.count('a'), 4);
    counter.reset('a');
    assert.equal(counter.add('a'), 1);
    assert.equal(counter.count('a'), 1);
    assert.equal(counter.size, 1);
  });

  it('reset forgets a key', () => {
    const counter = createWindowCounter({ windowMs: 1000, maxKeys: 2, clock: fixedClock(new Date(0)) });
    counter.add('a');
    counter.reset('a');
    assert.equal(counter.count('a'), 0);
  });
});

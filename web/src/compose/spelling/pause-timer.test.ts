import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPauseTimer } from './pause-timer.ts';

test('the run waits for a pause: each poke pushes it back', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  const timer = createPauseTimer(() => runs++, 800);
  timer.poke();
  t.mock.timers.tick(500);
  timer.poke();
  t.mock.timers.tick(500);
  assert.equal(runs, 0, 'typing again pushed it back');
  assert.equal(timer.isWaiting, true);
  t.mock.timers.tick(300);
  assert.equal(runs, 1);
  assert.equal(timer.isWaiting, false);
  t.mock.timers.tick(5000);
  assert.equal(runs, 1, 'once per pause');
});

test('a poke may name its own delay, and a cancelled run never happens', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  const timer = createPauseTimer(() => runs++, 800);
  timer.poke(1500);
  t.mock.timers.tick(1000);
  assert.equal(runs, 0);
  t.mock.timers.tick(500);
  assert.equal(runs, 1);
  timer.poke();
  timer.cancel();
  t.mock.timers.tick(2000);
  assert.equal(runs, 1);
  assert.equal(timer.isWaiting, false);
});

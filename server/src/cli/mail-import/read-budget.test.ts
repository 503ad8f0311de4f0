import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadBudget } from './read-budget.ts';

test('tickets take their bytes in order, wait for room, and a big one alone always passes', async () => {
  const budget = new ReadBudget(100);
  const taken: number[] = [];
  const take = (ticket: number, bytes: number) => budget.take(ticket, bytes).then(() => taken.push(ticket));
  const all = [take(2, 10), take(1, 60), take(0, 50), take(3, 500)];
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(taken, [0], 'ticket 1 needs 60 more bytes than the 50 left; 2 and 3 wait their turn');
  budget.give(50);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(taken, [0, 1, 2]);
  budget.give(60);
  budget.give(10);
  await Promise.all(all);
  assert.deepEqual(taken, [0, 1, 2, 3], 'alone, a message larger than the budget is still read');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { movedSortOrders, nextSortOrder, sortedByListOrder } from './list-order.ts';

const item = (id: string, name: string, sortOrder: number) => ({ id, name, sortOrder });

test('listed by sortOrder, then name in French order (accents and case aside), then id', () => {
  const sorted = sortedByListOrder([
    item('d', 'zèbre', 0),
    item('a', 'Étude', 1),
    item('b', 'école', 1),
    item('c', 'ecole', 1),
    item('e', 'Avant', 2),
  ]);
  assert.deepEqual(
    sorted.map((entry) => entry.id),
    ['d', 'b', 'c', 'a', 'e'],
  );
});

test('moving an item renumbers the list in its new order, sending only what changed', () => {
  const sorted = [item('a', 'A', 0), item('b', 'B', 1), item('c', 'C', 2)];
  assert.deepEqual(movedSortOrders(sorted, 2, -1), { c: { sortOrder: 1 }, b: { sortOrder: 2 } });
  assert.deepEqual(movedSortOrders(sorted, 0, 1), { b: { sortOrder: 0 }, a: { sortOrder: 1 } });
  // Ties (every item at 0, the default) get distinct numbers, so the move sticks.
  const tied = [item('a', 'A', 0), item('b', 'B', 0), item('c', 'C', 0)];
  assert.deepEqual(movedSortOrders(tied, 0, 1), { a: { sortOrder: 1 }, c: { sortOrder: 2 } });
});

test('moving past either end changes nothing', () => {
  const sorted = [item('a', 'A', 0), item('b', 'B', 1)];
  assert.deepEqual(movedSortOrders(sorted, 0, -1), {});
  assert.deepEqual(movedSortOrders(sorted, 1, 1), {});
  assert.deepEqual(movedSortOrders(sorted, 5, -1), {});
});

test('a new item goes after the others', () => {
  assert.equal(nextSortOrder([]), 0);
  assert.equal(nextSortOrder([item('a', 'A', 4), item('b', 'B', 1)]), 5);
  assert.equal(nextSortOrder([item('a', 'A', 2 ** 31 - 1)]), 2 ** 31 - 1);
});

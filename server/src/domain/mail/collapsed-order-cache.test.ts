import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollapsedOrderCache } from './collapsed-order-cache.ts';

const order = (id: string) => ({ ids: [id], threadIds: [`t${id}`] });

test('an order is served only for the modseq it was read at', () => {
  const cache = new CollapsedOrderCache();
  cache.set('inbox', 7, order('a'));
  assert.deepEqual(cache.get('inbox', 7), order('a'));
  assert.equal(cache.get('inbox', 8), undefined);
  assert.equal(cache.get('archive', 7), undefined);
  cache.set('inbox', 8, order('b'));
  assert.equal(cache.get('inbox', 7), undefined);
  assert.deepEqual(cache.get('inbox', 8), order('b'));
});

test('a few lists are kept, the least recently used dropped first', () => {
  const cache = new CollapsedOrderCache();
  for (const key of ['a', 'b', 'c', 'd']) cache.set(key, 1, order(key));
  assert.ok(cache.get('a', 1));
  cache.set('e', 1, order('e'));
  assert.equal(cache.get('b', 1), undefined);
  for (const key of ['a', 'c', 'd', 'e']) assert.ok(cache.get(key, 1), key);
});

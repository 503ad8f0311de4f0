import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheName, staleCaches } from './cache-names.ts';

test('each build has its own cache, named after its version', () => {
  assert.equal(cacheName('0123abcd'), 'vercors-app-0123abcd');
  assert.notEqual(cacheName('a'), cacheName('b'));
});

test('activation drops earlier builds’ caches and nobody else’s', () => {
  const names = ['vercors-app-old1', 'vercors-app-new', 'vercors-app-old2', 'someone-else', 'vercors-other'];
  assert.deepEqual(staleCaches(names, 'new'), ['vercors-app-old1', 'vercors-app-old2']);
  assert.deepEqual(staleCaches(['vercors-app-new'], 'new'), []);
  assert.deepEqual(staleCaches([], 'new'), []);
});

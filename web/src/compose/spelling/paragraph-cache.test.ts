import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createParagraphCache } from './paragraph-cache.ts';

const BONJUR = [{ word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] }];

test('a paragraph’s misspellings are kept by its text', () => {
  const cache = createParagraphCache();
  cache.set('bonjur', BONJUR);
  cache.set('correct', []);
  assert.deepEqual(cache.get('bonjur'), BONJUR);
  assert.deepEqual(cache.get('correct'), []);
  assert.equal(cache.has('autre'), false);
  assert.equal(cache.get('autre'), undefined);
});

test('past its size, the least recently used paragraph is forgotten', () => {
  const cache = createParagraphCache(2);
  cache.set('un', []);
  cache.set('deux', []);
  cache.get('un');
  cache.set('trois', []);
  assert.equal(cache.size, 2);
  assert.equal(cache.has('un'), true);
  assert.equal(cache.has('deux'), false);
  assert.equal(cache.has('trois'), true);
});

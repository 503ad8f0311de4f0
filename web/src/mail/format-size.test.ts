import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSize } from './format-size.ts';

test('sizes read in the person language, with one decimal under ten', () => {
  assert.equal(formatSize(512, 'en'), '512 byte');
  assert.equal(formatSize(1536, 'en'), '1.5 kB');
  assert.equal(formatSize(20 * 1024 * 1024, 'en'), '20 MB');
  assert.match(formatSize(1536, 'fr'), /^1,5\s?ko$/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagesCovering, virtualWindow } from './virtual-window.ts';

test('a 100,000-row list renders the rows in view and a margin, wherever it is scrolled', () => {
  const top = virtualWindow(100_000, 64, 0, 640, 10);
  assert.deepEqual(top, { start: 0, end: 21, offset: 0, height: 6_400_000 });
  const middle = virtualWindow(100_000, 64, 64 * 50_000 + 10, 640, 10);
  assert.deepEqual([middle.start, middle.end, middle.offset], [49_990, 50_021, 49_990 * 64]);
  const bottom = virtualWindow(100_000, 64, 99_999_999, 640, 10);
  assert.equal(bottom.end, 100_000);
  assert.ok(bottom.end - bottom.start <= 21 + 10);
});

test('an empty list, a short list and odd inputs stay in range', () => {
  assert.deepEqual(virtualWindow(0, 64, 100, 640), { start: 0, end: 0, offset: 0, height: 0 });
  assert.deepEqual(virtualWindow(3, 64, 0, 640), { start: 0, end: 3, offset: 0, height: 192 });
  assert.deepEqual(virtualWindow(3, 64, -50, 640), { start: 0, end: 3, offset: 0, height: 192 });
  assert.deepEqual(virtualWindow(10, 64, 0, 0, 0), { start: 0, end: 1, offset: 0, height: 640 });
});

test('the pages of 50 that cover a window', () => {
  assert.deepEqual(pagesCovering(0, 21, 50), [0]);
  assert.deepEqual(pagesCovering(40, 61, 50), [0, 1]);
  assert.deepEqual(pagesCovering(49_990, 50_021, 50), [999, 1000]);
  assert.deepEqual(pagesCovering(5, 5, 50), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentNumbers } from './document-numbers.ts';

const BASE = 3 * 2 ** 30;

test('a rowid list becomes offsets from the base, counted once each', () => {
  const numbers = DocumentNumbers.fromList(`${BASE + 17},${BASE},${BASE + 9},${BASE + 17}`, BASE);
  assert.equal(numbers.count, 3);
  for (const offset of [0, 9, 17]) assert.ok(numbers.has(offset), String(offset));
  for (const offset of [-1, 1, 8, 16, 18, 1_000_000]) assert.ok(!numbers.has(offset), String(offset));
});

test('no rows is an empty set', () => {
  for (const list of [null, '']) {
    const numbers = DocumentNumbers.fromList(list, BASE);
    assert.equal(numbers.count, 0);
    assert.ok(!numbers.has(0));
  }
});

test('a list that is not rowids of the range is refused', () => {
  assert.throws(() => DocumentNumbers.fromList(`${BASE - 1}`, BASE), /below/);
  assert.throws(() => DocumentNumbers.fromList(`${BASE}.0`, BASE), /not a list/);
  assert.throws(() => DocumentNumbers.fromList(`${BASE},,${BASE + 1}`, BASE), /below/);
});

test('a dense range of 100,000 documents is answered exactly', () => {
  const offsets = Array.from({ length: 100_000 }, (_, index) => index).filter((index) => index % 7 !== 3);
  const numbers = DocumentNumbers.fromList(offsets.map((offset) => BASE + offset).join(','), BASE);
  assert.equal(numbers.count, offsets.length);
  for (let index = 0; index < 100_000; index += 1) assert.equal(numbers.has(index), index % 7 !== 3);
});

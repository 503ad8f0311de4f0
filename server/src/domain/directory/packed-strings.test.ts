import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexOfSorted, lowerBound, packedCount, packStrings, stringAt } from './packed-strings.ts';

test('packed strings give each string back, empty and non-Latin ones included', () => {
  const list = ['', 'cœur', 'élise', '', 'zoé', '😀x'];
  const packed = packStrings(list);
  assert.equal(packedCount(packed), list.length);
  assert.deepEqual(
    list.map((_, i) => stringAt(packed, i)),
    list,
  );
  assert.equal(packedCount(packStrings([])), 0);
});

test('sorted packed strings are searched as a sorted array would be', () => {
  const sorted = ['ab', 'abc', 'b', 'ba', 'bz', 'c'];
  const packed = packStrings(sorted);
  for (const key of ['', 'a', 'ab', 'abd', 'b', 'bb', 'c', 'd', 'b\uffff']) {
    const expected = sorted.findIndex((word) => word >= key);
    assert.equal(lowerBound(packed, key), expected === -1 ? sorted.length : expected, key);
    assert.equal(indexOfSorted(packed, key), sorted.indexOf(key), key);
  }
});

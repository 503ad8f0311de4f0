import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLiteralMarker, findLiteralMarkerInTail } from './literal-marker.ts';

describe('findLiteralMarker', () => {
  const cases: [string, object | undefined][] = [
    ['A1 LOGIN {5}', { size: 5, isSync: true, isBinary: false, start: 9 }],
    ['A1 LOGIN {5+}', { size: 5, isSync: false, isBinary: false, start: 9 }],
    ['A1 APPEND x ~{12}', { size: 12, isSync: true, isBinary: true, start: 12 }],
    ['A1 APPEND x ~{12+}', { size: 12, isSync: false, isBinary: true, start: 12 }],
    ['{0}', { size: 0, isSync: true, isBinary: false, start: 0 }],
    ['x{007}', { size: 7, isSync: true, isBinary: false, start: 1 }],
    ['A1 X "a {5}"', undefined],
    ['A1 X {}', undefined],
    ['A1 X {+}', undefined],
    ['A1 X {5a}', undefined],
    ['A1 X 5}', undefined],
    ['A1 X {5++}', undefined],
    ['}', undefined],
    ['', undefined],
    [`{${'9'.repeat(33)}+}`, { isUnreadable: true, isSync: false, start: 0 }],
    ['{99999999999999999}', { isUnreadable: true, isSync: true, start: 0 }],
  ];
  for (const [line, expected] of cases) {
    it(`finds ${JSON.stringify(expected)} at the end of ${JSON.stringify(line.slice(0, 40))}`, () => {
      assert.deepEqual(findLiteralMarker(Buffer.from(line)), expected);
    });
  }

  it('reads a cut tail of digits as an unreadable marker, an uncut one as no marker', () => {
    assert.deepEqual(findLiteralMarkerInTail(Buffer.from('99999+}'), true), {
      isUnreadable: true,
      isSync: false,
      start: 0,
    });
    assert.deepEqual(findLiteralMarkerInTail(Buffer.from('99999}'), true), {
      isUnreadable: true,
      isSync: true,
      start: 0,
    });
    assert.equal(findLiteralMarkerInTail(Buffer.from('99999+}'), false), undefined);
    assert.equal(findLiteralMarkerInTail(Buffer.from('x9999+}'), true), undefined);
  });

  it('reads a marker within part of a buffer, offsets counted from the buffer start', () => {
    assert.deepEqual(findLiteralMarker(Buffer.from('xxA1 X {3}yy'), 2, 10), {
      size: 3,
      isSync: true,
      isBinary: false,
      start: 7,
    });
    assert.equal(findLiteralMarker(Buffer.from('{3}'), 1, 3), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { formatOrderedNumbers, SequenceSet, STAR } from './sequence-set.ts';

describe('SequenceSet.parse', () => {
  // Input, normalised output or the error the client reads (Dovecot test-imap-seqset.c style).
  const cases: [string, string | RegExp][] = [
    ['1', '1'],
    ['2:4', '2:4'],
    ['4:2', '2:4'],
    ['5:*', '5:*'],
    ['*:5', '5:*'],
    ['*', '*'],
    ['1,3,5', '1,3,5'],
    ['1,3:5,7:*', '1,3:5,7:*'],
    ['1,2,3,4,5', '1:5'],
    ['1,2,4,5', '1:2,4:5'],
    ['1,3,2,5,4', '1:5'],
    ['3:7,1:4,9', '1:7,9'],
    ['2:3,*,1', '1:3,*'],
    ['4294967295', '4294967295'],
    ['4294967294:4294967295', '4294967294:4294967295'],
    ['0', /"0" is not a number from 1 to 4294967295/],
    ['1:0', /"0" is not a number/],
    ['01', /"01" is not a number/],
    ['4294967296', /4294967296 is greater than 4294967295/],
    ['99999999999', /"99999999999" is not a number/],
    ['', /a number is missing/],
    [',', /a number is missing/],
    ['1,,5', /a number is missing/],
    ['1,2,', /a number is missing/],
    ['1:', /a number is missing/],
    [':5', /a number is missing/],
    ['1:2:3', /"2:3" is not a number/],
    ['a', /"a" is not a number/],
    ['1:a', /"a" is not a number/],
    ['$', /the saved search result \(\$\) is not allowed here/],
    ['1,$', /"\$" is not a number/],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${String(expected)}`, () => {
      if (typeof expected === 'string') assert.equal(SequenceSet.parse(input).format(), expected);
      else
        assert.throws(
          () => SequenceSet.parse(input),
          (e: unknown) => e instanceof ParseError && expected.test(e.message),
        );
    });
  }

  it('takes $ as the saved search result where SEARCHRES allows it', () => {
    const set = SequenceSet.parse('$', { allowSearchResult: true });
    assert.equal(set.isSearchResult, true);
    assert.equal(set.format(), '$');
  });

  it('refuses more ranges than maxRanges with a limit error', () => {
    const text = Array.from({ length: 11 }, (_, i) => String(i * 2 + 1)).join(',');
    assert.equal(SequenceSet.parse(text, { maxRanges: 11 }).ranges.length, 11);
    assert.throws(
      () => SequenceSet.parse(text, { maxRanges: 10 }),
      (e: unknown) => e instanceof ParseError && e.code === 'limit',
    );
  });

  it('quotes at most 40 characters of a long bad set in the error', () => {
    assert.throws(
      () => SequenceSet.parse(`${'1,'.repeat(1000)}x`),
      (e: unknown) => (e as Error).message.length < 200,
    );
  });
});

describe('SequenceSet operations', () => {
  const resolveCases: [string, number, string][] = [
    ['1:*', 10, '1:10'],
    ['5:*', 3, '3:5'],
    ['*', 7, '7'],
    ['*:2', 7, '2:7'],
    ['1:3,8:*', 5, '1:3,5:8'],
    ['100:*', 50, '50:100'],
    ['1:*', 0, ''],
    ['*', 0, ''],
    ['2:4', 0, '2:4'],
  ];
  for (const [input, max, expected] of resolveCases) {
    it(`resolves ${input} with * = ${max} to "${expected}"`, () => {
      const resolved = SequenceSet.parse(input).resolve(max);
      assert.equal(resolved.format(), expected);
      assert.equal(resolved.hasStar, false);
    });
  }

  it('contains() answers by binary search, * counting as larger than everything', () => {
    const set = SequenceSet.parse('1:3,7,10:*');
    const inside = [1, 2, 3, 7, 10, 11, 4_294_967_295].filter((n) => set.contains(n));
    assert.deepEqual(inside, [1, 2, 3, 7, 10, 11, 4_294_967_295]);
    assert.deepEqual(
      [0, 4, 6, 8, 9].filter((n) => set.contains(n)),
      [],
    );
    assert.equal(SequenceSet.EMPTY.contains(1), false);
  });

  it('values() stops at the bound however wide the ranges', () => {
    assert.deepEqual([...SequenceSet.parse('1:4294967295').values(5)], [1, 2, 3, 4, 5]);
    assert.deepEqual([...SequenceSet.parse('2,4:6,9:*').values(8)], [2, 4, 5, 6]);
  });

  it('tells an empty set, its largest number and its text apart', () => {
    assert.equal(SequenceSet.EMPTY.isEmpty, true);
    assert.equal(SequenceSet.EMPTY.last, 0);
    assert.equal(SequenceSet.parse('3,9:12').last, 12);
    assert.equal(SequenceSet.parse('3,9:*').last, STAR);
    assert.equal(`${SequenceSet.parse('2,1')}`, '1:2');
  });

  it('counts the numbers named, Infinity while * is unresolved', () => {
    assert.equal(SequenceSet.parse('1:3,7').count, 4);
    assert.equal(SequenceSet.parse('1:*').count, Number.POSITIVE_INFINITY);
    assert.equal(SequenceSet.parse('1:4294967295').count, 4_294_967_295);
  });

  it('builds a compact set from numbers in any order (ESEARCH ALL, VANISHED)', () => {
    assert.equal(SequenceSet.fromNumbers([9, 1, 2, 3, 5, 3, 8, 10]).format(), '1:3,5,8:10');
    assert.equal(SequenceSet.fromNumbers([]).format(), '');
    assert.equal(
      SequenceSet.fromRanges([
        { start: 5, end: STAR },
        { start: 1, end: 6 },
      ]).format(),
      '1:*',
    );
  });

  it('formats numbers in their own order for COPYUID', () => {
    assert.equal(formatOrderedNumbers([304, 319, 320]), '304,319:320');
    assert.equal(formatOrderedNumbers([7, 8, 9, 3, 4]), '7:9,3:4');
    assert.equal(formatOrderedNumbers([5, 4, 3]), '5,4,3');
  });
});

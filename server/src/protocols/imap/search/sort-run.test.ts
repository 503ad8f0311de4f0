import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { cursorOf } from '../wire/wire.fixture.ts';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS } from './search-limits.ts';
import { describeKey, fakeMailbox, matchesOf } from './search.fixture.ts';
import { parseSortProgram, parseThreadProgram } from './sort-criteria.ts';
import { type MessageData, type MessageDataReader, runSort } from './sort-run.ts';

function sortProgramOf(text: string) {
  const cursor = cursorOf(` ${text}`);
  cursor.expectSpace();
  return parseSortProgram(cursor);
}

describe('parseSortProgram and parseThreadProgram', () => {
  it('reads Roundcube’s list view sort', () => {
    const program = sortProgramOf('(REVERSE ARRIVAL) UTF-8 ALL');
    assert.deepEqual(program.criteria, [{ key: 'ARRIVAL', isReverse: true }]);
    assert.equal(program.charset, 'UTF-8');
    assert.equal(describeKey(program.search), 'all');
  });

  it('reads several keys, RFC 5957 keys and a search program', () => {
    const program = sortProgramOf('(SUBJECT reverse DATE DISPLAYFROM) US-ASCII UNDELETED SINCE 1-Nov-2026');
    assert.deepEqual(
      program.criteria.map((c) => `${c.isReverse ? '-' : ''}${c.key}`),
      ['SUBJECT', '-DATE', 'DISPLAYFROM'],
    );
    assert.equal(describeKey(program.search), 'and(unflag(\\Deleted), since(2026-11-01))');
  });

  it('reads THREAD’s algorithm and charset', () => {
    const cursor = cursorOf(' references UTF-8 TEXT "gewp"');
    cursor.expectSpace();
    const program = parseThreadProgram(cursor);
    assert.equal(program.algorithm, 'REFERENCES');
    assert.equal(describeKey(program.search), 'text("gewp")');
  });

  const errors: readonly (readonly [string, RegExp])[] = [
    ['() UTF-8 ALL', /^At least one item of sort criteria expected/],
    ['(REVERSE) UTF-8 ALL', /^REVERSE must be followed by a sort key$/],
    [
      '(ARRIVAL FOO) UTF-8 ALL',
      /^Sort key \(ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO\) expected at "FOO/,
    ],
    ['(REVERSE REVERSE DATE) UTF-8 ALL', /^REVERSE must be followed by a sort key$/],
    ['(MODSEQ) UTF-8 ALL', /^Sort key .* expected at "MODSEQ/],
    ['(DATE)', /^Space expected at end of line$/],
    ['(DATE) UTF-8', /^Space expected at end of line$/],
    ['DATE UTF-8 ALL', /^Sort criteria in parentheses expected/],
  ];
  for (const [text, pattern] of errors) {
    it(`refuses SORT ${text}`, () => {
      assert.throws(
        () => sortProgramOf(text),
        (error: unknown) => error instanceof ParseError && pattern.test(error.message),
      );
    });
  }

  it('refuses a charset it does not decode with NO [BADCHARSET]', () => {
    assert.throws(
      () => sortProgramOf('(DATE) ISO-8859-1 ALL'),
      (error: unknown) => error instanceof SearchError && error.code === 'badCharset',
    );
  });
});

const address = (name: string, email: string) => ({ name, address: email });

/** Messages by UID; sequence numbers follow UID order. */
const DATA: Readonly<Record<number, Partial<MessageData>>> = {
  1: {
    receivedAt: new Date('2026-11-03T10:00:00Z'),
    sentAt: new Date('2026-11-01T10:00:00Z'),
    size: 300,
    normalizedSubject: 'rapport',
    from: [address('Zoé Martin', 'zoe@ac-test.fr')],
    to: [address('', 'bob@ac-test.fr')],
  },
  2: {
    receivedAt: new Date('2026-11-01T10:00:00Z'),
    sentAt: null,
    size: 100,
    normalizedSubject: 'menu',
    from: [address('', 'Alice@ac-test.fr')],
    to: [address('Charles', 'charles@ac-test.fr')],
  },
  3: {
    receivedAt: new Date('2026-11-02T10:00:00Z'),
    sentAt: new Date('2026-11-02T09:00:00Z'),
    size: 300,
    normalizedSubject: 'rapport',
    from: [address('Émile', 'emile@ac-test.fr')],
    to: [],
  },
  4: {
    receivedAt: new Date('2026-11-02T10:00:00Z'),
    sentAt: new Date('2026-10-30T09:00:00Z'),
    size: 200,
    normalizedSubject: 'menu',
    from: [],
    to: [address('', 'albert@ac-test.fr')],
  },
};

function reader(calls: string[][] = []): MessageDataReader {
  return (ids) => {
    calls.push([...ids]);
    return Promise.resolve(
      ids.flatMap((id) => {
        const data = DATA[Number(id.slice(1))];
        return data === undefined ? [] : [{ id, cc: [], ...data } as MessageData];
      }),
    );
  };
}

const { snapshot } = fakeMailbox([1, 2, 3, 4].map((uid) => ({ uid, receivedAt: '2026-11-01T10:00:00Z' })));

/** [sort criteria, UIDs in order, what the case shows]. */
const SORTS: readonly (readonly [string, readonly number[], string])[] = [
  ['(ARRIVAL)', [2, 3, 4, 1], 'internal date; equal dates by sequence number'],
  ['(REVERSE ARRIVAL)', [1, 3, 4, 2], 'REVERSE turns the key, not the tie-break'],
  ['(DATE)', [4, 1, 2, 3], 'Date: header, else internal date: UID 2 ties with UID 1, which comes first'],
  ['(SIZE)', [2, 4, 1, 3], 'size; ties by sequence'],
  ['(REVERSE SIZE)', [1, 3, 4, 2], 'reverse size; ties still ascending'],
  ['(SUBJECT)', [2, 4, 1, 3], 'base subject'],
  ['(SUBJECT REVERSE DATE)', [2, 4, 3, 1], 'second key inside the first'],
  ['(FROM)', [4, 2, 3, 1], 'local part of the first From, case-insensitive; no From first'],
  ['(DISPLAYFROM)', [4, 2, 3, 1], 'display name or else address; É sorts with E'],
  ['(TO)', [3, 4, 1, 2], 'local part of the first To'],
  ['(DISPLAYTO)', [3, 4, 1, 2], 'display name of the first To, else its address'],
];

describe('runSort', () => {
  for (const [criteria, uids, why] of SORTS) {
    it(`${criteria} → ${uids.join(' ')}: ${why}`, async () => {
      const program = sortProgramOf(`${criteria} UTF-8 ALL`);
      const sorted = await runSort(program.criteria, matchesOf(snapshot), reader());
      assert.deepEqual(
        sorted.map((match) => match.entry.uid),
        uids,
      );
    });
  }

  it('sorts an email that vanished meanwhile as empty instead of failing', async () => {
    const withGhost = fakeMailbox([1, 2, 8].map((uid) => ({ uid, receivedAt: '2026-11-01T10:00:00Z' })));
    const program = sortProgramOf('(ARRIVAL) UTF-8 ALL');
    const sorted = await runSort(program.criteria, matchesOf(withGhost.snapshot), reader());
    assert.deepEqual(
      sorted.map((match) => match.entry.uid),
      [8, 2, 1],
    );
  });

  it('refuses to order more than maxSortMessages (NO [LIMIT])', async () => {
    const program = sortProgramOf('(ARRIVAL) UTF-8 ALL');
    const limits = { ...DEFAULT_SEARCH_LIMITS, maxSortMessages: 3 };
    await assert.rejects(
      runSort(program.criteria, matchesOf(snapshot), reader(), limits),
      (error: unknown) => error instanceof SearchError && error.code === 'limit',
    );
  });
});

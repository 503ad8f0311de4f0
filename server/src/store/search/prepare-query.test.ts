// prepareQuery and the word rules it relies on: folding and splitting of values, simplification of
// and/or/not around conditions that match everything or nothing, and the limits. No database needed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '#core/errors';
import type { SearchQuery } from '../store.ts';
import { prepareQuery } from './prepare-query.ts';
import { SEARCH_LIMITS } from './search-limits.ts';
import { indexedWords, queryWords } from './search-words.ts';

const words = (value: string): SearchQuery => ({ field: 'subject', value, match: 'words' });
const substring = (value: string): SearchQuery => ({ field: 'address', value, match: 'substring' });

test('a condition is folded, and words carry their prefix marker', () => {
  assert.deepEqual(prepareQuery(substring('Dupont@AC-')), {
    kind: 'substring',
    columns: ['from_addresses', 'to_addresses', 'cc_addresses', 'bcc_addresses'],
    text: 'dupont@ac-',
  });
  assert.deepEqual(prepareQuery(words('Réunion ÉLEC* réunion l’école')), {
    kind: 'words',
    field: 'subject',
    columns: ['subject'],
    words: [
      { word: 'reunion', isPrefix: false },
      { word: 'elec', isPrefix: true },
      { word: 'l', isPrefix: false },
      { word: 'ecole', isPrefix: false },
    ],
  });
});

test('conditions matching everything or nothing are simplified away', () => {
  const all = { kind: 'all' };
  const none = { kind: 'none' };
  const tooLongWord = words('x'.repeat(SEARCH_LIMITS.maxWordChars + 1));
  const cases: readonly [SearchQuery, unknown][] = [
    [substring(''), all],
    [words('?! —'), all],
    [tooLongWord, none],
    [{ not: tooLongWord }, all],
    [{ and: [] }, all],
    [{ or: [] }, none],
    [{ and: [substring(''), words('a')] }, prepareQuery(words('a'))],
    [{ or: [substring(''), words('a')] }, all],
    [{ and: [words('a'), { or: [] }] }, none],
    [{ not: { not: substring('') } }, all],
  ];
  for (const [query, expected] of cases)
    assert.deepEqual(prepareQuery(query), expected, JSON.stringify(query));
});

test('limits are checked on the query as written, even where simplification would drop parts', () => {
  const isTooBig = (error: unknown) => error instanceof StoreError && error.code === 'tooBig';
  const overTerms = Array.from({ length: SEARCH_LIMITS.maxQueryTerms + 1 }, (_, i) => words(`w${i}`));
  assert.throws(() => prepareQuery({ and: [{ or: [] }, ...overTerms] }), isTooBig);
  assert.throws(() => prepareQuery(substring('x'.repeat(SEARCH_LIMITS.maxQueryValueChars + 1))), isTooBig);
  let deep: SearchQuery = substring('');
  for (let i = 0; i < SEARCH_LIMITS.maxQueryNodes; i++) deep = { not: deep };
  assert.throws(() => prepareQuery(deep), isTooBig);
});

test('a malformed query (not what the types allow) is a bug, reported as an assertion', () => {
  const malformed = [
    { field: 'nowhere', value: 'x', match: 'words' },
    { field: 'text', value: 42, match: 'words' },
    { field: 'text', value: 'x', match: 'regex' },
    { and: 'x' },
  ];
  for (const query of malformed) {
    assert.throws(() => prepareQuery(query as unknown as SearchQuery), { code: 'ERR_ASSERTION' });
  }
});

test('indexed words are distinct, skip over-long words, and stop when the document budget runs out', () => {
  assert.equal(
    indexedWords("l'ecole, l'ecole et marie.dupont@ac-grenoble.fr"),
    'l ecole et marie dupont ac grenoble fr',
  );
  assert.equal(indexedWords(`a ${'b'.repeat(SEARCH_LIMITS.maxWordChars + 1)} c`), 'a c');
  const many = Array.from({ length: SEARCH_LIMITS.maxWordsPerDocument + 5 }, (_, i) => `w${i}`).join(' ');
  assert.equal(indexedWords(many).split(' ').length, SEARCH_LIMITS.maxWordsPerDocument);
  // Three-byte characters: the byte cap is reached before the count cap.
  const wide = Array.from({ length: 9_000 }, (_, i) => `${'語'.repeat(20)}${i}`).join(' ');
  const kept = indexedWords(wide);
  assert.ok(Buffer.byteLength(kept) <= SEARCH_LIMITS.maxWordBytesPerDocument);
  assert.ok(kept.split(' ').length < 9_000);
  // One budget across a document's parts: what the first part takes, the next one cannot.
  const budget = { words: 3, bytes: 1_000 };
  assert.equal(indexedWords('un deux', budget), 'un deux');
  assert.equal(indexedWords('trois quatre', budget), 'trois');
  assert.equal(indexedWords('cinq', budget), '');
});

test('query words keep the exact and prefix forms of a word apart', () => {
  assert.deepEqual(queryWords('elec elec* elec'), [
    { word: 'elec', isPrefix: false },
    { word: 'elec', isPrefix: true },
  ]);
  assert.deepEqual(queryWords('* ** a**b'), [
    { word: 'a', isPrefix: true },
    { word: 'b', isPrefix: false },
  ]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMisspellings, type Dictionary } from './french-speller.ts';
import { SPELLING_LIMITS } from './spelling-limits.ts';
import { createSuggestionCache } from './suggestion-cache.ts';

/**
 * A small dictionary behaving like nspell: listed words, and their capitalised forms (as at a sentence start).
 * Elided and hyphenated forms are listed only where Hunspell lists them (aujourd'hui, peut-être).
 */
function fakeDictionary(words: readonly string[], suggestions: Record<string, string[]> = {}) {
  const known = new Set(words);
  const asked: string[] = [];
  const dictionary: Dictionary & { asked: string[] } = {
    asked,
    correct(word) {
      const uncapitalised = word.charAt(0).toLowerCase() + word.slice(1);
      return known.has(word) || known.has(uncapitalised);
    },
    suggest(word) {
      asked.push(word);
      return suggestions[word] ?? [];
    },
  };
  return dictionary;
}

const WORDS = [
  'bonjour',
  'la',
  'le',
  'réunion',
  'est',
  'demain',
  'hôtel',
  'école',
  "aujourd'hui",
  "c'est-à-dire",
  'peut-être',
  "l'",
  'il',
  'ce',
  'dis',
  'moi',
  'a',
  'État',
  'École',
  'cœur',
  'être',
  'peut',
  'à',
  'bientôt',
  'arrive',
  'voir',
  'avec',
  'et',
];

function check(text: string, dictionary = fakeDictionary(WORDS), deadline = Number.POSITIVE_INFINITY) {
  return findMisspellings(text, dictionary, {
    deadline,
    now: () => 0,
    cache: createSuggestionCache(100),
  });
}

function flagged(text: string, dictionary = fakeDictionary(WORDS)): string[] {
  return check(text, dictionary).misspelled.map((entry) => entry.word);
}

test('a misspelled word is reported with its offsets and suggestions', () => {
  const dictionary = fakeDictionary(WORDS, { bonjur: ['bonjour', 'bonjour', 'bonjours'] });
  const result = check('La réunion, bonjur demain.', dictionary);
  assert.deepEqual(result, {
    misspelled: [{ word: 'bonjur', start: 12, end: 18, suggestions: ['bonjour', 'bonjours'] }],
    isComplete: true,
  });
});

test('a correct text has no misspellings', () => {
  assert.deepEqual(flagged('Bonjour, la réunion est demain.'), []);
});

test('an elided word is checked without its article, and only the word is flagged', () => {
  assert.deepEqual(flagged("l'hôtel l’école qu’il d’école jusqu'à"), []);
  const dictionary = fakeDictionary(WORDS, { hotel: ['hôtel'] });
  const result = check('Voir l’hotel demain', dictionary);
  assert.deepEqual(result.misspelled, [{ word: 'hotel', start: 7, end: 12, suggestions: ['hôtel'] }]);
});

test('words the dictionary lists with their apostrophe or hyphen are accepted whole', () => {
  assert.deepEqual(flagged("aujourd'hui, aujourd’hui, c'est-à-dire, c’est-à-dire, peut-être"), []);
});

test('a hyphenated word is accepted when each part is a word, and only wrong parts are flagged', () => {
  assert.deepEqual(flagged('dis-moi, a-t-il, est-ce'), []);
  const result = check('peut-étre demain', fakeDictionary(WORDS, { étre: ['être'] }));
  assert.deepEqual(result.misspelled, [{ word: 'étre', start: 5, end: 9, suggestions: ['être'] }]);
});

test('a capitalised word inside a sentence is taken for a name, at a sentence start it is checked', () => {
  assert.deepEqual(flagged('la réunion avec Durand à Grenoble'), []);
  assert.deepEqual(flagged('Bonjur la réunion. Demain'), ['Bonjur']);
  // The capital after an elision is a name's: d’Artagnan.
  assert.deepEqual(flagged('la réunion d’Artagnan'), []);
});

test('a capital that lost its accent is accepted when the accented capital makes a word', () => {
  assert.deepEqual(flagged('Etat. Ecole. A bientôt.'), []);
  assert.deepEqual(flagged('Ezole.'), ['Ezole']);
});

test('acronyms are accepted, even elided or in a compound', () => {
  assert.deepEqual(flagged('la DSDEN, l’INSPÉ, SNCF-réunion'), []);
});

test('accents typed as combining marks are composed before the lookup; offsets stay in the text', () => {
  const text = 'la re\u0301union, la re\u0301unoin';
  const result = check(text);
  assert.deepEqual(
    result.misspelled.map((entry) => [entry.word, entry.start, entry.end]),
    [['re\u0301unoin', 16, 24]],
  );
});

test('ligatures are looked up as written', () => {
  assert.deepEqual(flagged('le cœur'), []);
  assert.deepEqual(flagged('le coeur', fakeDictionary(WORDS, { coeur: ['cœur'] })), ['coeur']);
  assert.deepEqual(check('le coeur', fakeDictionary(WORDS, { coeur: ['cœur'] })).misspelled[0]?.suggestions, [
    'cœur',
  ]);
});

test('suggestions come back with the apostrophe the person typed', () => {
  const dictionary = fakeDictionary(WORDS, { "aujourd'hu": ["aujourd'hui"] });
  assert.deepEqual(check('le aujourd’hu', dictionary).misspelled[0]?.suggestions, ['aujourd’hui']);
  assert.deepEqual(check("le aujourd'hu", dictionary).misspelled[0]?.suggestions, ["aujourd'hui"]);
  // Either way the dictionary is asked with its own apostrophe.
  assert.deepEqual(dictionary.asked, ["aujourd'hu", "aujourd'hu"]);
});

test('at most five suggestions, without the word itself', () => {
  const many = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
  const result = check('le zzz', fakeDictionary(WORDS, { zzz: ['zzz', ...many] }));
  assert.deepEqual(result.misspelled[0]?.suggestions, many.slice(0, SPELLING_LIMITS.maxSuggestions));
});

test('suggestions are cached by word across checks', () => {
  const dictionary = fakeDictionary(WORDS, { bonjur: ['bonjour'] });
  const cache = createSuggestionCache(100);
  const options = { deadline: Number.POSITIVE_INFINITY, now: () => 0, cache };
  findMisspellings('la bonjur', dictionary, options);
  const again = findMisspellings('le bonjur et bonjur', dictionary, options);
  assert.equal(again.misspelled.length, 2);
  assert.deepEqual(dictionary.asked, ['bonjur']);
});

test('past the deadline, misspellings are still reported but without suggestions', () => {
  const dictionary = fakeDictionary(WORDS, { bonjur: ['bonjour'], demin: ['demain'] });
  let now = 0;
  const result = findMisspellings('bonjur la demin', dictionary, {
    deadline: 1,
    now: () => now++,
    cache: createSuggestionCache(100),
  });
  assert.deepEqual(
    result.misspelled.map((entry) => [entry.word, entry.suggestions]),
    [
      ['bonjur', ['bonjour']],
      ['demin', []],
    ],
  );
  assert.equal(result.isComplete, false);
  // What was not computed is not cached as "no suggestion": the next check computes it.
  assert.deepEqual(dictionary.asked, ['bonjur']);
});

test('beyond the misspellings a check reports, the rest are left for later', () => {
  const text = Array.from({ length: SPELLING_LIMITS.maxMisspellings + 10 }, () => 'zz').join(' ');
  const result = check(text);
  assert.equal(result.misspelled.length, SPELLING_LIMITS.maxMisspellings);
  assert.equal(result.isComplete, false);
});

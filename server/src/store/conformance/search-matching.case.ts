// Conformance cases about what a search matches: French folding both ways, substrings of any length,
// words and prefixes, hostile values that must stay literal, the bounds, and a 20,000-document account.

import assert from 'node:assert/strict';
import { StoreError } from '#core/errors';
import { foldForSearch } from '../search/fold-for-search.ts';
import { SEARCH_LIMITS } from '../search/search-limits.ts';
import type { SearchQuery } from '../store.ts';
import { frenchMailCorpus } from './search-corpus.ts';
import { found, has, indexAll } from './search-fixture.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

const FRENCH = {
  orleans: { subject: 'Sortie à Orléans', body: 'Départ à 8 h.' },
  electricite: { body: 'Coupure d’ÉLECTRICITÉ jeudi au collège.' },
  coeur: { body: 'Nous avons à cœur de réussir. Æsthétique.' },
  coeurPlain: { body: 'Le coeur du sujet, sans ligature.' },
  dupont: { to: ['Marie Dupont <marie.dupont@ac-grenoble.fr>'], subject: 'Réunion des parents' },
  strasse: { body: 'Straße der Einheit' },
  ecole: { subject: 'L’école ouvre le 2 septembre' },
};

/** Values that mean something to FTS5, tsquery, LIKE or SQL; none may fail or act as syntax. */
const HOSTILE = [
  '"',
  '""',
  '"unterminated',
  "'",
  "' OR 1=1 --",
  'AND',
  'OR',
  'NOT',
  'a NOT b',
  'NEAR(a b, 2)',
  '*',
  '**',
  'a*b',
  '(',
  ')',
  '())(',
  ':',
  'subject:x',
  '{subject} : x',
  '^x',
  '-x',
  '+x',
  '%',
  '_',
  '\\',
  '%_\\%',
  ':*',
  "'x':*",
  '&|!<->',
  '$1',
  '?',
  '\u0000',
  '\ud800',
  'é\u0301\u0301\u0301',
  '"'.repeat(SEARCH_LIMITS.maxQueryValueChars),
];

/** Distinct, hex-dump-like words (Knuth's multiplicative hash, below 2^53 for i < 3 million). */
function noiseWord(i: number): string {
  return (i * 2_654_435_761).toString(36);
}

export const searchMatchingCases: readonly ConformanceCase[] = [
  {
    name: 'accents, case and ligatures are folded the same way in documents and queries',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', FRENCH);
      const expectations: readonly [SearchQuery, string[]][] = [
        [has('leans'), ['orleans']],
        [has('ORLÉANS', 'subject'), ['orleans']],
        [has('ELECTR'), ['electricite']],
        [has('électricité', 'body', 'words'), ['electricite']],
        [has('coeur'), ['coeur', 'coeurPlain']],
        [has('CŒUR', 'body', 'words'), ['coeur', 'coeurPlain']],
        [has('aesthe'), ['coeur']],
        [has('strasse'), ['strasse']],
        [has('STRAẞE', 'body', 'words'), ['strasse']],
        [has('dupont@ac-', 'to'), ['dupont']],
        [has('marie.dupont@ac-grenoble.fr', 'address'), ['dupont']],
        [has('reunion', 'text', 'words'), ['dupont']],
        [has("l'école"), ['ecole']],
        [has('l’ecole ouvre', 'subject', 'words'), ['ecole']],
      ];
      for (const [query, ids] of expectations) {
        assert.deepEqual(await found(database, 'acc-a', query), ids, JSON.stringify(query));
      }
    },
  },
  {
    name: 'substrings of one or two characters are found, and LIKE wildcards in them stay literal',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        zoe: { from: ['Zoé <zoe@ac-lyon.fr>'] },
        percent: { subject: 'Remise de 100% sur_place' },
        plain: { subject: 'Remise de 1000 surplace' },
      });
      assert.deepEqual(await found(database, 'acc-a', has('Zé', 'from')), []);
      assert.deepEqual(await found(database, 'acc-a', has('zo', 'from')), ['zoe']);
      assert.deepEqual(await found(database, 'acc-a', has('É', 'address')), ['zoe']);
      assert.deepEqual(await found(database, 'acc-a', has('%')), ['percent']);
      assert.deepEqual(await found(database, 'acc-a', has('_')), ['percent']);
      assert.deepEqual(await found(database, 'acc-a', has('0%')), ['percent']);
      assert.deepEqual(await found(database, 'acc-a', has('r_p')), ['percent']);
      assert.deepEqual(await found(database, 'acc-a', has('1000')), ['plain']);
    },
  },
  {
    name: 'a substring is found only where its characters follow each other, in one part, not from pieces apart',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        whole: { subject: 'Conseil de classe', body: 'Le bulletin trimestriel arrive.' },
        apart: { subject: 'Conseil', body: 'classe de bulletin, trimestre, arrivée' },
        split: { subject: 'bulle', body: 'tin' },
      });
      assert.deepEqual(await found(database, 'acc-a', has('conseil de classe')), ['whole']);
      assert.deepEqual(await found(database, 'acc-a', has('bulletin trimestriel')), ['whole']);
      assert.deepEqual(await found(database, 'acc-a', has('bulletin', 'subject')), []);
      assert.deepEqual(await found(database, 'acc-a', has('bulletin')), ['apart', 'whole']);
      assert.deepEqual(await found(database, 'acc-a', has('trimestr')), ['apart', 'whole']);
      assert.deepEqual(await found(database, 'acc-a', has('lletin tri')), ['whole']);
      assert.deepEqual(await found(database, 'acc-a', has('e tin')), []);
      assert.deepEqual(await found(database, 'acc-a', has('bulletin', 'body')), ['apart', 'whole']);
    },
  },
  {
    name: 'words search matches whole words in any order, and a trailing * matches any prefix',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        meeting: {
          from: ['Marie Dupont <marie.dupont@ac-grenoble.fr>'],
          subject: 'Réunion du conseil',
          body: 'Documents d’électricité et convocations.',
        },
        other: { subject: 'Union sportive', body: 'Électrique' },
      });
      const q = (value: string, field: 'text' | 'subject' | 'body' = 'text') => has(value, field, 'words');
      assert.deepEqual(await found(database, 'acc-a', q('conseil reunion', 'subject')), ['meeting']);
      // A word is not a substring: union is not réunion.
      assert.deepEqual(await found(database, 'acc-a', q('union')), ['other']);
      assert.deepEqual(await found(database, 'acc-a', has('union')), ['meeting', 'other']);
      // In `text`, each word may come from a different part (marie: from, conseil: subject).
      assert.deepEqual(await found(database, 'acc-a', q('marie conseil')), ['meeting']);
      assert.deepEqual(await found(database, 'acc-a', q('marie sportive')), []);
      assert.deepEqual(await found(database, 'acc-a', q('elec*')), ['meeting', 'other']);
      assert.deepEqual(await found(database, 'acc-a', q('ac-grenoble')), ['meeting']);
      // Every prefix finds the word, including prefixes longer than a French stem (docum* → document).
      for (const word of ['documents', 'electricite', 'convocations', 'reunion']) {
        for (let length = 1; length <= word.length; length++) {
          const prefix = `${word.slice(0, length)}*`;
          assert.ok((await found(database, 'acc-a', q(prefix))).includes('meeting'), prefix);
        }
      }
    },
  },
  {
    name: 'a whole word also finds its inflections where the backend stems French (PostgreSQL), and only itself on SQLite',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        plural: { body: 'Les réunions des conseils' },
        singular: { body: 'La réunion du conseil' },
      });
      const expected = database.dialect.name === 'postgres' ? ['plural', 'singular'] : ['singular'];
      assert.deepEqual(await found(database, 'acc-a', has('reunion conseil', 'body', 'words')), expected);
      // Stop words are words: "de", "la", "pas" can be searched on both backends.
      assert.deepEqual(await found(database, 'acc-a', has('la', 'body', 'words')), ['singular']);
    },
  },
  {
    name: 'an empty value, or a words value without words, matches every document',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', { e1: { subject: 'Un' }, e2: {} });
      for (const query of [
        has(''),
        has('', 'subject'),
        has('', 'body', 'words'),
        has('?! …', 'text', 'words'),
      ]) {
        assert.deepEqual(await found(database, 'acc-a', query), ['e1', 'e2'], JSON.stringify(query));
      }
      assert.deepEqual(await found(database, 'acc-a', { not: has('') }), []);
    },
  },
  {
    name: 'hostile values never fail and are matched literally, never as query syntax',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        quoted: { subject: 'Il a dit "a NOT b" puis NEAR(a b, 2)' },
        plain: { subject: 'a b c', body: 'subject x' },
      });
      for (const value of HOSTILE) {
        for (const match of ['substring', 'words'] as const) {
          for (const field of ['text', 'subject', 'address'] as const) {
            const ids = await found(database, 'acc-a', has(value, field, match));
            assert.ok(
              ids.every((id) => id === 'quoted' || id === 'plain'),
              JSON.stringify(value),
            );
          }
        }
      }
      assert.deepEqual(await found(database, 'acc-a', has('"a NOT b"')), ['quoted']);
      assert.deepEqual(await found(database, 'acc-a', has('NEAR(a b, 2)', 'subject')), ['quoted']);
      assert.deepEqual(await found(database, 'acc-a', has('a NOT b', 'subject', 'words')), ['quoted']);
      assert.deepEqual(await found(database, 'acc-a', has('subject:x')), []);
      assert.deepEqual(await found(database, 'acc-a', has("' OR 1=1 --")), []);
    },
  },
  {
    name: 'random queries made of syntax characters never fail and never leave the account',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-b');
      await indexAll(database, 'acc-a', {
        mine: { subject: 'a"b (c) d*e: f-g', body: "%_\\ 'x' NEAR AND OR NOT" },
      });
      await indexAll(database, 'acc-b', {
        theirs: { subject: 'a"b (c) d*e: f-g', body: "%_\\ 'x' NEAR AND OR NOT" },
      });
      const alphabet = [...'"\'()*:^-+{}%_\\$?&|!<>;,. aéœ'].concat([
        'AND',
        'OR',
        'NOT',
        'NEAR',
        '\u0000',
        '\ud800',
      ]);
      let seed = 11;
      const next = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      // At most 8 leaves of at most 8 words: within maxQueryTerms, so every query must run.
      const value = () => Array.from({ length: 1 + next(8) }, () => alphabet[next(alphabet.length)]).join('');
      const fields = ['text', 'subject', 'body', 'address', 'attachmentName'] as const;
      const randomQuery = (depth: number): SearchQuery => {
        const pick = next(depth > 2 ? 2 : 5);
        if (pick < 2) return has(value(), fields[next(fields.length)], pick === 0 ? 'substring' : 'words');
        if (pick === 2) return { not: randomQuery(depth + 1) };
        const parts = Array.from({ length: next(3) }, () => randomQuery(depth + 1));
        return pick === 3 ? { and: parts } : { or: parts };
      };
      for (let round = 0; round < 300; round++) {
        const query = randomQuery(0);
        const ids = await found(database, 'acc-a', query);
        assert.ok(
          ids.every((id) => id === 'mine'),
          JSON.stringify(query),
        );
      }
    },
  },
  {
    name: 'queries beyond the limits fail with StoreError tooBig, before reaching the database',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      const isTooBig = (error: unknown) => error instanceof StoreError && error.code === 'tooBig';
      const long = 'x'.repeat(SEARCH_LIMITS.maxQueryValueChars + 1);
      await assert.rejects(database.search.search('acc-a', has(long)), isTooBig);
      const manyWords = Array.from({ length: SEARCH_LIMITS.maxQueryTerms + 1 }, (_, i) => `w${i}`).join(' ');
      await assert.rejects(database.search.search('acc-a', has(manyWords, 'text', 'words')), isTooBig);
      let deep: SearchQuery = has('x');
      for (let i = 0; i < SEARCH_LIMITS.maxQueryNodes; i++) deep = { not: deep };
      await assert.rejects(database.search.search('acc-a', deep), isTooBig);
      const wide = { or: Array.from({ length: SEARCH_LIMITS.maxQueryTerms + 1 }, (_, i) => has(`v${i}`)) };
      await assert.rejects(database.search.search('acc-a', wide), isTooBig);
      // Right at the limits is fine.
      const atLimit = { or: Array.from({ length: SEARCH_LIMITS.maxQueryTerms }, (_, i) => has(`v${i}`)) };
      assert.deepEqual(await found(database, 'acc-a', atLimit), []);
    },
  },
  {
    name: 'indexed text is bounded: body beyond the cap and over-long words are not word-searchable',
    timeoutMs: 60_000,
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      const longWord = 'a'.repeat(SEARCH_LIMITS.maxWordChars + 1);
      // Distinct words well beyond the word caps, like a hex dump: must not overflow a PostgreSQL tsvector.
      const noise = Array.from({ length: 40_000 }, (_, i) => noiseWord(i)).join(' ');
      await indexAll(database, 'acc-a', {
        long: { body: `${'x'.repeat(SEARCH_LIMITS.maxBodyChars)} aiguilleperdue` },
        word: { subject: `mot ${longWord}` },
        noise: { body: noise },
      });
      assert.deepEqual(await found(database, 'acc-a', has('aiguilleperdue')), []);
      assert.deepEqual(await found(database, 'acc-a', has(longWord)), ['word']);
      assert.deepEqual(await found(database, 'acc-a', has(longWord, 'subject', 'words')), []);
      assert.deepEqual(await found(database, 'acc-a', has('mot', 'subject', 'words')), ['word']);
      // The noise's first words are word-searchable; later ones, beyond the word caps but within the body cap,
      // are found by substring only.
      assert.deepEqual(await found(database, 'acc-a', has(noiseWord(1), 'body', 'words')), ['noise']);
      assert.deepEqual(await found(database, 'acc-a', has(noiseWord(20_000), 'body')), ['noise']);
      assert.deepEqual(await found(database, 'acc-a', has(noiseWord(20_000), 'body', 'words')), []);
    },
  },
  {
    name: 'a 20,000-document account answers substring and word queries correctly',
    timeoutMs: 300_000,
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-big', 'acc-other');
      const corpus = [...frenchMailCorpus(20_000, { sentences: 3 })];
      const BATCH = 1_000;
      for (let start = 0; start < corpus.length; start += BATCH) {
        await database.write(async (tx) => {
          for (let i = start; i < Math.min(corpus.length, start + BATCH); i++) {
            const document = corpus[i] ?? {};
            // Three needles, each in one known document.
            const body = i === 4_321 ? `${document.body} Rendez-vous à Orléans.` : document.body;
            const subject = i === 17_000 ? `${document.subject} — cœur du projet` : document.subject;
            await database.search.index(tx, 'acc-big', `e${i}`, { ...document, body, subject });
          }
        });
      }
      await indexAll(database, 'acc-other', { e4321: { body: 'Orléans aussi' } });
      assert.deepEqual(await found(database, 'acc-big', has('leans')), ['e4321']);
      assert.deepEqual(await found(database, 'acc-big', has('coeur du', 'subject')), ['e17000']);
      // Common terms: every hit is right, and none is missed, checked against the corpus itself.
      const expectedValence = corpus.flatMap((d, i) =>
        foldForSearch(d.body ?? '').includes('valence') ? [`e${i}`] : [],
      );
      const valence = await found(database, 'acc-big', has('VALENCE', 'body'));
      assert.deepEqual(valence, expectedValence.sort());
      const expectedGarnier = corpus.flatMap((d, i) =>
        d.from?.some((a) => a.includes('Garnier')) ? [`e${i}`] : [],
      );
      assert.deepEqual(
        await found(database, 'acc-big', has('garn*', 'from', 'words')),
        expectedGarnier.sort(),
      );
      assert.ok(expectedValence.length > 100 && expectedGarnier.length > 100, 'the corpus has common terms');
    },
  },
];

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenizeFrench } from './french-tokenizer.ts';

/** The words found, as written. */
function words(text: string): string[] {
  return tokenizeFrench(text).map((token) => token.text);
}

test('words are cut at spaces and punctuation, with UTF-16 offsets into the text', () => {
  const text = 'Bonjour, la réunion (salle B) aura lieu… demain !';
  const tokens = tokenizeFrench(text);
  assert.deepEqual(
    tokens.map((token) => token.text),
    ['Bonjour', 'la', 'réunion', 'salle', 'aura', 'lieu', 'demain'],
  );
  for (const token of tokens) assert.equal(text.slice(token.start, token.end), token.text);
});

test('elisions stay one word, with either apostrophe', () => {
  assert.deepEqual(words("l'hôtel, l’hôtel, aujourd’hui, qu’il, jusqu'à, presqu’île, d'accord"), [
    "l'hôtel",
    'l’hôtel',
    'aujourd’hui',
    'qu’il',
    "jusqu'à",
    'presqu’île',
    "d'accord",
  ]);
  // The modifier letter apostrophe some keyboards type.
  assert.deepEqual(words('lʼécole'), ['lʼécole']);
});

test('hyphenated words stay one word; a dash between spaces does not join', () => {
  assert.deepEqual(words("peut-être, c'est-à-dire, a-t-il, arc-en-ciel — rien - fin"), [
    'peut-être',
    "c'est-à-dire",
    'a-t-il',
    'arc-en-ciel',
    'rien',
    'fin',
  ]);
  // Unicode hyphen and non-breaking hyphen.
  assert.deepEqual(words('peut‐être peut‑être'), ['peut‐être', 'peut‑être']);
});

test('quotes and apostrophes around a word are not part of it', () => {
  assert.deepEqual(words("« vraiment » 'exemple' “citation” l'"), ['vraiment', 'exemple', 'citation']);
});

test('numbers and words with digits are skipped', () => {
  assert.deepEqual(words('le 1er mai 2026, 3e trimestre, 12,5 %, B2i, mot_de_passe, 14h30'), [
    'le',
    'mai',
    'trimestre',
  ]);
});

test('e-mail addresses and links are skipped whole', () => {
  const text =
    'écrire à paul.durand@ac-grenoble.fr ou voir https://www.ac-grenoble.fr/esr/pages?x=1, www.education.gouv.fr et <mailto:paul@ac-test.fr>';
  assert.deepEqual(words(text), ['écrire', 'ou', 'voir', 'et']);
});

test('host and file names and dotted abbreviations are skipped', () => {
  assert.deepEqual(words('le fichier rapport.pdf sur ac-grenoble.fr, c.-à-d. la version 2.3'), [
    'le',
    'fichier',
    'sur',
    'la',
    'version',
  ]);
});

test('words in capitals (acronyms) are skipped, a capitalised word is not', () => {
  // An elided acronym is kept: french-speller.ts accepts it by its part in capitals.
  assert.deepEqual(words('Le CNED et l’INSPÉ écrivent à la DSDEN, Académie'), [
    'Le',
    'et',
    'l’INSPÉ',
    'écrivent',
    'la',
    'Académie',
  ]);
});

test('Roman ordinals are skipped, short capitalised words that look like numerals are not', () => {
  assert.deepEqual(words('XIXe siècle, IIe République, Ier Empire, Ve République'), [
    'siècle',
    'République',
    'Empire',
    'République',
  ]);
  assert.deepEqual(words('Le, Ce, De, Mes, Les'), ['Le', 'Ce', 'De', 'Mes', 'Les']);
});

test('single letters, hashtags and handles are skipped', () => {
  assert.deepEqual(words('il y a à faire #rentrée @marie'), ['il', 'faire']);
});

test('ligatures œ and æ are letters', () => {
  const text = 'un cœur, une œuvre, et cætera, Œdipe';
  const tokens = tokenizeFrench(text);
  assert.deepEqual(
    tokens.map((token) => token.text),
    ['un', 'cœur', 'une', 'œuvre', 'et', 'cætera', 'Œdipe'],
  );
  assert.deepEqual(
    tokens.map((token) => [token.start, token.end]),
    [
      [0, 2],
      [3, 7],
      [9, 12],
      [13, 18],
      [20, 22],
      [23, 29],
      [31, 36],
    ],
  );
});

test('accents typed as combining marks stay in their word', () => {
  const text = 'e\u0301te\u0301 chaud';
  assert.deepEqual(tokenizeFrench(text)[0], {
    text: 'e\u0301te\u0301',
    start: 0,
    end: 5,
    isSentenceStart: true,
  });
});

test('offsets count UTF-16 code units, as a browser does, past characters outside the BMP', () => {
  const text = 'Merci 👍 pour tout';
  const pour = tokenizeFrench(text).find((token) => token.text === 'pour');
  assert.deepEqual(pour && [pour.start, pour.end], [9, 13]);
});

test('a word starts a sentence at the start, after . ! ? … and at a new line', () => {
  const text = 'Bonjour Marie. Merci ! Vraiment ? Oui… Donc\nEnsuite « Voilà » puis Paris';
  const starts = tokenizeFrench(text)
    .filter((token) => token.isSentenceStart)
    .map((token) => token.text);
  assert.deepEqual(starts, ['Bonjour', 'Merci', 'Vraiment', 'Oui', 'Donc', 'Ensuite']);
});

test('a full stop after an abbreviation or an initial does not start a sentence', () => {
  const text = 'Voir M. Durand, Mme. Martin, cf. Circulaire, J. Dupont et etc. Fin. Suite';
  const starts = tokenizeFrench(text)
    .filter((token) => token.isSentenceStart)
    .map((token) => token.text);
  assert.deepEqual(starts, ['Voir', 'Suite']);
});

test('after a colon or a comma a capital is not at a sentence start', () => {
  const starts = tokenizeFrench('Objet : Réunion, Grenoble')
    .filter((token) => token.isSentenceStart)
    .map((token) => token.text);
  assert.deepEqual(starts, ['Objet']);
});

test('over-long strings are not words', () => {
  assert.deepEqual(words(`voir ${'a'.repeat(41)} fin`), ['voir', 'fin']);
});

test('a long text without spaces or with many dots is cut in linear time', () => {
  const started = performance.now();
  tokenizeFrench(`${'a'.repeat(20_000)} ${'a.'.repeat(10_000)} ${'@'.repeat(20_000)}`);
  assert.ok(performance.now() - started < 500, 'no quadratic pattern');
});

test('an empty or punctuation-only text has no words', () => {
  assert.deepEqual(words(''), []);
  assert.deepEqual(words(' … ! ? — « » '), []);
});

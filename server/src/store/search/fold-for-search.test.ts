// foldForSearch, table-driven: French accents and ligatures, typographic punctuation, invisible characters,
// white space, and text that a broken decoder or a hostile sender could produce.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldAnyText, foldForSearch } from './fold-for-search.ts';

const CASES: readonly [string, string, string][] = [
  ['accents and case', 'Réunion à ORLÉANS, électricité', 'reunion a orleans, electricite'],
  ['diaeresis, cedilla, circumflex', 'Naïveté, François, hôtel, Noël', 'naivete, francois, hotel, noel'],
  ['œ and æ, either case', 'Cœur, ŒUVRE, Æther, ex æquo', 'coeur, oeuvre, aether, ex aequo'],
  ['sharp s, and capital sharp s', 'Straße STRAẞE', 'strasse strasse'],
  ['other letters that carry no mark', 'Søren Łódź Đorđe Þór', 'soren lodz dorde thor'],
  ['typographic apostrophes', 'l’école, l‘été, l`an', "l'ecole, l'ete, l'an"],
  ['typographic quotes and guillemets', '« Bonjour » “hello” „hallo“', '" bonjour " "hello" "hallo"'],
  ['hyphens and dashes', 'ac‑grenoble – fin — début −5', 'ac-grenoble - fin - debut -5'],
  ['compatibility forms', 'ﬁnancement Ｖｅｒｃｏｒｓ ² ½', 'financement vercors 2 1⁄2'],
  ['decomposed input', 'e\u0301le\u0300ve', 'eleve'],
  ['soft hyphen and zero-width characters', 'élec\u00adtri\u200bcité\ufeff', 'electricite'],
  ['white space of every kind, collapsed', 'a\u00a0\u202fb\r\n\t c  d', 'a b c d'],
  ['control characters dropped', 'x\u0000y\u0007z', 'xyz'],
  ['a lone surrogate becomes U+FFFD', '\ud800z', '\ufffdz'],
  ['dotted capital I', 'İstanbul', 'istanbul'],
  ['scripts without marks stay whole (Hangul recomposed)', '한국어 Ελλάδα', '한국어 ελλαδα'],
  ['empty', '', ''],
];

for (const [name, input, expected] of CASES) {
  test(`foldForSearch: ${name}`, () => {
    assert.equal(foldForSearch(input), expected);
  });
}

test('folding is idempotent, so a folded value can be folded again', () => {
  for (const [, input] of CASES) {
    const once = foldForSearch(input);
    assert.equal(foldForSearch(once), once);
  }
});

test('random text folds to well-formed lower-case text without marks', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  for (let round = 0; round < 500; round++) {
    const units = Array.from({ length: 1 + (next() % 40) }, () => next() % 0x10000);
    const folded = foldForSearch(String.fromCharCode(...units));
    assert.ok(folded.isWellFormed());
    assert.doesNotMatch(folded, /\p{M}|\s{2}|[\t\n\r]/u);
    assert.equal(folded, folded.toLowerCase());
  }
});

test('Latin text and punctuation fold through the tables exactly as through the general path', () => {
  // Every unit of the table, then random strings of them, heavy in white space, controls and invisibles.
  const units = [
    ...Array.from({ length: 0x250 }, (_, unit) => unit),
    ...Array.from({ length: 0x70 }, (_, offset) => 0x2000 + offset),
    0x20ac,
    0x2122,
    0xfeff,
  ];
  for (const unit of units) {
    const text = `A${String.fromCharCode(unit)}b  ${String.fromCharCode(unit)}\t`;
    assert.equal(foldForSearch(text), foldAnyText(text), `U+${unit.toString(16)}`);
  }
  const tricky = [0x20, 0x09, 0x0a, 0xa0, 0xad, 0x00, 0xa8, 0xb4, 0x149, 0x130, 0x1c4, 0xbd, 0x2019, 0x202f];
  let seed = 11;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  for (let round = 0; round < 2_000; round++) {
    const picked = Array.from({ length: 1 + (next() % 60) }, () =>
      next() % 3 === 0 ? (tricky[next() % tricky.length] ?? 0x20) : (units[next() % units.length] ?? 0x20),
    );
    const text = String.fromCharCode(...picked);
    assert.equal(foldForSearch(text), foldAnyText(text), JSON.stringify(text));
  }
});

test('text with any unit beyond the tables takes the general path', () => {
  for (const text of ['Ελλάδα et Noël', 'ΟΔΟΣ', 'x\ud800', 'ﬁn de ligne', '한국어 Café', 'e\u0301cole']) {
    assert.equal(foldForSearch(text), foldAnyText(text));
  }
  assert.equal(foldForSearch('l’école « ici »'), 'l\'ecole " ici "');
});

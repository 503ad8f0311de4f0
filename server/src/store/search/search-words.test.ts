// indexedWords: the words both backends index, the same whether the folded text is ASCII (a plain pattern)
// or not (Unicode letter and digit classes), within the document's budget.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldForSearch } from './fold-for-search.ts';
import { indexedWords } from './search-words.ts';

/** What a word is, by its definition: a run of letters, digits or private-use characters. */
function wordsByDefinition(text: string): string {
  return [...new Set(text.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [])].join(' ');
}

test('ASCII and non-ASCII texts give the words of the definition, distinct, in order of first appearance', () => {
  const texts = [
    "l'ecole ouvre le 2 septembre, l'ecole ferme le 3",
    'marie.dupont@ac-grenoble.fr a ecrit : rdv 14h30 salle b-12',
    'prix 20 € , 30 °c ; ½ part',
    'ελλαδα 한국어 et noel',
    '',
    '   --- ...',
  ];
  for (const text of texts) {
    const folded = foldForSearch(text);
    assert.equal(indexedWords(folded), wordsByDefinition(folded), JSON.stringify(folded));
  }
  assert.equal(indexedWords("l'ecole, l'ecole 2 fois"), 'l ecole 2 fois');
});

test('the budget stops indexing at the word that does not fit, on either path', () => {
  for (const text of ['un deux trois quatre', 'un deux trois quatre €']) {
    const budget = { words: 3, bytes: 1_000 };
    assert.equal(indexedWords(text, budget), 'un deux trois');
    assert.equal(budget.words, 0);
  }
  const bytes = { words: 100, bytes: 'un deux '.length + 2 };
  assert.equal(indexedWords('un deux trois', bytes), 'un deux');
});

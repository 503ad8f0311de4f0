import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packTexts, splitAnswer } from './text-batches.ts';

test('paragraphs go together up to the bound, joined by a blank line', () => {
  const batches = packTexts(['un', 'deux', 'trois', 'quatre'], 12);
  assert.deepEqual(
    batches.map((batch) => batch.text),
    ['un\n\ndeux', 'trois', 'quatre'],
  );
  assert.deepEqual(batches[0]?.parts, [
    { index: 0, offset: 0, length: 2 },
    { index: 1, offset: 4, length: 4 },
  ]);
  assert.deepEqual(batches[2]?.parts, [{ index: 3, offset: 0, length: 6 }]);
});

test('every batch stays within the bound; a paragraph too long alone is cut at a space', () => {
  const long = 'mot '.repeat(10).trim();
  const batches = packTexts(['avant', long, 'après'], 20);
  for (const batch of batches) assert.ok(batch.text.length <= 20, batch.text);
  assert.deepEqual(
    batches.map((batch) => batch.text),
    ['avant', 'mot mot mot mot mot', 'après'],
  );
});

test('an answer is cut back into its paragraphs with offsets relative to each', () => {
  const [batch] = packTexts(['la reunion', 'bonjur'], 100);
  assert.ok(batch);
  const split = splitAnswer(batch, [
    { word: 'reunion', start: 3, end: 10, suggestions: ['réunion'] },
    { word: 'bonjur', start: 12, end: 18, suggestions: ['bonjour'] },
  ]);
  assert.deepEqual(split.get(0), [{ word: 'reunion', start: 3, end: 10, suggestions: ['réunion'] }]);
  assert.deepEqual(split.get(1), [{ word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] }]);
});

test('a paragraph without misspellings gets an empty list; ranges outside every paragraph are dropped', () => {
  const [batch] = packTexts(['correct', 'aussi'], 100);
  assert.ok(batch);
  const split = splitAnswer(batch, [{ word: 'x', start: 7, end: 10, suggestions: [] }]);
  assert.deepEqual(
    [...split.entries()],
    [
      [0, []],
      [1, []],
    ],
  );
});

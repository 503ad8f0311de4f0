import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickLocale } from './locale.ts';

test('a saved choice wins over the browser', () => {
  assert.equal(pickLocale('en', ['fr-FR']), 'en');
});

test('the first supported browser language is used', () => {
  assert.equal(pickLocale(undefined, ['de-DE', 'en-GB', 'fr']), 'en');
});

test('French is the default when nothing matches', () => {
  assert.equal(pickLocale('it', ['de', 'es']), 'fr');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snippetParts } from './snippet-parts.ts';

test('marks become marked parts and entities plain characters', () => {
  assert.deepEqual(snippetParts('Le <mark>conseil</mark> de classe &amp; les &lt;élèves&gt;'), [
    { text: 'Le ', isMark: false },
    { text: 'conseil', isMark: true },
    { text: ' de classe & les <élèves>', isMark: false },
  ]);
  assert.deepEqual(snippetParts('<mark>Réunion</mark>'), [{ text: 'Réunion', isMark: true }]);
});

test('markup other than mark stays text, never HTML', () => {
  assert.deepEqual(snippetParts('<b>x</b> &unknown; <mark>y</mark>'), [
    { text: '<b>x</b> &unknown; ', isMark: false },
    { text: 'y', isMark: true },
  ]);
});

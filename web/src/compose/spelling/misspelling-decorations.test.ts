import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { DecorationSet } from '@tiptap/pm/view';
import StarterKit from '@tiptap/starter-kit';
import {
  buildDecorations,
  mapDecorations,
  MISSPELLING_CLASS,
  misspellingAt,
  nextMisspelling,
} from './misspelling-decorations.ts';
import { createParagraphCache } from './paragraph-cache.ts';

const schema = getSchema([StarterKit]);

function stateOf(...paragraphs: string[]) {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  });
  return EditorState.create({ doc });
}

/** The underlined words of `set` in `state`'s document, as they read there. */
function underlined(state: EditorState, set: DecorationSet): string[] {
  return set
    .find()
    .sort((a, b) => a.from - b.from)
    .map((decoration) => state.doc.textBetween(decoration.from, decoration.to));
}

function checkedState() {
  const state = stateOf('Bonjur à tous', 'la reunion de demain');
  const cache = createParagraphCache();
  cache.set('Bonjur à tous', [{ word: 'Bonjur', start: 0, end: 6, suggestions: ['Bonjour'] }]);
  cache.set('la reunion de demain', [{ word: 'reunion', start: 3, end: 10, suggestions: ['réunion'] }]);
  const set = buildDecorations(state.doc, cache, new Set(), DecorationSet.empty, 'Faute possible');
  return { state, cache, set };
}

test('each cached misspelling becomes an underline on its word, marked for screen readers', () => {
  const { state, set } = checkedState();
  assert.deepEqual(underlined(state, set), ['Bonjur', 'reunion']);
  const [first] = set.find();
  const attrs = (first as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
  assert.deepEqual(attrs, { class: MISSPELLING_CLASS, 'aria-invalid': 'spelling', title: 'Faute possible' });
});

test('ignored words are not underlined', () => {
  const { state, cache } = checkedState();
  const set = buildDecorations(state.doc, cache, new Set(['reunion']), DecorationSet.empty, '');
  assert.deepEqual(underlined(state, set), ['Bonjur']);
});

test('underlines follow their words through edits elsewhere', () => {
  const { state, set } = checkedState();
  // Text typed before both words, in the first paragraph.
  const tr = state.tr.insertText('Oh ! ', 1);
  const next = state.apply(tr);
  assert.deepEqual(underlined(next, mapDecorations(set, tr)), ['Bonjur', 'reunion']);
});

test('a letter typed inside or against an underlined word removes its underline; a space after it does not', () => {
  const { state, set } = checkedState();
  const reunion = set.find().find((d) => state.doc.textBetween(d.from, d.to) === 'reunion');
  assert.ok(reunion);
  // réunion: the e replaced inside the word.
  const fixing = state.tr.insertText('é', reunion.from, reunion.from + 2);
  assert.deepEqual(underlined(state.apply(fixing), mapDecorations(set, fixing)), ['Bonjur']);
  // A letter against its end makes another word.
  const extending = state.tr.insertText('s', reunion.to);
  assert.deepEqual(underlined(state.apply(extending), mapDecorations(set, extending)), ['Bonjur']);
  // A space after it leaves the word as it was.
  const spacing = state.tr.insertText(' ', reunion.to);
  assert.deepEqual(underlined(state.apply(spacing), mapDecorations(set, spacing)), ['Bonjur', 'reunion']);
});

test('a paragraph not yet checked keeps the underlines it had; a checked one takes the new answer', () => {
  const { state, cache, set } = checkedState();
  // The first paragraph changes (not in the cache yet), the second was checked again with no mistake.
  const tr = state.tr.insertText(' !', 14);
  const next = state.apply(tr);
  cache.set('la reunion de demain', []);
  const rebuilt = buildDecorations(next.doc, cache, new Set(), mapDecorations(set, tr), '');
  assert.deepEqual(underlined(next, rebuilt), ['Bonjur']);
});

test('the menu finds the underlined word at the caret, and F7 the next one, round to the first', () => {
  const { state, set } = checkedState();
  const hit = misspellingAt(set, 3);
  assert.equal(hit?.spec.word, 'Bonjur');
  assert.deepEqual(hit?.spec.suggestions, ['Bonjour']);
  assert.equal(misspellingAt(set, 10), undefined);
  assert.equal(nextMisspelling(set, 3)?.spec.word, 'reunion');
  assert.equal(nextMisspelling(set, state.doc.content.size)?.spec.word, 'Bonjur');
  assert.equal(nextMisspelling(DecorationSet.empty, 0), undefined);
});

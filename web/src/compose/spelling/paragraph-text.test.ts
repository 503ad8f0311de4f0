import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { checkableParagraphs, documentRange, hasWords } from './paragraph-text.ts';

const schema = getSchema([StarterKit]);

function docOf(content: unknown[]) {
  return schema.nodeFromJSON({ type: 'doc', content });
}

const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string, marks?: string[]) => ({
  type: 'text',
  text: value,
  ...(marks && { marks: marks.map((type) => ({ type })) }),
});

test('each text block is one paragraph, nested ones included, in document order; quotes are left out', () => {
  const doc = docOf([
    { type: 'heading', attrs: { level: 2 }, content: [text('Objet')] },
    paragraph(text('Bonjour à tous,')),
    { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('premier point'))] }] },
    { type: 'blockquote', content: [paragraph(text('cité'))] },
  ]);
  assert.deepEqual(
    checkableParagraphs(doc).map((p) => p.text),
    ['Objet', 'Bonjour à tous,', 'premier point'],
  );
});

test('an offset of a paragraph’s text maps to the document position of that character', () => {
  const doc = docOf([
    paragraph(text('Premier.')),
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [paragraph(text('Le '), text('cœur', ['bold']), text(' bat'))] },
      ],
    },
  ]);
  for (const p of checkableParagraphs(doc)) {
    for (let offset = 0; offset < p.text.length; offset++) {
      const { from, to } = documentRange(p, offset, offset + 1);
      assert.equal(doc.textBetween(from, to), p.text[offset], `${p.text} at ${offset}`);
    }
  }
  const listed = checkableParagraphs(doc)[1];
  assert.ok(listed);
  const { from, to } = documentRange(listed, 3, 7);
  assert.equal(doc.textBetween(from, to), 'cœur');
});

test('a line break is one character (a new line), so offsets after it still line up', () => {
  const doc = docOf([paragraph(text('Bonjour,'), { type: 'hardBreak' }, text('à demain'))]);
  const [p] = checkableParagraphs(doc);
  assert.equal(p?.text, 'Bonjour,\nà demain');
  assert.ok(p);
  const { from, to } = documentRange(p, 11, 17);
  assert.equal(doc.textBetween(from, to), 'demain');
});

test('code blocks are left out and code text is blanked, offsets unchanged', () => {
  const doc = docOf([
    { type: 'codeBlock', content: [text('const fautte = 1')] },
    paragraph(text('lancer '), text('npm instal', ['code']), text(' puis')),
  ]);
  const paragraphs = checkableParagraphs(doc);
  assert.deepEqual(
    paragraphs.map((p) => p.text),
    ['lancer            puis'],
  );
  const [p] = paragraphs;
  assert.ok(p);
  const { from, to } = documentRange(p, 18, 22);
  assert.equal(doc.textBetween(from, to), 'puis');
});

test('only texts with a letter are worth a request', () => {
  assert.equal(hasWords(''), false);
  assert.equal(hasWords('  — 12 !'), false);
  assert.equal(hasWords('à'), true);
});

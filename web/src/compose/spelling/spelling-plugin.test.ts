// The Spelling extension in a real TipTap editor (jsdom), against a stand-in server: underlines after a
// pause, the menu by keyboard, a suggestion applied, a word ignored, "loading" retried, and the browser's own
// spell check given back when the server has none.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JSDOM } from 'jsdom';
import { JmapMethodError } from '../../jmap/jmap-client.ts';
import type { SpellingAnswer } from './spelling-pass.ts';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const globals = dom.window as unknown as Record<string, unknown>;
for (const name of [
  'window',
  'document',
  'navigator',
  'Node',
  'HTMLElement',
  'Element',
  'MutationObserver',
  'getComputedStyle',
  'DOMParser',
  'KeyboardEvent',
  'MouseEvent',
  'Event',
  'Text',
  'Range',
  'getSelection',
  'requestAnimationFrame',
  'cancelAnimationFrame',
]) {
  Object.defineProperty(globalThis, name, {
    value: name === 'window' ? dom.window : globals[name],
    configurable: true,
    writable: true,
  });
}
// jsdom lays nothing out: a word's box is the origin.
dom.window.Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
dom.window.Range.prototype.getBoundingClientRect = () => new dom.window.DOMRect(0, 0, 0, 0);
dom.window.Element.prototype.getClientRects = () => [] as unknown as DOMRectList;

const { Editor } = await import('@tiptap/core');
const { default: StarterKit } = await import('@tiptap/starter-kit');
const { Spelling } = await import('./spelling-plugin.ts');

const PAUSE_MS = 20;

/** A server flagging "bonjur" and "reunion", or answering as `answer` says. */
function fakeServer(answer?: (text: string) => SpellingAnswer | Error | undefined) {
  const sent: string[] = [];
  const check = async (text: string): Promise<SpellingAnswer> => {
    sent.push(text);
    await Promise.resolve();
    const given = answer?.(text);
    if (given instanceof Error) throw given;
    if (given !== undefined) return given;
    const misspelled = [...text.matchAll(/bonjur|reunion/giu)].map((match) => ({
      word: match[0],
      start: match.index,
      end: match.index + match[0].length,
      suggestions: match[0].toLowerCase() === 'bonjur' ? ['Bonjour', 'bonjours'] : ['réunion'],
    }));
    return { loading: false, misspelled };
  };
  return { check, sent };
}

function openEditor(t: TestContext, server: ReturnType<typeof fakeServer>, content: string) {
  const element = document.createElement('div');
  document.body.append(element);
  const editor = new Editor({
    element,
    content,
    extensions: [
      StarterKit,
      Spelling.configure({
        check: server.check,
        maxTextLength: 20_000,
        translate: (key, values) => (values.word ? `${key}:${values.word}` : key),
        pauseMs: PAUSE_MS,
      }),
    ],
  });
  t.after(() => {
    editor.destroy();
    element.remove();
  });
  return editor;
}

/** The underlined words, as the page shows them. */
function underlined(editor: { view: { dom: HTMLElement } }): string[] {
  return [...editor.view.dom.querySelectorAll('.spelling-error')].map((span) => span.textContent ?? '');
}

async function settle() {
  await sleep(PAUSE_MS * 4);
}

test('after a pause the misspelled words are underlined, for screen readers too', async (t) => {
  const server = fakeServer();
  const editor = openEditor(t, server, '<p>Bonjur à tous,</p><p>la reunion est demain.</p>');
  assert.equal(editor.view.dom.getAttribute('spellcheck'), 'false', 'the browser’s own is off');
  await settle();
  assert.deepEqual(underlined(editor), ['Bonjur', 'reunion']);
  const span = editor.view.dom.querySelector('.spelling-error');
  assert.equal(span?.getAttribute('aria-invalid'), 'spelling');
  assert.equal(span?.getAttribute('title'), 'spelling.possibleMistake');
  assert.deepEqual(server.sent, ['Bonjur à tous,\n\nla reunion est demain.']);
});

test('typing sends only the changed paragraph, once the typing pauses', async (t) => {
  const server = fakeServer();
  const editor = openEditor(t, server, '<p>Bonjur à tous,</p><p>la reunion est demain.</p>');
  await settle();
  editor.commands.insertContentAt(editor.state.doc.content.size - 1, ' Bonjur');
  editor.commands.insertContentAt(editor.state.doc.content.size - 1, ' encore');
  await settle();
  assert.deepEqual(server.sent.slice(1), ['la reunion est demain. Bonjur encore']);
  assert.deepEqual(underlined(editor), ['Bonjur', 'reunion', 'Bonjur']);
});

test('Alt+Enter opens the menu of the word at the caret; a suggestion replaces the word', async (t) => {
  const editor = openEditor(t, fakeServer(), '<p>Bonjur à tous</p>');
  await settle();
  editor.commands.setTextSelection(3);
  const opened = editor.view.someProp('handleKeyDown', (handler) =>
    handler(editor.view, new KeyboardEvent('keydown', { key: 'Enter', altKey: true })),
  );
  assert.equal(opened, true);
  const menu = document.querySelector('[role="menu"]');
  assert.equal(menu?.getAttribute('aria-label'), 'spelling.menuLabel:Bonjur');
  const items = [...(menu?.querySelectorAll('[role="menuitem"]') ?? [])] as HTMLButtonElement[];
  assert.deepEqual(
    items.map((item) => item.textContent),
    ['Bonjour', 'bonjours', 'spelling.ignore'],
  );
  assert.equal(document.activeElement, items[0], 'the first suggestion has the focus');
  menu?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
  assert.equal(document.activeElement, items[1]);
  items[0]?.click();
  assert.equal(editor.getText(), 'Bonjour à tous');
  assert.equal(document.querySelector('[role="menu"]'), null);
  assert.deepEqual(underlined(editor), []);
});

test('F7 goes to the next misspelled word and opens its menu; Escape closes it', async (t) => {
  const editor = openEditor(t, fakeServer(), '<p>Bonjur à tous, la reunion</p>');
  await settle();
  editor.commands.setTextSelection(3);
  editor.view.someProp('handleKeyDown', (handler) =>
    handler(editor.view, new KeyboardEvent('keydown', { key: 'F7' })),
  );
  const menu = document.querySelector('[role="menu"]');
  assert.equal(menu?.getAttribute('aria-label'), 'spelling.menuLabel:reunion');
  const { from, to } = editor.state.selection;
  assert.equal(editor.state.doc.textBetween(from, to), 'reunion', 'the word is selected');
  menu?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  assert.equal(document.querySelector('[role="menu"]'), null);
});

test('"Ignorer" removes the underlines of that word in this message', async (t) => {
  const editor = openEditor(t, fakeServer(), '<p>reunion, Bonjur, reunion</p>');
  await settle();
  editor.commands.setTextSelection(3);
  editor.view.someProp('handleKeyDown', (handler) =>
    handler(editor.view, new KeyboardEvent('keydown', { key: 'Enter', altKey: true })),
  );
  const ignore = [...document.querySelectorAll('[role="menuitem"]')].at(-1) as HTMLButtonElement;
  ignore.click();
  assert.deepEqual(underlined(editor), ['Bonjur']);
});

test('a word left without suggestions is asked about alone when its menu opens', async (t) => {
  const server = fakeServer((text) =>
    text === 'reunion'
      ? { loading: false, misspelled: [{ word: 'reunion', start: 0, end: 7, suggestions: ['réunion'] }] }
      : { loading: false, misspelled: [{ word: 'reunion', start: 3, end: 10, suggestions: [] }] },
  );
  const editor = openEditor(t, server, '<p>la reunion</p>');
  await settle();
  editor.commands.setTextSelection(5);
  editor.view.someProp('handleKeyDown', (handler) =>
    handler(editor.view, new KeyboardEvent('keydown', { key: 'Enter', altKey: true })),
  );
  const labels = () => [...document.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent);
  assert.deepEqual(labels(), ['spelling.searching', 'spelling.ignore']);
  await settle();
  assert.deepEqual(labels(), ['réunion', 'spelling.ignore']);
  (document.querySelector('[role="menuitem"]') as HTMLButtonElement).click();
  assert.equal(editor.getText(), 'la réunion');
});

test('while the server loads its dictionary the check is asked again', async (t) => {
  let isLoading = true;
  const server = fakeServer(() => (isLoading ? { loading: true, misspelled: [] } : undefined));
  const editor = openEditor(t, server, '<p>Bonjur</p>');
  await settle();
  assert.deepEqual(underlined(editor), []);
  isLoading = false;
  await sleep(1_700);
  assert.deepEqual(underlined(editor), ['Bonjur']);
});

test('on a server with spell checking off, the browser’s own comes back', async (t) => {
  const server = fakeServer(() => new JmapMethodError('spelling', 'forbidden'));
  const editor = openEditor(t, server, '<p>Bonjur</p>');
  await settle();
  assert.equal(editor.view.dom.getAttribute('spellcheck'), 'true');
  editor.commands.insertContentAt(1, 'encore ');
  await settle();
  assert.equal(server.sent.length, 1, 'no more checks');
});

test('without a server check the extension leaves the browser’s spell check on', (t) => {
  const element = document.createElement('div');
  const editor = new Editor({ element, content: '<p>Bonjur</p>', extensions: [StarterKit, Spelling] });
  t.after(() => editor.destroy());
  assert.equal(editor.view.dom.getAttribute('spellcheck'), 'true');
});

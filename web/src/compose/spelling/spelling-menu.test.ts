import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { openSpellingMenu } from './spelling-menu.ts';

function setUp() {
  const { window } = new JSDOM('<!doctype html><html><body><div id="editor"></div></body></html>');
  const container = window.document.getElementById('editor') as HTMLElement;
  const picked: string[] = [];
  const closed: boolean[] = [];
  const menu = openSpellingMenu({
    container,
    label: 'Orthographe de « bonjur »',
    items: [
      { label: 'bonjour', onSelect: () => picked.push('bonjour') },
      { label: 'bonjours', onSelect: () => picked.push('bonjours') },
      { label: 'Ignorer', onSelect: () => picked.push('ignore') },
    ],
    placement: { left: 10, top: 20, bottom: 40 },
    onClose: (isByKeyboard) => closed.push(isByKeyboard),
  });
  const document = window.document;
  const key = (name: string) =>
    document.activeElement?.dispatchEvent(new window.KeyboardEvent('keydown', { key: name, bubbles: true }));
  const items = () => [...document.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  return { window, document, menu, picked, closed, key, items };
}

test('a labelled menu of buttons opens under the word with the focus on its first item', () => {
  const { document, items } = setUp();
  const element = document.querySelector('[role="menu"]') as HTMLElement;
  assert.equal(element.getAttribute('aria-label'), 'Orthographe de « bonjur »');
  assert.deepEqual(
    items().map((item) => [item.textContent, item.tabIndex]),
    [
      ['bonjour', -1],
      ['bonjours', -1],
      ['Ignorer', -1],
    ],
  );
  assert.equal(document.activeElement, items()[0]);
  assert.equal(element.style.top, '44px', 'below the word');
});

test('arrows, Home and End move round the items; Escape closes and asks for the focus back', () => {
  const { document, key, items, closed } = setUp();
  key('ArrowDown');
  assert.equal(document.activeElement, items()[1]);
  key('ArrowUp');
  key('ArrowUp');
  assert.equal(document.activeElement, items()[2], 'round to the last');
  key('Home');
  assert.equal(document.activeElement, items()[0]);
  key('End');
  assert.equal(document.activeElement, items()[2]);
  key('Escape');
  assert.equal(document.querySelector('[role="menu"]'), null);
  assert.deepEqual(closed, [true]);
});

test('picking an item closes the menu and runs it; a click outside closes it', () => {
  const first = setUp();
  first.items()[1]?.click();
  assert.deepEqual(first.picked, ['bonjours']);
  assert.equal(first.document.querySelector('[role="menu"]'), null);

  const second = setUp();
  second.document.body.dispatchEvent(new second.window.MouseEvent('mousedown', { bubbles: true }));
  assert.equal(second.document.querySelector('[role="menu"]'), null);
  assert.deepEqual(second.closed, [false]);
  assert.deepEqual(second.picked, []);
});

test('items can arrive late; an item without action is shown inert', () => {
  const { menu, items, document } = setUp();
  menu.setItems([{ label: 'Aucune suggestion' }, { label: 'Ignorer', onSelect: () => undefined }]);
  assert.deepEqual(
    items().map((item) => [item.textContent, item.getAttribute('aria-disabled')]),
    [
      ['Aucune suggestion', 'true'],
      ['Ignorer', null],
    ],
  );
  assert.equal(document.activeElement, items()[0]);
  items()[0]?.click();
  assert.notEqual(document.querySelector('[role="menu"]'), null, 'an inert item does nothing');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { createI18n } from './i18n.ts';

test('French and English have the same keys, each a non-empty string', () => {
  const keys = (catalogue: object) =>
    Object.entries(catalogue).flatMap(([group, strings]) =>
      Object.entries(strings as Record<string, string>).map(([key, value]) => {
        assert.ok(typeof value === 'string' && value.trim() !== '', `${group}.${key}`);
        return `${group}.${key}`;
      }),
    );
  assert.deepEqual(keys(en).sort(), keys(fr).sort());
});

test('plurals and values follow each language', () => {
  const french = createI18n('fr');
  assert.equal(french.t('list.count', { count: 1 }), '1 conversation');
  assert.equal(french.t('list.count', { count: 0 }), '0 conversation');
  assert.equal(french.t('list.count', { count: 2 }), '2 conversations');
  assert.equal(french.t('folders.unread', { count: 3 }), '3 non lus');
  const english = createI18n('en');
  assert.equal(english.t('list.count', { count: 0 }), '0 conversations');
  assert.equal(english.t('list.label', { folder: 'Inbox' }), 'Messages in Inbox');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineMessages, localeFromEnvironment } from './i18n.ts';

const MESSAGES = defineMessages({
  fr: { hello: 'Bonjour {name}, vous avez {count} message(s).' },
  en: { hello: 'Hello {name}, you have {count} message(s).' },
});

test('messages are formatted in the requested language', () => {
  assert.equal(
    MESSAGES.t('fr', 'hello', { name: 'Élodie', count: 3 }),
    'Bonjour Élodie, vous avez 3 message(s).',
  );
  assert.equal(
    MESSAGES.t('en', 'hello', { name: 'Élodie', count: 3 }),
    'Hello Élodie, you have 3 message(s).',
  );
});

test('a missing parameter stays visible instead of vanishing', () => {
  assert.equal(MESSAGES.t('en', 'hello', { name: 'A' }), 'Hello A, you have {count} message(s).');
});

test('the command-line locale is French unless English is asked for', () => {
  assert.equal(localeFromEnvironment({}), 'fr');
  assert.equal(localeFromEnvironment({ LANG: 'en_GB.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'C.UTF-8' }), 'fr');
  assert.equal(localeFromEnvironment({ VERCORS_LOCALE: 'fr', LANG: 'en_US' }), 'fr');
});

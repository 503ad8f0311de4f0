import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoute, routeHash } from './routes.ts';

test('each screen is read from the hash, and written back the same', () => {
  for (const hash of [
    '#/mail',
    '#/contacts',
    '#/contacts/directory',
    '#/settings/security',
    '#/settings/phone',
  ]) {
    assert.equal(routeHash(parseRoute(hash)), hash);
  }
  assert.deepEqual(parseRoute('#/settings/templates'), { screen: 'settings', section: 'templates' });
  assert.deepEqual(parseRoute('#/contacts/group/42'), { screen: 'contacts', path: 'group/42' });
});

test('an empty, unknown or partial hash lands somewhere sensible', () => {
  assert.deepEqual(parseRoute(''), { screen: 'mail' });
  assert.deepEqual(parseRoute('#'), { screen: 'mail' });
  assert.deepEqual(parseRoute('#/nowhere'), { screen: 'mail' });
  assert.deepEqual(parseRoute('#/settings'), { screen: 'settings', section: 'general' });
  assert.deepEqual(parseRoute('#/settings/unknown'), { screen: 'settings', section: 'general' });
});

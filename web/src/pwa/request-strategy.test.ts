import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type RequestFacts, strategyFor } from './request-strategy.ts';

const ORIGIN = 'https://mail.ac-test.fr';
const get = (path: string, mode = 'cors'): RequestFacts => ({ method: 'GET', url: `${ORIGIN}${path}`, mode });

test('every page load under /mail/ is the cached shell, whatever the path or hash', () => {
  for (const path of ['/mail/', '/mail/inbox', '/mail/settings/signatures', '/mail/?from=login#/contacts']) {
    assert.equal(strategyFor(get(path, 'navigate'), ORIGIN), 'shell', path);
  }
});

test('the build’s hashed files and the manifest come from the cache', () => {
  assert.equal(strategyFor(get('/mail/assets/index-abc.js', 'cors'), ORIGIN), 'cached');
  assert.equal(strategyFor(get('/mail/assets/icon-192-1234abcd.png', 'no-cors'), ORIGIN), 'cached');
  assert.equal(strategyFor(get('/mail/manifest.webmanifest', 'cors'), ORIGIN), 'cached');
});

test('the API, the login pages, downloads, uploads and push are never answered by the worker', () => {
  for (const path of [
    '/jmap',
    '/jmap/session',
    '/jmap/download/a1/b2/x.pdf?accept=application/pdf',
    '/jmap/upload/a1',
    '/jmap/eventsource?types=*',
    '/auth/session',
    '/auth/logout',
    '/login',
    '/.well-known/jmap',
    '/dav/calendars/',
    '/',
    '/mail',
  ]) {
    assert.equal(strategyFor(get(path), ORIGIN), 'network', path);
    assert.equal(strategyFor(get(path, 'navigate'), ORIGIN), 'network', `${path} (page load)`);
  }
});

test('the worker’s own script, writes, other origins and odd URLs go to the network', () => {
  assert.equal(strategyFor(get('/mail/sw.js'), ORIGIN), 'network');
  assert.equal(strategyFor({ method: 'POST', url: `${ORIGIN}/mail/`, mode: 'navigate' }, ORIGIN), 'network');
  assert.equal(
    strategyFor({ method: 'HEAD', url: `${ORIGIN}/mail/assets/a.js`, mode: 'cors' }, ORIGIN),
    'network',
  );
  assert.equal(strategyFor(get('/mail/assets/a.js'), 'https://other.example'), 'network');
  assert.equal(strategyFor({ method: 'GET', url: 'not a url', mode: 'navigate' }, ORIGIN), 'network');
  // A fetch (not a page load) of a path under /mail/ that is not a build file: nothing to serve it from.
  assert.equal(strategyFor(get('/mail/inbox', 'cors'), ORIGIN), 'network');
  // Not fooled by a look-alike prefix.
  assert.equal(strategyFor(get('/mailbox/', 'navigate'), ORIGIN), 'network');
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Hono } from 'hono';
import type { HttpEnv } from './http-env.ts';
import { registerWebAppRoute, WEB_APP_CSP } from './web-app-route.ts';

let root = '';
let app: Hono<HttpEnv>;
const PAGE =
  '<!doctype html><title>Vercors</title><script type="module" src="/mail/assets/index-abc.js"></script>';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-web-app-'));
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), PAGE);
  await writeFile(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(dist, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'secret.txt'), 'not served');
  await writeFile(join(dist, 'assets', '.hidden'), 'not served');
  app = new Hono<HttpEnv>();
  registerWebAppRoute(app, dist);
});
after(() => rm(root, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(`http://vercors.test${path}`, { headers });

test('/ and /mail lead to the app', async () => {
  const home = await get('/');
  assert.deepEqual([home.status, home.headers.get('location')], [302, '/mail/']);
  const bare = await get('/mail');
  assert.deepEqual([bare.status, bare.headers.get('location')], [301, '/mail/']);
});

test('every path of the app is its page, never cached, under the app’s CSP', async () => {
  for (const path of ['/mail/', '/mail/inbox', '/mail/settings/signatures']) {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), PAGE);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('content-security-policy'), WEB_APP_CSP);
  }
  assert.match(WEB_APP_CSP, /script-src 'self'(;|$)/);
  assert.match(WEB_APP_CSP, /object-src 'none'/);
  assert.match(WEB_APP_CSP, /frame-ancestors 'none'/);
});

test('hashed assets are served with their type and cached for a year', async () => {
  const script = await get('/mail/assets/index-abc.js');
  assert.equal(script.status, 200);
  assert.equal(await script.text(), 'console.log(1)');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const sheet = await get('/mail/assets/index-abc.css');
  assert.equal(sheet.headers.get('content-type'), 'text/css; charset=utf-8');
});

test('nothing outside the build, hidden or missing is served from assets', async () => {
  for (const path of [
    '/mail/assets/missing.js',
    '/mail/assets/.hidden',
    '/mail/assets/%2e%2e/%2e%2e/secret.txt',
    '/mail/assets/..%2f..%2fsecret.txt',
    '/mail/assets/a/b/c/d/e/f/g/h/i.js',
    '/mail/assets/',
  ]) {
    const response = await get(path);
    assert.ok(response.status === 404 || (await response.clone().text()) === PAGE, path);
    assert.ok(!(await response.text()).includes('not served'), path);
  }
});

test('an unbuilt app says what to run, in the browser’s language', async () => {
  const bare = new Hono<HttpEnv>();
  registerWebAppRoute(bare, join(root, 'nowhere'));
  const french = await bare.request('http://vercors.test/mail/');
  assert.equal(french.status, 503);
  assert.match(await french.text(), /n’est pas construite.*npm run build -w web/);
  const english = await bare.request('http://vercors.test/mail/', {
    headers: { 'Accept-Language': 'en-GB' },
  });
  assert.match(await english.text(), /is not built.*npm run build -w web/);
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Hono } from 'hono';
import type { HttpEnv } from './http-env.ts';
import { registerWebAppRoute, SERVICE_WORKER_CSP, WEB_APP_CSP } from './web-app-route.ts';

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
  await writeFile(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"Vercors"}');
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
  // Installable: the page may register its worker and read its manifest, both from here only.
  assert.match(WEB_APP_CSP, /worker-src 'self'(;|$)/);
  assert.match(WEB_APP_CSP, /manifest-src 'self'(;|$)/);
});

test('the service worker and the manifest are served with their types, revalidated at every use', async () => {
  const worker = await get('/mail/sw.js');
  assert.equal(worker.status, 200);
  assert.equal(await worker.text(), 'self.addEventListener("fetch", () => {})');
  assert.equal(worker.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(worker.headers.get('cache-control'), 'no-cache');
  // A worker obeys its script's CSP: it may fetch from here and nothing else.
  assert.equal(worker.headers.get('content-security-policy'), SERVICE_WORKER_CSP);
  assert.match(SERVICE_WORKER_CSP, /default-src 'none'/);
  // Its scope is its folder, /mail/: no Service-Worker-Allowed widening it.
  assert.equal(worker.headers.get('service-worker-allowed'), null);
  const manifest = await get('/mail/manifest.webmanifest');
  assert.equal(manifest.status, 200);
  assert.deepEqual(await manifest.json(), { name: 'Vercors' });
  assert.match(manifest.headers.get('content-type') ?? '', /^application\/manifest\+json(;|$)/);
  assert.equal(manifest.headers.get('cache-control'), 'no-cache');
});

test('a build without a worker or manifest answers 404 for them, and other root names are the page', async () => {
  const bare = new Hono<HttpEnv>();
  const old = join(root, 'old');
  await mkdir(old, { recursive: true });
  await writeFile(join(old, 'index.html'), PAGE);
  registerWebAppRoute(bare, old);
  for (const path of ['/mail/sw.js', '/mail/manifest.webmanifest']) {
    const response = await bare.request(`http://vercors.test${path}`);
    assert.equal(response.status, 404, path);
  }
  // Deep links and look-alikes stay the app's page; nothing else at the build's root is served as a file.
  for (const path of ['/mail/sw.js.map', '/mail/index.html', '/mail/inbox/sw.js', '/mail/constructor']) {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), PAGE, path);
  }
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

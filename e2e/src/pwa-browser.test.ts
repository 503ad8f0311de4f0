// The webmail as an installable app that opens offline (docs/webmail.md "Installing it (PWA) and offline"):
// headless Chromium signs in, waits for the service worker to control the page, reads the manifest and its
// icons as a browser installing the app would, then loses the network and reloads: the app comes from the
// worker's cache and says the server does not answer (not the browser's error page), the API stays out of
// the cache, and the app recovers by itself when the network is back. A new build's worker waits until the
// person clicks "Recharger".

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test, type TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { ACTION_TIMEOUT_MS } from './browser.ts';
import { PASSWORD, browserAcademy } from './browser-academy.ts';
import { within } from './vercors-server.ts';
import { signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;
/** The app retries a server that does not answer every five seconds (or as soon as the browser is online). */
const RECOVERY_TIMEOUT_MS = 15_000;
/** The build the server serves (server/src/runtime/web-app-folder.ts). */
const WORKER_FILE = new URL('../../web/dist/sw.js', import.meta.url);
const OFFLINE_NOTICE = 'Le serveur ne répond pas. Nouvel essai dans quelques secondes…';

const academy = await browserAcademy({
  folder: 'pwa',
  users: { [CLAIRE]: 'Claire Martin' },
  // The staff room's network: no second factor asked here (the login tests cover the factors).
  isLoopbackTrusted: true,
  // Service workers need the certificate trusted by the browser itself (browser-server.ts).
  server: { trustCertificate: true },
});

/** Signed in on /mail/, the inbox shown and the service worker controlling the page. */
async function signedInUnderWorker(t: TestContext): Promise<{ context: BrowserContext; page: Page }> {
  // Nothing routed: the worker's own fetches are what is tested here.
  const { context, page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD, { isOutsideBlocked: false });
  await inbox(page).waitFor();
  // The worker registers after the page's load, installs (stores the app), activates and claims the page.
  await poll(
    page,
    "navigator.serviceWorker.ready.then((registration) => registration.active.state === 'activated')",
    'the worker is active',
  );
  // The worker claims the pages open when it activates, but a page still loading then (the way back from the
  // login page can be) is only served by it from its next load.
  if ((await page.evaluate('navigator.serviceWorker.controller === null')) === true) {
    await page.reload();
    await inbox(page).waitFor();
  }
  assert.equal(await page.evaluate('navigator.serviceWorker.controller !== null'), true, 'controlled');
  return { context, page };
}

const inbox = (page: Page) =>
  page.getByRole('navigation', { name: 'Dossiers' }).getByRole('button', { name: /Boîte de réception/ });

/** Waits until an expression is true in the page (evaluated by the debugger: the page's CSP forbids eval). */
async function poll(
  page: Page,
  expression: string,
  what: string,
  timeoutMs = ACTION_TIMEOUT_MS,
): Promise<void> {
  await within(
    (async () => {
      while ((await page.evaluate(expression)) !== true) await page.waitForTimeout(100);
    })(),
    timeoutMs,
    what,
  );
}

test('the app is installable: a valid manifest, its icons, a worker that stores the app and no API', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedInUnderWorker(t);
  const manifestUrl = (await page.locator('link[rel="manifest"]').getAttribute('href')) ?? '';
  assert.equal(manifestUrl, '/mail/manifest.webmanifest');
  const response = await page.request.get(`${academy.base}${manifestUrl}`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'] ?? '', /^application\/manifest\+json/);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    lang: string;
    start_url: string;
    scope: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  assert.deepEqual(
    [manifest.name, manifest.short_name, manifest.lang, manifest.start_url, manifest.scope, manifest.display],
    ['Vercors — Messagerie', 'Vercors', 'fr', '/mail/', '/mail/', 'standalone'],
  );
  assert.deepEqual([manifest.theme_color, manifest.background_color], ['#000091', '#ffffff']);
  // What Chromium asks to install: 192 and 512 pixel icons, and one that may be masked.
  const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
  assert.deepEqual(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort(), [
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of manifest.icons) {
    const image = await page.request.get(new URL(icon.src, academy.base).href);
    assert.equal(image.status(), 200, icon.src);
    assert.equal(image.headers()['content-type'], icon.type, icon.src);
    const body = await image.body();
    if (icon.type === 'image/png') {
      // The PNG signature, then IHDR's width and height.
      assert.equal(body.subarray(1, 4).toString('latin1'), 'PNG', icon.src);
      const side = Number(icon.sizes.split('x')[0]);
      assert.deepEqual([body.readUInt32BE(16), body.readUInt32BE(20)], [side, side], icon.src);
    } else {
      assert.match(body.toString('utf8'), /^<svg /, icon.src);
    }
  }
  // And the page shows them: the browser decodes the 192 pixel icon.
  const decoded = await page.evaluate(
    `new Promise((resolve) => { const image = new Image(); image.onload = () => resolve(image.naturalWidth); image.onerror = () => resolve(0); image.src = ${JSON.stringify(pngs[0]?.src)}; })`,
  );
  assert.equal(decoded, 192);

  const worker = await page.request.get(`${academy.base}/mail/sw.js`);
  assert.match(worker.headers()['content-type'] ?? '', /^text\/javascript/);
  assert.equal(worker.headers()['cache-control'], 'no-cache');
  // One cache, this build's: the page, its scripts and styles, never an API answer.
  const cached = (await page.evaluate(
    'caches.keys().then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) => cache.keys()).then((requests) => [name, requests.map((request) => new URL(request.url).pathname)]))))',
  )) as [string, string[]][];
  assert.equal(cached.length, 1);
  const [name, paths] = cached[0] ?? ['', []];
  assert.match(name, /^vercors-app-[0-9a-f]{16}$/);
  assert.ok(paths.includes('/mail/'), 'the page');
  assert.ok(
    paths.some((path) => /^\/mail\/assets\/index-[\w-]+\.js$/.test(path)),
    'the app’s script',
  );
  assert.ok(paths.includes('/mail/manifest.webmanifest'), 'the manifest');
  assert.deepEqual(
    paths.filter((path) => !path.startsWith('/mail/')),
    [],
    'nothing outside the app: no JMAP, /auth or download',
  );
});

test('offline, the app opens from the worker’s cache, says the server does not answer, and recovers', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { context, page } = await signedInUnderWorker(t);
  await context.setOffline(true);
  const reloaded = await page.reload();
  assert.ok(reloaded?.fromServiceWorker(), 'the page came from the service worker');
  assert.equal(page.url(), `${academy.base}/mail/`);
  // The app itself, not the browser's error page: its offline notice, in French.
  await page.getByRole('alert').filter({ hasText: OFFLINE_NOTICE }).waitFor();
  // The API is never answered from a cache: without a network, it fails.
  assert.equal(
    await page.evaluate("fetch('/auth/session').then(() => 'answered', () => 'failed')"),
    'failed',
  );
  // A deep link opens the app too.
  const deep = await page.goto(`${academy.base}/mail/settings/general`);
  assert.ok(deep?.fromServiceWorker(), 'a deep link came from the service worker');
  await page.getByRole('alert').filter({ hasText: OFFLINE_NOTICE }).waitFor();
  await page.goto(`${academy.base}/mail/`);
  await page.getByRole('alert').filter({ hasText: OFFLINE_NOTICE }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);

  // Back online: the app asks again by itself and shows the inbox, without a reload.
  await context.setOffline(false);
  await inbox(page).waitFor({ timeout: RECOVERY_TIMEOUT_MS });
  assert.equal(await page.getByText(OFFLINE_NOTICE).count(), 0);
});

test('a new build’s worker waits until the person chooses to reload', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedInUnderWorker(t);
  // A new build, as far as the browser can tell: the worker's script changed on the server.
  const original = await readFile(WORKER_FILE, 'utf8');
  const changed = `${original}\n// e2e: a new build ${Date.now()}\n`;
  await writeFile(WORKER_FILE, changed);
  t.after(async () => {
    // Put it back, unless something rebuilt the app meanwhile.
    if ((await readFile(WORKER_FILE, 'utf8')) === changed) await writeFile(WORKER_FILE, original);
  });
  await page.evaluate(
    'navigator.serviceWorker.getRegistration().then((registration) => registration.update())',
  );
  const notice = page.getByRole('status').filter({ hasText: 'Une nouvelle version est disponible.' });
  await notice.waitFor();
  // It waits: the page is still served by the worker that was there.
  assert.equal(
    await page.evaluate(
      'navigator.serviceWorker.getRegistration().then((registration) => registration.waiting !== null)',
    ),
    true,
  );
  // The notice is read out and reachable like the rest of the app (WCAG 2.1 AA, e2e/src/accessibility.ts);
  // the offline page is checked too.
  assert.deepEqual(await seriousViolations(page), []);
  await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Recharger' }).click()]);
  await inbox(page).waitFor();
  assert.equal(
    await page.evaluate(
      'navigator.serviceWorker.getRegistration().then((registration) => registration.waiting === null && registration.active.state)',
    ),
    'activated',
  );
  assert.equal(await notice.count(), 0);
});

// The server-rendered login pages (/login, /login/second-factor, /logout, /activate, docs/access.md "Login
// pages without JavaScript") used as a person uses them: headless Chromium fills the fields, clicks the buttons
// and reads what the page says, against a real `vercors serve` over HTTPS. Chromium always connects from
// 127.0.0.1, so the network policy is shown by trusting that address or not (`vercors policy network`), as an
// administrator would. The scenarios run in order on one server: the ones that fail a password come last, since
// each failure slows the next logins from the same address (the login throttle).

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { request, type BrowserContext, type Cookie, type Locator, type Page } from 'playwright-core';
import { ACTION_TIMEOUT_MS, newBrowserContext } from './browser.ts';
import { PASSWORD, browserAcademy, setLoopbackTrusted } from './browser-academy.ts';
import { vercorsCli } from './smtp-server-setup.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const HUGO = 'hugo.bernard@ac-test.fr';
const INES = 'ines.moreau@ac-test.fr';
const SESSION_COOKIE = '__Host-vercors-session';
/** A scenario is a few page loads and a CLI call or two: seconds; the bound catches a hang, not slowness. */
const SCENARIO_TIMEOUT_MS = 60_000;

const FR = {
  heading: 'Connexion à la messagerie',
  email: 'Adresse électronique',
  password: 'Mot de passe',
  shared: /Ordinateur partagé/,
  submit: 'Se connecter',
  signedInAs: (email: string) => `Vous êtes connecté·e en tant que ${email}.`,
  logout: 'Se déconnecter',
  signedOut: 'Vous êtes déconnecté·e.',
  invalidCredentials:
    'Adresse ou mot de passe incorrect. Si votre compte a été suspendu, contactez l’assistance de l’académie.',
} as const;

const academy = await browserAcademy({
  folder: 'web-login',
  users: { [CLAIRE]: 'Claire Martin', [HUGO]: 'Hugo Bernard', [INES]: 'Inès Moreau' },
  isLoopbackTrusted: false,
});
let isLoopbackTrusted = false;

/** Trust 127.0.0.1 (an establishment's network) or stop trusting it, once per change. */
async function trustLoopback(isTrusted: boolean): Promise<void> {
  if (isTrusted === isLoopbackTrusted) return;
  await setLoopbackTrusted(academy.dataDir, isTrusted);
  isLoopbackTrusted = isTrusted;
}

/** A new browser profile for one scenario, closed when the test ends. */
async function openContext(
  t: TestContext,
  options: Parameters<typeof newBrowserContext>[1] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newBrowserContext(academy.browser, options);
  t.after(() => context.close());
  return { context, page: await context.newPage() };
}

/** Fill the password form as a person does and press the button; resolves once the next page has loaded. */
async function signIn(page: Page, email: string, password: string, options: { isShared?: boolean } = {}) {
  await page.goto(`${academy.base}/login`);
  await page.getByLabel(FR.email).fill(email);
  await page.getByLabel(FR.password, { exact: true }).fill(password);
  if (options.isShared === true) await page.getByLabel(FR.shared).check();
  await follow(page, page.getByRole('button', { name: FR.submit }));
}

/** Click what sends the page elsewhere (a form's button, a link) and wait until the next page has loaded. */
async function follow(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: ACTION_TIMEOUT_MS,
  });
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

async function sessionCookieOf(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies(academy.base)).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** The page shown is `path`; else the failure says what the page said (its alert, or its first words). */
async function assertAt(page: Page, path: string): Promise<void> {
  const shown = new URL(page.url()).pathname;
  if (shown === path) return;
  const alert = page.getByRole('alert');
  const said =
    (await alert.count()) > 0
      ? await alertText(page)
      : (await page.locator('body').innerText()).slice(0, 200);
  assert.fail(`expected ${path}, the browser is on ${shown}, which says: ${said}`);
}

async function alertText(page: Page): Promise<string> {
  return ((await page.getByRole('alert').textContent()) ?? '').trim();
}

// RFC 6238 with the parameters the server uses (HMAC-SHA-1, 6 digits, 30 s), computed here as a phone would.
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
}

function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = (hmac[19] ?? 0) & 0x0f;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 30_000);

test('from a trusted network, the password alone signs in and the cookie is Secure, HttpOnly, SameSite=Lax', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const { context, page } = await openContext(t);
  await page.goto(`${academy.base}/login`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), FR.heading);
  await signIn(page, CLAIRE, PASSWORD);
  // The form sends to `/` once the password is right, which leads to the web app at `/mail/`.
  await assertAt(page, '/mail/');

  const cookie = await sessionCookieOf(context);
  assert.ok(cookie, 'a session cookie');
  assert.equal(cookie.secure, true);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  // Persistent (not "shared computer"): it lasts until the session's absolute end, 7 days by default.
  assert.ok(cookie.expires > Date.now() / 1000 + 6 * 24 * 3600, `expires ${cookie.expires}`);

  await page.goto(`${academy.base}/login`);
  assert.equal(await page.getByText(FR.signedInAs(CLAIRE)).count(), 1);
  assert.equal(await page.getByRole('button', { name: FR.logout }).count(), 1);
  await page.goto(`${academy.base}/diagnostics`);
  assert.match(await page.locator('body').innerText(), /Réseau d’établissement reconnu/);
});

test('from outside, the second factor is asked: a wrong code is refused, the right one signs in', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  // Set the authenticator app up the way the web app does, from the school's network (JSON endpoints).
  await trustLoopback(true);
  const api = await request.newContext({
    baseURL: academy.base,
    ignoreHTTPSErrors: true,
    timeout: ACTION_TIMEOUT_MS,
  });
  t.after(() => api.dispose());
  const login = await api.post('/auth/login', { data: { email: HUGO, password: PASSWORD } });
  const { status, csrfToken } = (await login.json()) as { status: string; csrfToken: string };
  assert.equal(status, 'signedIn');
  const headers = { 'X-CSRF-Token': csrfToken };
  const started = await api.post('/auth/second-factors/totp', { headers });
  assert.equal(started.status(), 201, await started.text());
  const { enrolmentId, secret } = (await started.json()) as { enrolmentId: string; secret: string };
  // Confirmed with the previous step's code (a phone clock a little behind, accepted): the login below can
  // then use the current step's at once, without waiting 30 s for a step the server has not seen yet.
  const confirmed = await api.post('/auth/second-factors/totp/confirm', {
    headers,
    data: { enrolmentId, code: totpCode(secret, currentStep() - 1), label: 'Téléphone' },
  });
  assert.equal(confirmed.status(), 201, await confirmed.text());

  await trustLoopback(false);
  const { page } = await openContext(t);
  await signIn(page, HUGO, PASSWORD);
  await assertAt(page, '/login/second-factor');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Seconde vérification');

  const step = currentStep();
  const nearCodes = new Set([-1, 0, 1, 2].map((delta) => totpCode(secret, step + delta)));
  const wrong = ['000000', '111111', '222222', '333333', '444444'].find((code) => !nearCodes.has(code)) ?? '';
  await page.getByLabel('Code', { exact: true }).fill(wrong);
  await follow(page, page.getByRole('button', { name: 'Vérifier' }));
  await assertAt(page, '/login/second-factor');
  assert.equal(await alertText(page), 'Code incorrect. Vérifiez l’heure de votre téléphone et réessayez.');

  await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, currentStep()));
  await follow(page, page.getByRole('button', { name: 'Vérifier' }));
  await assertAt(page, '/mail/');
  await page.goto(`${academy.base}/diagnostics`);
  const diagnostics = await page.locator('body').innerText();
  assert.match(diagnostics, /Réseau extérieur/);
  assert.match(diagnostics, /totp — Téléphone/);
});

test('"shared computer" gives a cookie that ends with the browser', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const { context, page } = await openContext(t);
  await signIn(page, CLAIRE, PASSWORD, { isShared: true });
  await assertAt(page, '/mail/');
  const cookie = await sessionCookieOf(context);
  assert.ok(cookie, 'a session cookie');
  // -1: no Expires nor Max-Age, a session cookie.
  assert.equal(cookie.expires, -1);
  assert.deepEqual([cookie.secure, cookie.httpOnly, cookie.sameSite], [true, true, 'Lax']);
  const sessions = await context.request.get(`${academy.base}/auth/sessions`);
  const listed = (await sessions.json()) as { sessions: { current: boolean; isSharedComputer: boolean }[] };
  assert.equal(listed.sessions.find((session) => session.current)?.isSharedComputer, true);
});

test('signing out from the page ends the session: the cookie is gone and pages ask to sign in again', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const { context, page } = await openContext(t);
  await signIn(page, CLAIRE, PASSWORD);
  await assertAt(page, '/mail/');
  const before = await sessionCookieOf(context);
  assert.ok(before);
  await page.goto(`${academy.base}/login`);
  await follow(page, page.getByRole('button', { name: FR.logout }));
  assert.equal(await page.getByRole('status').textContent(), FR.signedOut);
  assert.equal(await page.getByRole('button', { name: FR.submit }).count(), 1);
  assert.equal(await sessionCookieOf(context), undefined);

  // Back to the signed-in page the browser showed before: it is fetched again (no-store) and asks to sign in.
  await page.goBack();
  await assertAt(page, '/login');
  assert.equal(await page.getByText(FR.signedInAs(CLAIRE)).count(), 0);
  assert.equal(await page.getByLabel(FR.password, { exact: true }).count(), 1);
  await page.goto(`${academy.base}/diagnostics`);
  await assertAt(page, '/login');
  assert.equal(await page.getByLabel(FR.password, { exact: true }).count(), 1);
  // The server ended it too: the old token, put back by hand, is no longer a session.
  await context.addCookies([before]);
  await page.goto(`${academy.base}/diagnostics`);
  await assertAt(page, '/login');
  assert.equal(await page.getByText(FR.signedInAs(CLAIRE)).count(), 0);
});

test('the pages carry a strict CSP: their hashed style applies, an inline script does not run', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await openContext(t);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  for (const path of ['/login', '/activate']) {
    const response = await page.goto(`${academy.base}${path}`);
    assert.ok(response);
    const csp = response.headers()['content-security-policy'] ?? '';
    const directives = csp.split(';').map((directive) => directive.trim());
    const style = /<style>([^<]*)<\/style>/.exec(await response.text())?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    assert.deepEqual(directives, [
      "default-src 'none'",
      `style-src 'sha256-${hash}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    // The one inline style sheet is allowed by its hash (body{max-width:26rem}).
    assert.equal(await page.evaluate('getComputedStyle(document.body).maxWidth'), '416px');
    // An inline script (as an injected one would be) is blocked.
    const hasRun = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
      return window.injected === true;
    })()`);
    assert.equal(hasRun, false, path);
  }
  assert.ok(violations.length >= 2, 'Chromium reported the refused scripts');

  // A form posted from another site is still refused (login CSRF), whatever the fix for our own forms.
  const crossSite = await page.request.post(`${academy.base}/login`, {
    headers: { Origin: 'https://elsewhere.example' },
    form: { email: CLAIRE, password: PASSWORD },
  });
  assert.equal(crossSite.status(), 403);
  assert.match(await crossSite.text(), /Requête refusée : elle ne vient pas de cette messagerie\./);
});

test('with JavaScript disabled, sign-in and sign-out work from the forms alone', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const { context, page } = await openContext(t, { javaScriptEnabled: false });
  await signIn(page, CLAIRE, PASSWORD);
  await assertAt(page, '/mail/');
  await page.goto(`${academy.base}/login`);
  assert.equal(await page.getByText(FR.signedInAs(CLAIRE)).count(), 1);
  await follow(page, page.getByRole('button', { name: FR.logout }));
  assert.equal(await page.getByRole('status').textContent(), FR.signedOut);
  assert.equal(await sessionCookieOf(context), undefined);
});

test('a helpdesk activation code sets a new password on /activate, which then signs in; a used code is refused', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const issued = JSON.parse(
    await vercorsCli(academy.dataDir, ['helpdesk', 'issue-code', INES, '--card-seen', '--json']),
  ) as {
    code: string;
  };
  const newPassword = 'Marronnier-Glycine-Ardoise-58';
  const { page } = await openContext(t);
  // The link the helpdesk reads out on the phone fills the address in.
  await page.goto(`${academy.base}/activate?email=${encodeURIComponent(INES)}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Activer votre compte');
  assert.equal(await page.getByLabel('Adresse électronique').inputValue(), INES);
  const activate = async (code: string) => {
    await page.getByLabel('Code d’activation').fill(code);
    await page.getByLabel(/^Nouveau mot de passe \(/).fill(newPassword);
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(newPassword);
    await follow(page, page.getByRole('button', { name: 'Enregistrer le mot de passe' }));
  };
  // Typed as a person might: lower case.
  await activate(issued.code.toLowerCase());
  const refusal = (await page.getByRole('alert').count()) > 0 ? await alertText(page) : '';
  assert.equal(refusal, '', 'the activation is not refused');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mot de passe enregistré');
  assert.match(
    (await page.getByRole('status').textContent()) ?? '',
    new RegExp(`Votre compte ${INES} est actif`),
  );

  await follow(page, page.getByRole('link', { name: 'Se connecter' }));
  await page.getByLabel(FR.email).fill(INES);
  await page.getByLabel(FR.password, { exact: true }).fill(newPassword);
  await follow(page, page.getByRole('button', { name: FR.submit }));
  await assertAt(page, '/mail/');
  await page.goto(`${academy.base}/login`);
  assert.equal(await page.getByText(FR.signedInAs(INES)).count(), 1);

  await page.goto(`${academy.base}/activate?email=${encodeURIComponent(INES)}`);
  await activate(issued.code);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Activer votre compte');
  assert.equal(
    await alertText(page),
    'Adresse ou code d’activation incorrect, ou code expiré. Vérifiez-les, ou demandez un nouveau code à l’assistance.',
  );
});

test('a wrong password is refused in French without telling whether the address exists, in English for en-GB', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  await trustLoopback(true);
  const { context, page } = await openContext(t);
  await signIn(page, CLAIRE, 'Tilleul-Boussole-Garance-13');
  await assertAt(page, '/login');
  assert.equal(await alertText(page), FR.invalidCredentials);
  // The address stays in the field; the password does not.
  assert.equal(await page.getByLabel(FR.email).inputValue(), CLAIRE);
  assert.equal(await page.getByLabel(FR.password, { exact: true }).inputValue(), '');
  const known = await page.locator('body').innerText();

  await signIn(page, 'personne@ac-test.fr', 'Tilleul-Boussole-Garance-13');
  assert.equal(await alertText(page), FR.invalidCredentials);
  assert.equal((await page.locator('body').innerText()).replace('personne@ac-test.fr', CLAIRE), known);
  assert.equal(await sessionCookieOf(context), undefined);

  const english = await openContext(t, { locale: 'en-GB' });
  const response = await english.page.goto(`${academy.base}/login`);
  assert.match((await response?.request().allHeaders())?.['accept-language'] ?? '', /^en-GB/);
  assert.equal(await english.page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await english.page.getByRole('heading', { level: 1 }).textContent(), 'Sign in to your mail');
  await english.page.getByLabel('Email address').fill(CLAIRE);
  await english.page.getByLabel('Password').fill('Tilleul-Boussole-Garance-13');
  await follow(english.page, english.page.getByRole('button', { name: 'Sign in' }));
  assert.equal(
    await alertText(english.page),
    'Wrong address or password. If your account has been suspended, contact the académie’s helpdesk.',
  );
});

// Settings → Security and Settings → Phone of the web app (web/src/settings/security), used as a teacher uses
// them against a real `vercors serve` (HTTPS for the browser, IMAPS and submission for mail apps): set up an
// authenticator app (the code computed here from the key the page shows), keep the recovery codes, make an
// app password that then logs in over IMAP and stops once revoked, end another browser's session, follow
// the phone screen, and the enrolment a login asks of an account that must have a second check. axe-core
// checks each screen. The scenarios run in order on one server and build on each other.

import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { test, type TestContext } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { PASSWORD, browserAcademy } from './browser-academy.ts';
import { within } from './vercors-server.ts';
import { type SignInOptions, signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
/** Holds the helpdesk role, whose rule is a second factor on every login: her first login is an enrolment. */
const HUGO = 'hugo.bernard@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;
/** One IMAP exchange on loopback: milliseconds; the bound catches a hang. */
const IMAP_TIMEOUT_MS = 10_000;
const IPHONE_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const academy = await browserAcademy({
  folder: 'security',
  users: { [CLAIRE]: 'Claire Martin', [HUGO]: 'Hugo Bernard' },
  roles: { [HUGO]: 'helpdesk' },
  // The staff room's network: a second factor set up here is not asked again at the next login (the
  // default rule), and an account that must have one may enrol from here.
  isLoopbackTrusted: true,
  server: { mailListeners: true },
});

/**
 * A new browser signed in as `email` on the login page, landed on the web app (or, for an account that must
 * set a second factor up first, back on the login page that says so); script errors fail the test.
 */
async function signedIn(
  t: TestContext,
  email: string,
  options: Pick<SignInOptions, 'context' | 'landing'> & { origin?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { origin = academy.base, ...signIn } = options;
  return signInToWebmail(t, { browser: academy.browser, base: origin }, email, PASSWORD, {
    ...signIn,
    isOutsideBlocked: false,
  });
}

async function openSettings(page: Page, section: 'security' | 'phone', origin = academy.base): Promise<void> {
  await page.goto(`${origin}/mail/#/settings/${section}`);
  const title = section === 'security' ? 'Sécurité' : 'Messagerie sur un téléphone';
  await page.getByRole('heading', { name: title, exact: true }).waitFor();
}

/** The current code of the authenticator app holding `key` (as the page shows it, in groups). */
function totpCode(key: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(key.replace(/\s/g, '')) });
}

/** Set up an authenticator app from the panel the page shows, reading its key as a person would. */
async function confirmAuthenticator(page: Page): Promise<void> {
  await page.getByRole('img', { name: /Code QR à scanner/ }).waitFor();
  const key = (await page.locator('.security-secret code').innerText()).trim();
  assert.match(key, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the key in groups of four');
  await page.getByLabel('Code à 6 chiffres affiché par l’application').fill(totpCode(key));
  await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
}

/** LOGIN over IMAPS (the server's self-signed certificate); the tagged answer's line. */
async function imapLogin(user: string, password: string): Promise<string> {
  const socket = tlsConnect({ host: '127.0.0.1', port: academy.imapsPort, rejectUnauthorized: false });
  try {
    return await within(
      new Promise<string>((resolve, reject) => {
        let buffer = '';
        let isGreeted = false;
        socket.on('error', reject);
        socket.on('close', () => reject(new Error(`IMAP connection closed: ${buffer}`)));
        socket.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          if (!isGreeted && buffer.includes('\r\n')) {
            isGreeted = true;
            assert.match(buffer, /^\* OK/);
            buffer = '';
            socket.write(`a1 LOGIN "${user}" "${password}"\r\n`);
            return;
          }
          const tagged = buffer.split('\r\n').find((line) => line.startsWith('a1 '));
          if (tagged !== undefined) {
            socket.write('a2 LOGOUT\r\n');
            resolve(tagged);
          }
        });
      }),
      IMAP_TIMEOUT_MS,
      'IMAP LOGIN',
    );
  } finally {
    socket.destroy();
  }
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `${what}: no serious or critical violation`);
}

test('an authenticator app is set up from the security screen, and the recovery codes are shown once', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedIn(t, CLAIRE);
  await openSettings(page, 'security');
  await page.getByText('Aucune seconde vérification n’est configurée.').waitFor();
  await page.getByText('ce navigateur').waitFor();
  await expectAccessible(page, 'the security screen');

  await page.getByRole('button', { name: 'Ajouter une application d’authentification' }).click();
  await expectAccessible(page, 'the authenticator set-up');
  await confirmAuthenticator(page);

  const panel = page.getByRole('region', { name: 'Vos codes de secours' });
  await panel.waitFor();
  const codes = await panel.locator('.security-codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  for (const code of codes) assert.match(code, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  assert.equal(
    await panel.getByRole('link', { name: 'Télécharger (.txt)' }).getAttribute('download'),
    'codes-de-secours.txt',
  );
  await expectAccessible(page, 'the recovery codes');
  await panel.getByRole('button', { name: 'Je les ai gardés' }).click();
  await panel.waitFor({ state: 'detached' });

  const factors = page.getByRole('list', { name: 'Vos secondes vérifications' });
  await factors.getByText('Téléphone', { exact: true }).waitFor();
  await factors.getByText('Application d’authentification').waitFor();
  await page.getByText('Il vous reste 10 codes de secours.').waitFor();
  // Shown once: a reload lists the factor, never the codes.
  await page.reload();
  await page.getByText('Il vous reste 10 codes de secours.').waitFor();
  assert.equal(await page.locator('.security-codes').count(), 0);
});

test('an app password logs in over IMAP where the account password no longer may, until it is revoked', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  // The account has a second factor now: its password is refused to mail apps.
  assert.match(await imapLogin(CLAIRE, PASSWORD), /^a1 NO .*app password/i);

  const { page } = await signedIn(t, CLAIRE);
  await openSettings(page, 'security');
  const section = page.getByRole('region', { name: 'Mots de passe d’application' });
  await section.getByText('Aucun mot de passe d’application.').waitFor();
  await section.getByLabel('Appareil').fill('Thunderbird au bureau');
  await section.getByLabel('Pour').selectOption('mail');
  await section.getByRole('button', { name: 'Créer', exact: true }).click();
  const shown = section.getByRole('region', {
    name: 'Mot de passe d’application pour Thunderbird au bureau',
  });
  await shown.waitFor();
  await shown.getByText('il ne sera plus jamais affiché', { exact: false }).waitFor();
  const secret = (await shown.locator('code').innerText()).trim();
  assert.match(secret, /^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
  await expectAccessible(page, 'a new app password');

  assert.match(await imapLogin(CLAIRE, secret), /^a1 OK/);
  await shown.getByRole('button', { name: 'Terminé' }).click();
  // Its last use is listed: when, from where, by which protocol.
  await page.reload();
  const list = page.getByRole('list', { name: 'Vos mots de passe d’application' });
  const item = list.getByRole('listitem').filter({ hasText: 'Thunderbird au bureau' });
  await item.getByText(/Dernière utilisation le .* depuis 127\.0\.0\.1 \(IMAP\)/).waitFor();
  await item.getByText('Messagerie (IMAP, SMTP)').waitFor();

  await item.getByRole('button', { name: 'Révoquer Thunderbird au bureau' }).click();
  await item.getByRole('button', { name: 'Oui, révoquer Thunderbird au bureau' }).click();
  await page.getByText('Thunderbird au bureau a été révoqué.').waitFor();
  await list.waitFor({ state: 'detached' });
  assert.match(await imapLogin(CLAIRE, secret), /^a1 NO/);
});

test('ending another browser’s session signs it out at its next request', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const phone = await signedIn(t, CLAIRE, { context: { userAgent: IPHONE_AGENT } });
  const phoneSession = () =>
    phone.page.request.get(`${academy.base}/auth/session`).then((answer) => answer.status());
  assert.equal(await phoneSession(), 200);

  const { page } = await signedIn(t, CLAIRE);
  await openSettings(page, 'security');
  const sessions = page.getByRole('list', { name: 'Vos sessions ouvertes' });
  const iphone = sessions.getByRole('listitem').filter({ hasText: 'Safari sur iPhone' });
  await iphone.waitFor();
  await iphone.getByText('Adresse : 127.0.0.1').waitFor();
  await iphone.getByRole('button', { name: 'Fermer la session Safari sur iPhone' }).click();
  await page.getByText('La session a été fermée.').waitFor();
  await iphone.waitFor({ state: 'detached' });
  assert.equal(await phoneSession(), 401);

  // The earlier scenarios' browsers are still signed in: all of them end at once.
  await page.getByRole('button', { name: 'Fermer toutes les autres sessions' }).click();
  await page.getByText(/^\d+ sessions? fermées?\.$/).waitFor();
  await page.getByText('Aucune autre session n’est ouverte.').waitFor();
  assert.equal(await sessions.getByRole('listitem').count(), 1);
  await sessions.getByText('ce navigateur').waitFor();
});

test('the phone screen gives the server’s settings and makes the phone its app password', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedIn(t, CLAIRE);
  await openSettings(page, 'phone');
  await page.getByText(`Serveur localhost, port ${academy.imapsPort}, sécurité SSL/TLS`).waitFor();
  await page.getByText(CLAIRE, { exact: true }).waitFor();
  await page.getByText(/Un mot de passe d’application \(votre compte a une seconde vérification\)/).waitFor();
  await expectAccessible(page, 'the phone screen');

  await page.getByText('iPhone et iPad (application Mail)').click();
  await page.getByText(/le nom d’hôte localhost, le nom d’utilisateur claire\.martin@ac-test\.fr/).waitFor();

  await page.getByLabel('Nom du téléphone').fill('iPhone de Claire');
  await page.getByRole('button', { name: 'Créer un mot de passe pour ce téléphone' }).click();
  const shown = page.getByRole('region', { name: 'Mot de passe d’application pour iPhone de Claire' });
  await shown.waitFor();
  const secret = (await shown.locator('code').innerText()).trim();
  await expectAccessible(page, 'the phone’s app password');
  assert.match(await imapLogin(CLAIRE, secret), /^a1 OK/);
});

test('a passkey is set up with the browser’s authenticator, listed, and removed', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  // Passkeys belong to the server's host name (VERCORS_HOSTNAME): the page must be on it, not on its address.
  const origin = academy.base.replace('127.0.0.1', 'localhost');
  const { context, page } = await signedIn(t, CLAIRE, { origin });
  // Chromium's virtual authenticator stands for the laptop's fingerprint reader, and always agrees.
  const devtools = await context.newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await openSettings(page, 'security', origin);
  await page.getByRole('button', { name: 'Ajouter une clé d’accès (passkey)' }).click();
  await page.getByLabel('Nom de cette clé').fill('Ordinateur du CDI');
  await expectAccessible(page, 'the passkey set-up');
  await page.getByRole('button', { name: 'Créer la clé d’accès' }).click();
  await page.getByText('Ordinateur du CDI est configurée.').waitFor();
  const factors = page.getByRole('list', { name: 'Vos secondes vérifications' });
  const passkey = factors.getByRole('listitem').filter({ hasText: 'Ordinateur du CDI' });
  await passkey.getByText('Clé d’accès (passkey)').waitFor();
  // Not the first factor: no new recovery codes.
  assert.equal(await page.locator('.security-codes').count(), 0);

  await passkey.getByRole('button', { name: 'Retirer Ordinateur du CDI' }).click();
  await passkey.getByRole('button', { name: 'Oui, retirer Ordinateur du CDI' }).click();
  await page.getByText('Ordinateur du CDI a été retirée.').waitFor();
  await passkey.waitFor({ state: 'detached' });
  await factors.getByText('Téléphone', { exact: true }).waitFor();
});

test('an account that must have a second check sets one up before its mail opens', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedIn(t, HUGO, { landing: 'enrolment' });
  await page.goto(`${academy.base}/mail/`);
  await page.getByRole('heading', { name: 'Configurer la seconde vérification' }).waitFor();
  await expectAccessible(page, 'the enrolment');
  await page.getByRole('button', { name: 'Ajouter une application d’authentification' }).click();
  await confirmAuthenticator(page);
  const panel = page.getByRole('region', { name: 'Vos codes de secours' });
  await panel.waitFor();
  assert.equal(await panel.locator('.security-codes code').count(), 10);
  await panel.getByRole('button', { name: 'Je les ai gardés' }).click();
  // Signed in now, under a new cookie: the mail opens.
  await page.getByRole('navigation', { name: 'Dossiers' }).waitFor();
  const session = await page.request.get(`${academy.base}/auth/session`);
  assert.equal(((await session.json()) as { status: string }).status, 'signedIn');
});

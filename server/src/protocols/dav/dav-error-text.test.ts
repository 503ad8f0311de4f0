// The plain-text refusals of the DAV endpoints are in the person's language: before authentication the
// client's Accept-Language (French by default), after it the account's language (dav-locale.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import type { AddressBookProvider } from './collection-provider.ts';
import type { DavAuthResult } from './dav-auth.ts';
import { createDavApp, type DavServiceOptions } from './dav-service.ts';
import { card, MARIE, openDavFixture, PROPFIND_XML } from './dav.fixture.ts';

/** The DAV app with an authenticator that always answers `result` (no store reached before it). */
function appRefusing(result: DavAuthResult) {
  return createDavApp({
    contacts: {} as DavServiceOptions['contacts'],
    authenticator: { authenticate: () => Promise.resolve(result) },
    clientAddress: () => '192.0.2.1',
    log: silentLogger(),
  });
}

async function refusal(result: DavAuthResult, acceptLanguage?: string) {
  const response = await appRefusing(result).request('/dav/', {
    method: 'PROPFIND',
    headers: { Depth: '0', ...(acceptLanguage !== undefined && { 'Accept-Language': acceptLanguage }) },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

test('401 and 429 before authentication: French by default, English when the client prefers it', async () => {
  const missing = await refusal({ ok: false, reason: 'missing' });
  assert.equal(missing.status, 401);
  assert.match(missing.headers.get('www-authenticate') ?? '', /^Basic realm="Vercors"/);
  assert.match(missing.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
  assert.equal(
    missing.text,
    'Adresse ou mot de passe absent ou incorrect : saisissez votre adresse académique complète et un mot de passe d’application pour les contacts et agendas, créé dans les réglages de la messagerie.\n',
  );
  const english = await refusal({ ok: false, reason: 'invalid' }, 'en-GB,en;q=0.9,fr;q=0.8');
  assert.equal(
    english.text,
    'Missing or wrong address or password: enter your full académie address and an app password for contacts and calendars, created in the webmail settings.\n',
  );
  // The first of fr/en the client names wins; other languages fall back to French.
  assert.match(
    (await refusal({ ok: false, reason: 'missing' }, 'de-DE, en')).text,
    /^Missing or wrong address/,
  );
  assert.match(
    (await refusal({ ok: false, reason: 'missing' }, 'fr-CA, en')).text,
    /^Adresse ou mot de passe absent/,
  );
  assert.match(
    (await refusal({ ok: false, reason: 'missing' }, 'de-DE')).text,
    /^Adresse ou mot de passe absent/,
  );

  const locked = await refusal({ ok: false, reason: 'locked' });
  assert.equal(locked.status, 429);
  assert.equal(locked.headers.get('retry-after'), '900');
  assert.equal(
    locked.text,
    'Trop de tentatives de connexion échouées : réessayez dans un quart d’heure, en vérifiant l’adresse et le mot de passe d’application.\n',
  );
  assert.equal(
    (await refusal({ ok: false, reason: 'locked' }, 'en')).text,
    'Too many failed sign-ins: try again in a quarter of an hour, after checking the address and the app password.\n',
  );

  const appPassword = await refusal({ ok: false, reason: 'appPasswordRequired' });
  assert.equal(appPassword.status, 401);
  assert.match(appPassword.text, /^Ce compte doit utiliser un mot de passe d’application pour les contacts/);
  assert.match(
    (await refusal({ ok: false, reason: 'appPasswordRequired' }, 'en')).text,
    /^This account must use an app password for contacts and calendars: create one in the webmail settings/,
  );
  assert.match(
    (await refusal({ ok: false, reason: 'scope' })).text,
    /^Ce mot de passe d’application ne sert pas/,
  );
  assert.match((await refusal({ ok: false, reason: 'scope' }, 'en')).text, /^This app password is not for/);
});

test('after authentication the account’s language: 501, 404, 400, 409 and 412 in French or English', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.services.identity.updateAccount(MARIE.email, { locale: 'en' });
  const paulBook = '/dav/addressbooks/paul@ac-test.fr/contacts/';
  const marieBook = '/dav/addressbooks/marie@ac-test.fr/contacts/';

  // Paul's account is French: his phone's English Accept-Language does not change that.
  const move = await fixture.request('MOVE', `${paulBook}a.vcf`, { headers: { 'Accept-Language': 'en' } });
  assert.equal(move.status, 501);
  assert.equal(
    move.text,
    'La méthode MOVE n’est pas prise en charge par ce serveur. Pour déplacer une fiche, enregistrez-la dans l’autre carnet puis supprimez-la du premier.\n',
  );
  const copy = await fixture.request('COPY', `${marieBook}a.vcf`, { who: 'marie' });
  assert.equal(copy.status, 501);
  assert.equal(
    copy.text,
    'The COPY method is not supported by this server. To move a card, save it in the other book, then delete it from the first.\n',
  );

  const missing = await fixture.request('GET', `${paulBook}nobody.vcf`);
  assert.equal(missing.status, 404);
  assert.match(missing.text, /^Introuvable : ce carnet ou cette fiche n’existe pas, ou plus\./);
  const hidden = await fixture.request('GET', `${paulBook}nobody.vcf`, { who: 'marie' });
  assert.equal(hidden.status, 404);
  assert.match(hidden.text, /^Not found: this address book or card does not exist, or no longer does\./);

  const badXml = await fixture.request('PROPFIND', marieBook, {
    who: 'marie',
    headers: { Depth: '0', ...PROPFIND_XML },
    body: '<d:propfind xmlns:d="DAV:"><d:prop>',
  });
  assert.equal(badXml.status, 400);
  assert.equal(
    badXml.text,
    'The request body is not a valid WebDAV XML document: the app sent a malformed request.\n',
  );

  const noBook = await fixture.request('PUT', '/dav/addressbooks/paul@ac-test.fr/nowhere/a.vcf', {
    headers: { 'Content-Type': 'text/vcard' },
    body: card('a', 'A'),
  });
  assert.equal(noBook.status, 409);
  assert.equal(
    noBook.text,
    'Le carnet d’adresses n’existe pas : créez-le d’abord, ou choisissez-en un autre.\n',
  );

  await fixture.request('PUT', `${marieBook}a.vcf`, {
    who: 'marie',
    headers: { 'Content-Type': 'text/vcard' },
    body: card('a', 'A'),
  });
  const stale = await fixture.request('PUT', `${marieBook}a.vcf`, {
    who: 'marie',
    headers: { 'Content-Type': 'text/vcard', 'If-Match': '"1"' },
    body: card('a', 'A2'),
  });
  assert.equal(stale.status, 412);
  assert.equal(
    stale.text,
    'The card was changed or deleted meanwhile on another device: synchronise, then try again.\n',
  );
});

test('an unexpected failure is a 500 naming its incident, in the account’s language', async (t) => {
  const broken: AddressBookProvider = {
    listBooks: () => Promise.reject(new Error('disk on fire')),
    getBook: () => Promise.reject(new Error('disk on fire')),
    listCards: () => Promise.reject(new Error('disk on fire')),
    getCards: () => Promise.reject(new Error('disk on fire')),
    changesSince: () => Promise.reject(new Error('disk on fire')),
  };
  const fixture = await openDavFixture(t, { extraProviders: [broken] });
  await fixture.services.identity.updateAccount(MARIE.email, { locale: 'en' });
  const home = (who: 'paul' | 'marie') =>
    fixture.request('PROPFIND', `/dav/addressbooks/${who}@ac-test.fr/`, {
      who,
      headers: { Depth: '1', ...PROPFIND_XML },
      body: '<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>',
    });
  const french = await home('paul');
  assert.equal(french.status, 500);
  assert.match(
    french.text,
    /^Erreur interne \(incident [\w-]+\)\. Réessayez ; si elle persiste, transmettez ce numéro d’incident à l’assistance\.\n$/,
  );
  const english = await home('marie');
  assert.match(english.text, /^Internal error \(incident [\w-]+\)\. Try again; if it persists/);
  assert.doesNotMatch(english.text, /disk on fire/, 'nothing of the cause reaches the client');
});

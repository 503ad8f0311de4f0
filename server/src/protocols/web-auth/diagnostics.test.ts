// The diagnostics over real HTTP: what a person reads out to the helpdesk, from a trusted and an untrusted
// network, as JSON and as a page; nothing secret in it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import { openWebAuthFixture, PAUL, TRUSTED, UNTRUSTED } from './web-auth.fixture.ts';

test('diagnostics: network, second factor, phone settings, app passwords, sessions and recent logins', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const { identity } = fixture.services;
  await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: 'Not-The-Password-1' },
    from: UNTRUSTED,
  });
  const signedIn = await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: PAUL.password },
    from: TRUSTED,
    headers: { 'user-agent': 'Firefox 140' },
  });
  const token = signedIn.setToken ?? '';
  const { secret } = await identity.createAppPassword(fixture.paulId, { name: 'iPhone', scope: 'mail' }, {});
  await identity.verifyProtocolLogin(PAUL.email, secret, { protocol: 'imap', remoteAddress: '198.51.100.4' });

  const json = await fixture.call('/auth/diagnostics', { token, from: TRUSTED });
  assert.equal(json.status, 200);
  assert.deepEqual(json.body.network, { remoteAddress: TRUSTED, isTrusted: true });
  assert.equal(json.body.secondFactor.rule, 'outside-trusted-networks');
  assert.deepEqual(json.body.secondFactor.factors, []);
  assert.equal(json.body.mailClients.userName, PAUL.email);
  assert.equal(json.body.mailClients.needsAppPassword, false);
  assert.deepEqual(json.body.mailClients.imap, [{ host: 'mail.ac-test.fr', port: 993, security: 'tls' }]);
  assert.deepEqual(
    json.body.appPasswords.map((p: { name: string; lastUsed: { protocol: string } }) => [
      p.name,
      p.lastUsed.protocol,
    ]),
    [['iPhone', 'imap']],
  );
  assert.deepEqual(
    json.body.sessions.map((s: { userAgent: string; current: boolean }) => [s.userAgent, s.current]),
    [['Firefox 140', true]],
  );
  assert.deepEqual(
    json.body.recentLogins.map((e: { type: string; remoteAddress: string }) => [e.type, e.remoteAddress]),
    [
      ['login.succeeded', TRUSTED],
      ['login.failed', UNTRUSTED],
    ],
    'newest first',
  );
  assert.ok(!JSON.stringify(json.body).includes(secret), 'no secret');

  const fromHome = await fixture.call('/auth/diagnostics', { token, from: UNTRUSTED });
  assert.equal(fromHome.body.network.isTrusted, false);

  await enrolTotpFor(identity, fixture.clock, PAUL);
  const page = await fixture.call('/diagnostics', {
    token,
    from: UNTRUSTED,
    headers: { 'accept-language': 'fr' },
  });
  assert.equal(page.status, 200);
  assert.match(page.text, /Réseau extérieur/);
  assert.match(page.text, /mail\.ac-test\.fr, port 993, SSL\/TLS/);
  assert.match(page.text, /Nom d’utilisateur : paul@ac-test\.fr/);
  assert.match(page.text, /un mot de passe d’application créé pour cet appareil \(Paramètres/);
  assert.match(page.text, /iPhone \(mail\) — dernier usage/);
  assert.match(String(page.headers['content-security-policy']), /^default-src 'none'/);

  const anonymous = await fixture.call('/diagnostics');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.location, '/login');
  assert.equal((await fixture.call('/auth/diagnostics')).status, 401);
});

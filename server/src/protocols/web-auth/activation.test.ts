// Helpdesk recovery over real HTTP: the helpdesk looks Paul up, checks his NUMEN and issues a code (the admin
// API, from a signed-in helpdesk session); Paul sets a new password with it (JSON or the page without
// JavaScript), loses his old factor, sessions and app passwords, and signs in again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import { openWebAuthFixture, PAUL, TRUSTED, UNTRUSTED, type WebAuthFixture } from './web-auth.fixture.ts';

const NUMEN = '08E9501234ABC';
const NEW_PASSWORD = 'Pivoines-bleues-sous-la-pluie-7';
const HELPDESK = { email: 'assistance@ac-test.fr', password: 'Standard-Telephonique-Rectorat-9' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Paul with a NUMEN on file, and a helpdesk member signed in from the rectorat (a trusted network). */
async function withHelpdesk(t: Parameters<typeof openWebAuthFixture>[0]) {
  // The helpdesk always needs a second factor by default; these tests sign it in on a trusted network without.
  const fixture = await openWebAuthFixture(t, { VERCORS_SECOND_FACTOR_HELPDESK: 'outside-trusted-networks' });
  const { identity } = fixture.services;
  await identity.setNumen(PAUL.email, NUMEN);
  await identity.createAccount({
    email: HELPDESK.email,
    displayName: 'Assistance',
    password: HELPDESK.password,
    roles: [{ role: 'helpdesk' }],
  });
  const signedIn = await fixture.call('/auth/login', { body: HELPDESK, from: TRUSTED });
  assert.equal(signedIn.body.status, 'signedIn');
  const session = { token: signedIn.setToken ?? '', csrf: signedIn.body.csrfToken as string, from: TRUSTED };
  return { fixture, session };
}

async function issueCode(fixture: WebAuthFixture, session: { token: string; csrf: string }) {
  const issued = await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/activation-code`, {
    body: { professionalCardSeen: true },
    ...session,
  });
  assert.equal(issued.status, 201);
  return issued.body.code as string;
}

test('lookup, NUMEN check and code by the helpdesk; activation and a new login by Paul', async (t) => {
  const { fixture, session } = await withHelpdesk(t);
  const { identity } = fixture.services;
  await enrolTotpFor(identity, fixture.clock, PAUL);
  const paulBefore = await fixture.call('/auth/login', { body: PAUL, from: TRUSTED });
  assert.equal(paulBefore.body.status, 'signedIn');

  const looked = await fixture.call(
    `/admin/helpdesk/accounts?email=${encodeURIComponent(PAUL.email)}`,
    session,
  );
  assert.equal(looked.status, 200);
  assert.deepEqual(
    [looked.body.account.id, looked.body.hasNumen, looked.body.hasSecondFactor, looked.body.canRecover],
    [fixture.paulId, true, true, true],
  );
  assert.equal(looked.body.pendingActivation, null);

  const check = (numen: string, csrf?: string) =>
    fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/numen-check`, {
      body: { numen },
      token: session.token,
      csrf,
      from: TRUSTED,
    });
  assert.equal((await check(NUMEN)).status, 403, 'no CSRF token');
  assert.deepEqual((await check('08E9501234ABD', session.csrf)).body, { result: 'mismatch' });
  assert.deepEqual((await check('08 e 95 01234 abc', session.csrf)).body, { result: 'match' });
  const badNumen = await check('123', session.csrf);
  assert.deepEqual([badNumen.status, badNumen.body.error], [400, 'invalidNumen']);

  const unchecked = await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/activation-code`, {
    body: {},
    ...session,
  });
  assert.deepEqual([unchecked.status, unchecked.body.error], [400, 'identityNotChecked']);
  assert.match(unchecked.body.message, /^Indiquez la vérification d’identité faite/);
  const issued = await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/activation-code`, {
    body: { numenChecked: true },
    ...session,
  });
  assert.equal(issued.status, 201);
  assert.match(issued.body.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(Date.parse(issued.body.expiresAt) - fixture.clock.nowMs(), 30 * 60_000);

  // Paul, from home: a weak password keeps the code; a wrong code is refused; then the right one
  const activate = (code: string, newPassword = NEW_PASSWORD) =>
    fixture.call('/auth/activate', { body: { email: PAUL.email, code, newPassword }, from: UNTRUSTED });
  const weak = await activate(issued.body.code, 'court');
  assert.deepEqual([weak.status, weak.body.error], [400, 'passwordTooShort']);
  assert.equal(weak.body.message, 'Le mot de passe doit contenir au moins 12 caractères.');
  const wrong = await activate('AAAA-BBBB-CCCC');
  assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalidActivationCode']);
  const done = await activate(issued.body.code.toLowerCase());
  assert.equal(done.status, 204);
  assert.equal((await activate(issued.body.code)).status, 401, 'a code works once');

  // Everything Paul had is gone; his new password signs him in, and he must set up a new factor
  assert.equal((await fixture.call('/auth/session', { token: paulBefore.setToken })).status, 401);
  assert.equal((await fixture.call('/auth/login', { body: PAUL, from: TRUSTED })).status, 401);
  const again = await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: NEW_PASSWORD },
    from: UNTRUSTED,
  });
  assert.equal(again.status, 200);
  assert.equal(again.body.status, 'enrol');

  await fixture.services.identity.settleAudit();
  const types = (await listAuditEvents(fixture.services.database.db, { accountId: fixture.paulId })).map(
    (e) => e.type,
  );
  for (const type of [
    'helpdesk.identityChecked',
    'helpdesk.activationIssued',
    'helpdesk.activationFailed',
    'password.changed',
    'secondFactor.removed',
    'session.revoked',
    'helpdesk.activationUsed',
  ]) {
    assert.ok(types.includes(type), type);
  }
  const log = fixture.logLines.join('\n');
  assert.ok(log.includes('web activation failed'), 'the fail2ban line');
  for (const secret of [NUMEN, issued.body.code, issued.body.code.replaceAll('-', ''), NEW_PASSWORD]) {
    assert.ok(!log.includes(secret), `${secret.slice(0, 3)}… must not be logged`);
  }
});

test('the helpdesk endpoints need a helpdesk or admin session, and never reach a global role', async (t) => {
  const { fixture, session } = await withHelpdesk(t);
  const lookup = (email: string, token?: string) =>
    fixture.call(`/admin/helpdesk/accounts?email=${encodeURIComponent(email)}`, { token, from: TRUSTED });
  const anonymous = await lookup(PAUL.email);
  assert.deepEqual([anonymous.status, anonymous.body.error], [401, 'signedOut']);
  const paul = await fixture.call('/auth/login', { body: PAUL, from: TRUSTED });
  const asPaul = await lookup(PAUL.email, paul.setToken);
  assert.deepEqual([asPaul.status, asPaul.body.error], [403, 'forbidden']);
  const code = await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/activation-code`, {
    body: { professionalCardSeen: true },
    token: paul.setToken,
    csrf: paul.body.csrfToken,
    from: TRUSTED,
  });
  assert.equal(code.status, 403);

  const admin = await fixture.services.identity.createAccount({
    email: 'admin@ac-test.fr',
    displayName: 'Admin',
    roles: [{ role: 'admin' }],
  });
  const seen = await lookup('admin@ac-test.fr', session.token);
  assert.equal(seen.body.canRecover, false, 'the helpdesk may read an admin, not recover one');
  const refused = await fixture.call(`/admin/helpdesk/accounts/${admin.id}/activation-code`, {
    body: { professionalCardSeen: true },
    ...session,
  });
  assert.deepEqual([refused.status, refused.body.error], [403, 'forbidden']);
  assert.equal((await lookup('nobody@ac-test.fr', session.token)).status, 404);

  // Past 5 wrong NUMENs, checking is locked for the hour.
  for (let index = 0; index < 5; index++) {
    await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/numen-check`, {
      body: { numen: '08E9501234ABD' },
      ...session,
    });
  }
  const locked = await fixture.call(`/admin/helpdesk/accounts/${fixture.paulId}/numen-check`, {
    body: { numen: NUMEN },
    ...session,
  });
  assert.deepEqual(
    [locked.status, locked.body.error, locked.headers['retry-after']],
    [429, 'numenCheckLocked', '3600'],
  );
});

test('the activation page works without JavaScript, escapes, and refuses cross-site posts', async (t) => {
  const { fixture, session } = await withHelpdesk(t);
  const page = await fixture.call('/activate?email=%22%3E%3Cscript%3E', {
    headers: { 'accept-language': 'en' },
  });
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/activate">/);
  assert.match(page.text, /value="&#34;&#62;&#60;script&#62;"/);
  assert.match(String(page.headers['content-security-policy']), /^default-src 'none'/);
  const code = await issueCode(fixture, session);
  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fixture.call('/activate', { raw: form(fields), headers: { ...FORM, ...headers }, from: UNTRUSTED });
  const fields = { email: PAUL.email, code, newPassword: NEW_PASSWORD, confirm: NEW_PASSWORD };

  const crossSite = await post(fields, { origin: 'https://evil.example' });
  assert.equal(crossSite.status, 403);
  const differ = await post({ ...fields, confirm: 'autre chose' });
  assert.equal(differ.status, 400);
  assert.match(differ.text, /Les deux mots de passe ne sont pas identiques/);
  const common = await post({ ...fields, newPassword: 'motdepasse123', confirm: 'motdepasse123' });
  assert.equal(common.status, 400);
  assert.match(common.text, /trop courant/);
  const wrong = await post({ ...fields, code: 'AAAA-BBBB-CCCC' });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /code d’activation incorrect/);
  assert.doesNotMatch(wrong.text, /AAAA-BBBB-CCCC/, 'a wrong code is not shown back');
  const done = await post(fields);
  assert.equal(done.status, 200);
  assert.match(done.text, /Mot de passe enregistré/);
  assert.match(done.text, /href="\/login"/);
  const signedIn = await fixture.call('/login', {
    raw: form({ email: PAUL.email, password: NEW_PASSWORD }),
    headers: FORM,
    from: TRUSTED,
  });
  assert.deepEqual([signedIn.status, signedIn.headers.location], [303, '/']);
});

test('wrong codes count against the shared login throttle', async (t) => {
  const { fixture, session } = await withHelpdesk(t);
  const code = await issueCode(fixture, session);
  const activate = (body: Record<string, string>) =>
    fixture.call('/auth/activate', { body, from: UNTRUSTED });
  assert.equal(
    (await activate({ email: PAUL.email, code: 'AAAA-BBBB-CCCC', newPassword: NEW_PASSWORD })).status,
    401,
  );
  const decision = fixture.services.loginThrottle.check(UNTRUSTED, PAUL.email);
  assert.ok(!decision.isLocked && decision.delayMs > 0, 'the next answer is delayed');
  // Past the lockout for this address, even the right code is refused at once.
  for (let index = 0; index < 10; index++)
    fixture.services.loginThrottle.recordFailure(`192.0.2.${index}`, PAUL.email);
  const locked = await activate({ email: PAUL.email, code, newPassword: NEW_PASSWORD });
  assert.deepEqual(
    [locked.status, locked.body.error, locked.headers['retry-after']],
    [429, 'loginLocked', '900'],
  );
  const bad = await fixture.call('/auth/activate', { body: { email: PAUL.email }, from: UNTRUSTED });
  assert.equal(bad.status, 400);
});

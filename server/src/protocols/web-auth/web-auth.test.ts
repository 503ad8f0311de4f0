// The /auth endpoints over real HTTP from two loopback addresses: 127.0.0.2 is a trusted network, 127.0.0.1 is
// not. The second-factor policy, the cookie's attributes, session fixation, CSRF, reauthentication, lockout,
// logout and the rule that no secret reaches the log.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { csrfTokenFor } from '#domain/identity';
import { Secret, TOTP } from 'otpauth';
import { openWebAuthFixture, PAUL, TRUSTED, UNTRUSTED, type WebAuthFixture } from './web-auth.fixture.ts';

/** What an authenticator app shows for `secret` at `timestamp`. */
const totpCode = (secret: string, timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

const login = (fixture: WebAuthFixture, from: string, extra: Record<string, unknown> = {}, headers = {}) =>
  fixture.call('/auth/login', {
    body: { email: PAUL.email, password: PAUL.password, ...extra },
    from,
    headers,
  });

/** Sign in from the school and set up an authenticator app; returns its secret. */
async function enrolTotp(fixture: WebAuthFixture): Promise<string> {
  const first = await login(fixture, TRUSTED);
  assert.equal(first.status, 200);
  const token = first.setToken ?? '';
  const csrf = first.body.csrfToken;
  const started = await fixture.call('/auth/second-factors/totp', {
    method: 'POST',
    token,
    csrf,
    from: TRUSTED,
  });
  assert.equal(started.status, 201);
  const code = totpCode(started.body.secret, fixture.clock.nowMs());
  const confirmed = await fixture.call('/auth/second-factors/totp/confirm', {
    body: { enrolmentId: started.body.enrolmentId, code, label: 'Téléphone' },
    token,
    csrf,
    from: TRUSTED,
  });
  assert.equal(confirmed.status, 201);
  assert.equal(confirmed.body.recoveryCodes.length, 10);
  fixture.clock.advance(60_000);
  return started.body.secret;
}

test('the second factor is skipped from a trusted network and required from anywhere else', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const atSchool = await login(fixture, TRUSTED);
  assert.equal(atSchool.status, 200);
  assert.equal(atSchool.body.status, 'signedIn');
  assert.equal(atSchool.body.session.secondFactor, 'trustedNetwork');
  assert.equal(atSchool.body.session.remoteAddress, TRUSTED);

  const fromHome = await login(fixture, UNTRUSTED);
  assert.equal(fromHome.status, 403);
  assert.equal(fromHome.body.error, 'secondFactorNotEnrolled');
  assert.match(fromHome.body.message, /^Une seconde vérification est exigée/);
  assert.equal(fromHome.setToken, undefined);

  const secret = await enrolTotp(fixture);
  const pending = await login(fixture, UNTRUSTED);
  assert.equal(pending.status, 200);
  assert.deepEqual(pending.body.methods, ['totp', 'recoveryCode']);
  const token = pending.setToken ?? '';
  // The pending session is not signed in.
  assert.equal((await fixture.call('/auth/session', { token, from: UNTRUSTED })).status, 401);

  const answer = (code: string, csrf?: string) =>
    fixture.call('/auth/second-factor', { body: { method: 'totp', code }, token, csrf, from: UNTRUSTED });
  assert.equal((await answer(totpCode(secret, fixture.clock.nowMs()))).status, 403, 'no CSRF token');
  const wrong = await answer('000000', pending.body.csrfToken);
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'wrongCode');
  const right = await answer(totpCode(secret, fixture.clock.nowMs()), pending.body.csrfToken);
  assert.equal(right.status, 200);
  assert.equal(right.body.session.secondFactor, 'totp');
  assert.ok(right.setToken && right.setToken !== token, 'a new token once signed in');
  assert.equal(
    (await fixture.call('/auth/session', { token, from: UNTRUSTED })).status,
    401,
    'the old one is dead',
  );
  const session = await fixture.call('/auth/session', { token: right.setToken, from: UNTRUSTED });
  assert.equal(session.status, 200);
  assert.equal(session.body.account.email, PAUL.email);
  assert.equal(session.body.isTrustedNetwork, false);
  assert.equal(session.body.csrfToken, right.body.csrfToken);
});

test('the cookie is __Host-, Secure, HttpOnly, SameSite=Lax; persistent unless on a shared computer', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const normal = await login(fixture, TRUSTED);
  const [cookie] = [normal.headers['set-cookie'] ?? []].flat();
  assert.match(
    cookie ?? '',
    /^__Host-vercors-session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=604800$/,
  );
  const shared = await login(fixture, TRUSTED, { sharedComputer: true });
  const [sharedCookie] = [shared.headers['set-cookie'] ?? []].flat();
  assert.doesNotMatch(sharedCookie ?? '', /Max-Age/, 'gone when the browser closes');
  assert.equal(shared.body.session.isSharedComputer, true);
  assert.equal(
    Date.parse(shared.body.session.idleExpiresAt) - fixture.clock.nowMs(),
    15 * 60_000,
    'a short idle timeout',
  );
});

test('a token planted before login is never adopted (session fixation)', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const planted = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const signedIn = await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: PAUL.password },
    token: planted,
    from: TRUSTED,
  });
  assert.equal(signedIn.status, 200);
  assert.notEqual(signedIn.setToken, planted);
  assert.equal((await fixture.call('/auth/session', { token: planted })).status, 401);
});

test('state-changing requests need the CSRF token of their own session', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const alice = await login(fixture, TRUSTED);
  const other = await login(fixture, TRUSTED);
  const token = alice.setToken ?? '';
  const create = (csrf?: string) =>
    fixture.call('/auth/app-passwords', {
      body: { name: 'iPhone', scope: 'mail' },
      token,
      csrf,
      from: TRUSTED,
    });
  const none = await create();
  assert.equal(none.status, 403);
  assert.equal(none.body.error, 'csrf');
  assert.equal((await create(other.body.csrfToken)).status, 403, 'another session’s token');
  const made = await create(alice.body.csrfToken);
  assert.equal(made.status, 201);
  assert.match(made.body.secret, /^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
  assert.equal(
    (await fixture.call(`/auth/app-passwords/${made.body.appPassword.id}`, { method: 'DELETE', token }))
      .status,
    403,
  );
  const listed = await fixture.call('/auth/app-passwords', { token });
  assert.deepEqual(
    listed.body.appPasswords.map((p: { name: string }) => p.name),
    ['iPhone'],
  );
  assert.equal(listed.body.appPasswords[0].secret, undefined, 'the secret is shown once');
  const revoked = await fixture.call(`/auth/app-passwords/${made.body.appPassword.id}`, {
    method: 'DELETE',
    token,
    csrf: alice.body.csrfToken,
  });
  assert.equal(revoked.status, 204);
});

test('sensitive changes need the password again after ten minutes', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const signedIn = await login(fixture, TRUSTED);
  const token = signedIn.setToken ?? '';
  const csrf = signedIn.body.csrfToken;
  fixture.clock.advance(11 * 60_000);
  const stale = await fixture.call('/auth/app-passwords', { body: { name: 'PC' }, token, csrf });
  assert.equal(stale.status, 403);
  assert.equal(stale.body.error, 'reauthenticate');
  const wrong = await fixture.call('/auth/reauthenticate', {
    body: { password: 'nope-nope-nope' },
    token,
    csrf,
  });
  assert.equal(wrong.status, 401);
  const right = await fixture.call('/auth/reauthenticate', {
    body: { password: PAUL.password },
    token,
    csrf,
  });
  assert.equal(right.status, 204);
  const made = await fixture.call('/auth/app-passwords', { body: { name: 'PC' }, token, csrf });
  assert.equal(made.status, 201);
  assert.equal(made.body.appPassword.scope, 'mail');
});

test('wrong passwords are refused alike, in the browser’s language; a locked address gets 429', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const unknown = await fixture.call('/auth/login', {
    body: { email: 'nobody@ac-test.fr', password: 'whatever-12345' },
  });
  const wrong = await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: 'whatever-12345' },
  });
  assert.deepEqual([unknown.status, unknown.body], [wrong.status, wrong.body]);
  assert.equal(wrong.status, 401);
  assert.match(wrong.body.message, /contactez l’assistance/);
  const english = await fixture.call('/auth/login', {
    body: { email: PAUL.email, password: 'whatever-12345' },
    headers: { 'accept-language': 'en-GB,en;q=0.9' },
  });
  assert.match(english.body.message, /^Wrong address or password/);
  // Credential stuffing from one address: past the limit every attempt is refused at once, even a right one.
  for (let index = 0; index < 20; index++)
    fixture.services.loginThrottle.recordFailure(UNTRUSTED, `user${index}@ac-test.fr`);
  const locked = await login(fixture, UNTRUSTED);
  assert.equal(locked.status, 429);
  assert.equal(locked.headers['retry-after'], '900');
  // The school's address is another address: Paul still signs in there.
  assert.equal((await login(fixture, TRUSTED)).status, 200);
});

test('bodies are checked: JSON only, bounded, with the fields they need', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const form = await fixture.call('/auth/login', {
    body: `email=${PAUL.email}&password=${PAUL.password}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.status, 400);
  assert.equal((await fixture.call('/auth/login', { body: { email: PAUL.email } })).status, 400);
  assert.equal(
    (await fixture.call('/auth/login', { body: { email: PAUL.email, password: 'x'.repeat(70_000) } })).status,
    400,
  );
});

test('logout, the list of sessions and ending the others', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const laptop = await login(fixture, TRUSTED, {}, { 'user-agent': 'Firefox' });
  const phone = await login(fixture, TRUSTED, {}, { 'user-agent': 'Safari iPhone' });
  const token = laptop.setToken ?? '';
  const csrf = laptop.body.csrfToken;
  const listed = await fixture.call('/auth/sessions', { token });
  assert.deepEqual(
    listed.body.sessions.map((s: { userAgent: string; current: boolean }) => [s.userAgent, s.current]).sort(),
    [
      ['Firefox', true],
      ['Safari iPhone', false],
    ],
  );
  const ended = await fixture.call('/auth/sessions/end-others', { method: 'POST', token, csrf });
  assert.deepEqual(ended.body, { ended: 1 });
  assert.equal((await fixture.call('/auth/session', { token: phone.setToken })).status, 401);
  const out = await fixture.call('/auth/logout', { method: 'POST', token, csrf });
  assert.equal(out.status, 204);
  assert.equal(out.setToken, '', 'the cookie is cleared');
  assert.equal((await fixture.call('/auth/session', { token })).status, 401);
});

test('a password change needs the current one, follows the policy and ends the other sessions', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const laptop = await login(fixture, TRUSTED);
  const phone = await login(fixture, TRUSTED);
  const token = laptop.setToken ?? '';
  const csrf = laptop.body.csrfToken;
  const change = (body: Record<string, unknown>, headers = {}) =>
    fixture.call('/auth/password', { body, token, csrf, from: TRUSTED, headers });
  const NEW = 'Marmotte-Glacier-Vercors-7';

  const wrong = await change({ currentPassword: 'not-my-password', newPassword: NEW });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'wrongPassword');
  const weak = await change(
    { currentPassword: PAUL.password, newPassword: 'court' },
    { 'accept-language': 'en' },
  );
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error, 'passwordTooShort');
  assert.match(weak.body.message, /at least \d+ characters/);
  const withoutCsrf = await fixture.call('/auth/password', {
    body: { currentPassword: PAUL.password, newPassword: NEW },
    token,
    from: TRUSTED,
  });
  assert.equal(withoutCsrf.status, 403);
  assert.equal(
    (await fixture.call('/auth/session', { token: phone.setToken })).status,
    200,
    'nothing changed yet',
  );

  const changed = await change({ currentPassword: PAUL.password, newPassword: NEW });
  assert.equal(changed.status, 204);
  assert.equal((await fixture.call('/auth/session', { token })).status, 200, 'this session goes on');
  assert.equal(
    (await fixture.call('/auth/session', { token: phone.setToken })).status,
    401,
    'the others end',
  );
  assert.equal((await login(fixture, TRUSTED)).status, 401, 'the old password no longer opens');
  assert.equal((await login(fixture, TRUSTED, { password: NEW })).status, 200);
  const events = await listAuditEvents(fixture.services.database.db, { accountId: fixture.paulId });
  const change_ = events.filter((event) => event.type === 'password.changed').at(-1);
  assert.deepEqual(change_?.details, { method: 'change' });
  assert.equal(change_?.actor?.accountId, fixture.paulId);
  assert.equal(change_?.remoteAddress, TRUSTED);
  assert.ok(
    events.some((event) => event.type === 'session.revoked' && event.details.reason === 'passwordChanged'),
  );
});

test('no password, code, secret or token reaches the log', async (t) => {
  const fixture = await openWebAuthFixture(t);
  await fixture.call('/auth/login', { body: { email: PAUL.email, password: 'Wrong-Password-1234' } });
  const secret = await enrolTotp(fixture);
  const pending = await login(fixture, UNTRUSTED);
  const code = totpCode(secret, fixture.clock.nowMs());
  const done = await fixture.call('/auth/second-factor', {
    body: { method: 'totp', code },
    token: pending.setToken,
    csrf: pending.body.csrfToken,
  });
  assert.equal(done.status, 200);
  const made = await fixture.call('/auth/app-passwords', {
    body: { name: 'PC' },
    token: done.setToken,
    csrf: csrfTokenFor(done.setToken ?? ''),
  });
  assert.equal(made.status, 201);
  const log = fixture.logLines.join('\n');
  assert.ok(log.includes('web login failed'), 'the fail2ban line is there');
  for (const secretText of [
    PAUL.password,
    'Wrong-Password-1234',
    secret,
    code,
    made.body.secret,
    done.setToken ?? '',
  ]) {
    assert.ok(
      secretText.length > 0 && !log.includes(secretText),
      `${secretText.slice(0, 3)}… must not be logged`,
    );
  }
});

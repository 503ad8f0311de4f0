// JMAP authentication over raw HTTP: Bearer and Basic with app passwords, the web session cookie with its CSRF
// token for state-changing requests, and the refusals' problem types.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrfTokenFor, WEB_SESSION_COOKIE } from '#domain/identity';
import { MAIL_USING, openJmapFixture, PAUL, readJson } from './jmap.fixture.ts';

const apiBody = (accountId: string) =>
  JSON.stringify({
    using: MAIL_USING,
    methodCalls: [['Mailbox/get', { accountId, ids: null, properties: ['name'] }, 'c1']],
  });
const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

test('an app password works as a Bearer token and with Basic; a calendar one is refused', async (t) => {
  const fixture = await openJmapFixture(t);
  const { identity } = fixture.services;
  const mail = await identity.createAppPassword(fixture.accounts.paul, { name: 'Client', scope: 'mail' }, {});
  const dav = await identity.createAppPassword(fixture.accounts.paul, { name: 'Agenda', scope: 'dav' }, {});
  for (const authorization of [`Bearer ${mail.secret}`, basic(PAUL.email, mail.secret)]) {
    const response = await fetch(`${fixture.base}/.well-known/jmap`, { headers: { authorization } });
    assert.equal(response.status, 200, authorization.split(' ')[0]);
    assert.equal((await readJson(response)).username, PAUL.email);
  }
  const scoped = await fetch(`${fixture.base}/.well-known/jmap`, {
    headers: { authorization: `Bearer ${dav.secret}` },
  });
  assert.equal(scoped.status, 401);
  assert.equal((await readJson(scoped)).type, 'urn:vercors:error:appPasswordScope');
  const unknown = await fetch(`${fixture.base}/.well-known/jmap`, {
    headers: { authorization: 'Bearer abcd-efgh-ijkm-npqr' },
  });
  assert.equal(unknown.status, 401);
  assert.equal((await readJson(unknown)).type, 'urn:vercors:error:unauthorized');
});

test('the account password is refused with what to do where app passwords are required', async (t) => {
  const fixture = await openJmapFixture(t, { env: { VERCORS_APP_PASSWORDS_REQUIRED: 'true' } });
  const response = await fetch(`${fixture.base}/.well-known/jmap`, {
    headers: { authorization: basic(PAUL.email, PAUL.password) },
  });
  assert.equal(response.status, 401);
  const problem = await readJson(response);
  assert.equal(problem.type, 'urn:vercors:error:appPasswordRequired');
  assert.match(problem.detail, /app password/);
});

test('the session cookie signs requests in; POST needs the CSRF token; a pending login is not signed in', async (t) => {
  const fixture = await openJmapFixture(t, { env: { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' } });
  const { identity } = fixture.services;
  const login = await identity.loginWithPassword({
    email: PAUL.email,
    password: PAUL.password,
    isSharedComputer: false,
    remoteAddress: '127.0.0.1',
    userAgent: 'test',
  });
  assert.equal(login.outcome, 'signedIn');
  if (login.outcome !== 'signedIn') return;
  const cookie = `theme=dark; ${WEB_SESSION_COOKIE}=${login.token}`;

  const session = await fetch(`${fixture.base}/.well-known/jmap`, { headers: { cookie } });
  assert.equal(session.status, 200);
  assert.equal((await readJson(session)).username, PAUL.email);

  const post = (headers: Record<string, string>) =>
    fetch(`${fixture.base}/jmap/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: apiBody(fixture.accounts.paul),
    });
  const forged = await post({ cookie });
  assert.equal(forged.status, 403);
  assert.equal((await readJson(forged)).type, 'urn:vercors:error:csrf');
  const wrong = await post({
    cookie,
    'x-csrf-token': csrfTokenFor('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
  });
  assert.equal(wrong.status, 403);
  const right = await post({ cookie, 'x-csrf-token': csrfTokenFor(login.token) });
  assert.equal(right.status, 200);
  assert.equal((await readJson(right)).methodResponses[0][0], 'Mailbox/get');

  // After logout the cookie is worth nothing.
  await identity.endWebSession(login.token, {});
  const after = await fetch(`${fixture.base}/.well-known/jmap`, { headers: { cookie } });
  assert.equal(after.status, 401);

  // A login still owing its second factor is not a signed-in session.
  const strict = await openJmapFixture(t);
  await strict.services.identity.addTrustedNetwork({ cidr: '127.0.0.0/8' }, {});
  await strict.services.identity.grantRole(PAUL.email, 'admin');
  const pending = await strict.services.identity.loginWithPassword({
    email: PAUL.email,
    password: PAUL.password,
    isSharedComputer: false,
    remoteAddress: '127.0.0.1',
    userAgent: 'test',
  });
  assert.equal(pending.outcome, 'enrol');
  if (pending.outcome !== 'enrol') return;
  const refused = await fetch(`${strict.base}/.well-known/jmap`, {
    headers: { cookie: `${WEB_SESSION_COOKIE}=${pending.token}` },
  });
  assert.equal(refused.status, 401);
});

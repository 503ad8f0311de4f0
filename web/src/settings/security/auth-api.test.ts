import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';
import { AuthRefusal, createAuthApi } from './auth-api.ts';

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(answers: (Response | Error)[]): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetcher = (url: string | URL | Request, init: RequestInit = {}) => {
    sent.push({ url: String(url), init });
    const answer = answers.shift();
    if (answer === undefined) return Promise.reject(new Error('no answer'));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { fetch: fetcher as typeof fetch, sent };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function api(answers: (Response | Error)[], token = 'csrf-1', locale = 'fr') {
  const fake = fakeFetch(answers);
  return {
    api: createAuthApi({ fetch: fake.fetch, csrfToken: () => token, locale: () => locale }),
    sent: fake.sent,
  };
}

const headersOf = (sent: Sent | undefined) => (sent?.init.headers ?? {}) as Record<string, string>;

test('a GET carries the cookie and the language, and no CSRF token', async () => {
  const { api: client, sent } = api([
    json({ appPasswords: [{ id: 'p1', name: 'Téléphone', scope: 'mail', createdAt: 'x', lastUsed: null }] }),
  ]);
  const list = await client.appPasswords();
  assert.equal(list[0]?.name, 'Téléphone');
  assert.equal(sent[0]?.url, '/auth/app-passwords');
  assert.equal(sent[0]?.init.method, 'GET');
  assert.equal(sent[0]?.init.credentials, 'same-origin');
  assert.equal(headersOf(sent[0])['Accept-Language'], 'fr');
  assert.equal(headersOf(sent[0])['X-CSRF-Token'], undefined);
  assert.equal(sent[0]?.init.body, undefined);
});

test('a change is JSON with the CSRF token of the moment', async () => {
  let token = 'before';
  const fake = fakeFetch([
    json({ appPassword: { id: 'p2', name: 'Tablette', scope: 'all' }, secret: 'abcd-efgh-jkmn-pqrs' }, 201),
    new Response(null, { status: 204 }),
  ]);
  const client = createAuthApi({ fetch: fake.fetch, csrfToken: () => token, locale: () => 'en' });
  const created = await client.createAppPassword('Tablette', 'all');
  assert.equal(created.secret, 'abcd-efgh-jkmn-pqrs');
  assert.equal(fake.sent[0]?.init.method, 'POST');
  assert.equal(headersOf(fake.sent[0])['X-CSRF-Token'], 'before');
  assert.equal(headersOf(fake.sent[0])['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(String(fake.sent[0]?.init.body)), { name: 'Tablette', scope: 'all' });
  token = 'after';
  await client.revokeAppPassword('p/2');
  assert.equal(fake.sent[1]?.url, '/auth/app-passwords/p%2F2');
  assert.equal(fake.sent[1]?.init.method, 'DELETE');
  assert.equal(headersOf(fake.sent[1])['X-CSRF-Token'], 'after');
});

test('a refusal keeps its code and the server’s message', async () => {
  const { api: client } = api([
    json(
      { error: 'passwordTooShort', message: 'Le mot de passe doit contenir au moins 12 caractères.' },
      400,
    ),
    json({ error: 'wrongPassword', message: 'Mot de passe incorrect.' }, 401),
    json(
      {
        error: 'reauthenticate',
        message: 'Pour cette modification, saisissez à nouveau votre mot de passe.',
      },
      403,
    ),
  ]);
  await assert.rejects(client.changePassword('old', 'short'), (error: unknown) => {
    assert.ok(error instanceof AuthRefusal);
    assert.equal(error.code, 'passwordTooShort');
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Le mot de passe doit contenir au moins 12 caractères.');
    return true;
  });
  // A wrong password is a 401 too, but not a signed-out session.
  await assert.rejects(client.reauthenticate('nope'), { name: 'AuthRefusal', code: 'wrongPassword' });
  await assert.rejects(client.startTotp(), { name: 'AuthRefusal', code: 'reauthenticate' });
});

test('an ended session is the shell’s SignedOutError', async () => {
  const { api: client } = api([
    json({ error: 'signedOut', message: 'Votre session a pris fin. Connectez-vous à nouveau.' }, 401),
  ]);
  await assert.rejects(client.sessions(), SignedOutError);
});

test('no answer, or an answer that is not ours, is a request error for the shell', async () => {
  const { api: client } = api([
    new TypeError('Failed to fetch'),
    new Response('<html>Bad gateway</html>', { status: 502 }),
    new Response('not json', { status: 200 }),
  ]);
  await assert.rejects(client.diagnostics(), (error: unknown) => {
    assert.ok(error instanceof JmapRequestError);
    assert.equal(error.type, 'network');
    return true;
  });
  await assert.rejects(client.diagnostics(), { name: 'JmapRequestError', type: 'http502' });
  await assert.rejects(client.diagnostics(), { name: 'JmapRequestError', type: 'notJson' });
});

test('the answers are read as the endpoints give them', async () => {
  const { api: client, sent } = api([
    json({ ended: 2 }),
    json({ factors: [{ id: 'f1', kind: 'totp', label: 'Téléphone' }], recoveryCodesLeft: 9 }),
    json({ recoveryCodes: ['aaaa-bbbb-cccc'] }, 201),
    json({ factor: { id: 'f2', kind: 'totp' }, recoveryCodes: null }, 201),
    json({ hasSecondFactor: false }),
  ]);
  assert.equal(await client.endOtherSessions(), 2);
  assert.deepEqual(await client.secondFactors(), {
    factors: [{ id: 'f1', kind: 'totp', label: 'Téléphone' }],
    recoveryCodesLeft: 9,
  });
  assert.deepEqual(await client.newRecoveryCodes(), ['aaaa-bbbb-cccc']);
  const setup = await client.confirmTotp('n1', '123 456', 'Téléphone');
  assert.equal(setup.recoveryCodes, null);
  assert.deepEqual(JSON.parse(String(sent[3]?.init.body)), {
    enrolmentId: 'n1',
    code: '123 456',
    label: 'Téléphone',
  });
  assert.deepEqual(await client.removeSecondFactor('f1'), { hasSecondFactor: false });
  assert.deepEqual(
    sent.map((request) => `${request.init.method} ${request.url}`),
    [
      'POST /auth/sessions/end-others',
      'GET /auth/second-factors',
      'POST /auth/recovery-codes',
      'POST /auth/second-factors/totp/confirm',
      'DELETE /auth/second-factors/f1',
    ],
  );
});

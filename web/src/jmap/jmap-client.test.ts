import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JmapMethodError, JmapRequestError, openJmapClient, SignedOutError } from './jmap-client.ts';

const SESSION = {
  capabilities: {},
  accounts: { A1: { name: 'claire', isPersonal: true, isReadOnly: false, accountCapabilities: {} } },
  primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A1' },
  username: 'claire@ac-test.fr',
  apiUrl: '/jmap/api',
  downloadUrl: '/jmap/download/{accountId}/{blobId}/{name}?type={type}',
  uploadUrl: '/jmap/upload/{accountId}',
  eventSourceUrl: '/jmap/eventsource?types={types}',
  state: 's1',
};

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(answers: Response[]): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetcher = (url: string | URL | Request, init: RequestInit = {}) => {
    sent.push({ url: String(url), init });
    const answer = answers.shift();
    return answer === undefined ? Promise.reject(new Error('no answer')) : Promise.resolve(answer);
  };
  return { fetch: fetcher as typeof fetch, sent };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

test('calls go in one POST with the CSRF token, and come back by call id', async () => {
  const { fetch, sent } = fakeFetch([
    json(SESSION),
    json({
      methodResponses: [
        ['Email/query', { ids: ['e1'] }, 'q'],
        ['Email/get', { list: [{ id: 'e1' }] }, 'g'],
      ],
      sessionState: 's1',
    }),
  ]);
  const client = await openJmapClient({ fetch, csrfToken: () => 'token-1' });
  assert.equal(client.accountId, 'A1');
  const results = await client.call([
    ['Email/query', { accountId: 'A1' }, 'q'],
    ['Email/get', { accountId: 'A1', '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' } }, 'g'],
  ]);
  assert.deepEqual(results.get('g'), { list: [{ id: 'e1' }] });
  const post = sent[1];
  assert.equal(post?.url, '/jmap/api');
  assert.equal(post?.init.method, 'POST');
  assert.equal((post?.init.headers as Record<string, string>)['X-CSRF-Token'], 'token-1');
  assert.equal(post?.init.credentials, 'same-origin');
  const body = JSON.parse(String(post?.init.body)) as { using: string[]; methodCalls: unknown[] };
  assert.ok(body.using.includes('urn:ietf:params:jmap:mail'));
  assert.equal(body.methodCalls.length, 2);
});

test('a method error, a signed-out session, a refused request and a dead network are told apart', async () => {
  const { fetch } = fakeFetch([
    json(SESSION),
    json({
      methodResponses: [['error', { type: 'invalidArguments', description: 'bad' }, 'q']],
      sessionState: 's',
    }),
    new Response('', { status: 401 }),
    json({ type: 'urn:ietf:params:jmap:error:limit', detail: 'too big' }, 400),
  ]);
  const client = await openJmapClient({ fetch, csrfToken: () => undefined });
  await assert.rejects(client.call([['Email/query', {}, 'q']]), (error: unknown) => {
    assert.ok(error instanceof JmapMethodError);
    assert.deepEqual([error.type, error.callId], ['invalidArguments', 'q']);
    return true;
  });
  await assert.rejects(client.call([['Email/query', {}, 'q']]), SignedOutError);
  await assert.rejects(client.call([['Email/query', {}, 'q']]), (error: unknown) => {
    assert.ok(error instanceof JmapRequestError);
    assert.deepEqual([error.status, error.type], [400, 'urn:ietf:params:jmap:error:limit']);
    return true;
  });
  await assert.rejects(client.call([['Email/query', {}, 'q']]), (error: unknown) => {
    assert.ok(error instanceof JmapRequestError);
    assert.equal(error.type, 'network');
    return true;
  });
});

test('a session without a mail account is refused at once', async () => {
  const { fetch } = fakeFetch([json({ ...SESSION, primaryAccounts: {} })]);
  await assert.rejects(openJmapClient({ fetch, csrfToken: () => undefined }), /noMailAccount/);
});

test('an implicit response under the same call id does not hide the call’s own', async () => {
  const { fetch } = fakeFetch([
    json(SESSION),
    json({
      methodResponses: [
        ['EmailSubmission/set', { created: { send: { id: 'S1' } } }, 's'],
        ['Email/set', { updated: { E1: null } }, 's'],
      ],
      sessionState: 's1',
    }),
  ]);
  const client = await openJmapClient({ fetch, csrfToken: () => undefined });
  const results = await client.call([['EmailSubmission/set', {}, 's']]);
  assert.deepEqual(results.get('s'), { created: { send: { id: 'S1' } } });
});

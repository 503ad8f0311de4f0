// The session resource, authentication and the request-level problems of RFC 8620 §2 and §3.6.1, over HTTP.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { JMAP_CORE_LIMITS } from './jmap-limits.ts';
import { sessionResource, sessionState } from './session-resource.ts';
import { MAIL_USING, openJmapFixture, PAUL, readJson } from './jmap.fixture.ts';

test('the session resource needs a login and describes the account, its limits and absolute URLs', async (t) => {
  const fixture = await openJmapFixture(t);
  const anonymous = await fetch(`${fixture.base}/.well-known/jmap`);
  assert.equal(anonymous.status, 401);
  assert.equal(
    anonymous.headers.get('www-authenticate'),
    'Basic realm="Vercors", charset="UTF-8", Bearer realm="Vercors"',
  );
  const wrong = await fetch(`${fixture.base}/.well-known/jmap`, {
    headers: { authorization: `Basic ${Buffer.from(`${PAUL.email}:nope`).toString('base64')}` },
  });
  assert.equal(wrong.status, 401);
  const garbled = await fetch(`${fixture.base}/jmap/session`, { headers: { authorization: 'Basic %%%' } });
  assert.equal(garbled.status, 401);

  for (const path of ['/.well-known/jmap', '/jmap/session']) {
    const response = await fetch(`${fixture.base}${path}`, {
      headers: { authorization: fixture.authorization('paul') },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('cache-control') ?? '', /no-store/);
    const session = await readJson(response);
    assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.core], JMAP_CORE_LIMITS);
    assert.deepEqual(Object.keys(session.accounts), [fixture.accounts.paul]);
    const account = session.accounts[fixture.accounts.paul];
    assert.equal(account.name, PAUL.email);
    assert.equal(account.isPersonal, true);
    assert.equal(account.isReadOnly, false);
    assert.deepEqual(account.accountCapabilities[JMAP_CAPABILITIES.mail].emailQuerySortOptions, [
      'receivedAt',
      'sentAt',
      'size',
      'subject',
    ]);
    assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.mail], fixture.accounts.paul);
    assert.equal(session.username, PAUL.email);
    assert.equal(session.apiUrl, `${fixture.base}/jmap/api`);
    assert.match(session.downloadUrl, /\{accountId\}.*\{blobId\}.*\{name\}.*\{type\}/);
    assert.match(session.uploadUrl, /\{accountId\}/);
    assert.match(session.eventSourceUrl, /\{types\}.*\{closeafter\}.*\{ping\}/);
    assert.match(session.state, /^[A-Za-z0-9_-]+$/);
  }
});

test('each account sees only itself, and another user’s account id is accountNotFound', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('marie') },
  });
  const session = await readJson(response);
  assert.deepEqual(Object.keys(session.accounts), [fixture.accounts.marie]);
  const { responses } = await fixture.api([['Mailbox/get', { accountId: fixture.accounts.marie }, 'a']]);
  assert.equal(responses[0]?.[0], 'error');
  assert.equal(responses[0]?.[1].type, 'accountNotFound');
});

test('request-level problems: notJSON, notRequest, unknownCapability and the limits', async (t) => {
  const fixture = await openJmapFixture(t);
  const post = async (body: string, contentType = 'application/json') => {
    const response = await fetch(`${fixture.base}/jmap/api`, {
      method: 'POST',
      headers: { authorization: fixture.authorization('paul'), 'content-type': contentType },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await readJson(response),
    };
  };
  const notJson = await post('{"using": [');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.type, 'urn:ietf:params:jmap:error:notJSON');
  assert.equal(notJson.body.status, 400);
  const wrongType = await post('{}', 'text/plain');
  assert.equal(wrongType.body.type, 'urn:ietf:params:jmap:error:notJSON');
  const charset = await post(
    JSON.stringify({ using: MAIL_USING, methodCalls: [] }),
    'application/json; charset=utf-8',
  );
  assert.equal(charset.status, 200);

  for (const body of [
    { methodCalls: [] },
    { using: MAIL_USING },
    { using: MAIL_USING, methodCalls: [['Core/echo', {}]] },
    { using: MAIL_USING, methodCalls: [['Core/echo', [], 'c']] },
    { using: 'urn:ietf:params:jmap:core', methodCalls: [] },
    [],
  ]) {
    const refused = await post(JSON.stringify(body));
    assert.equal(refused.status, 400, JSON.stringify(body));
    assert.equal(refused.body.type, 'urn:ietf:params:jmap:error:notRequest', JSON.stringify(body));
  }

  const unknown = await post(
    JSON.stringify({ using: [...MAIL_USING, 'urn:example:nothing'], methodCalls: [] }),
  );
  assert.equal(unknown.body.type, 'urn:ietf:params:jmap:error:unknownCapability');
  assert.match(unknown.body.detail, /urn:example:nothing/);

  const calls = Array.from({ length: JMAP_CORE_LIMITS.maxCallsInRequest + 1 }, (_, i) => [
    'Core/echo',
    {},
    `c${i}`,
  ]);
  const tooMany = await post(JSON.stringify({ using: MAIL_USING, methodCalls: calls }));
  assert.equal(tooMany.body.type, 'urn:ietf:params:jmap:error:limit');
  assert.equal(tooMany.body.limit, 'maxCallsInRequest');

  const huge = JSON.stringify({
    using: MAIL_USING,
    methodCalls: [['Core/echo', { pad: 'x'.repeat(JMAP_CORE_LIMITS.maxSizeRequest) }, 'c']],
  });
  const tooLarge = await post(huge);
  assert.equal(tooLarge.body.type, 'urn:ietf:params:jmap:error:limit');
  assert.equal(tooLarge.body.limit, 'maxSizeRequest');
});

test('method-level errors: unknownMethod, invalidArguments, and a failed call does not stop the next', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { status, body, responses } = await fixture.api([
    ['Core/echo', { hello: [1, 'deux', { trois: null }] }, 'echo'],
    ['Mailbox/fly', { accountId }, 'unknown'],
    ['Mailbox/get', { accountId, colour: 'blue' }, 'extra'],
    ['Mailbox/get', { accountId: 42 }, 'type'],
    ['Mailbox/get', { accountId, ids: ['not an id!'] }, 'id'],
    ['Mailbox/get', { accountId, properties: ['name', 'flavour'] }, 'property'],
    ['Mailbox/get', { accountId, ids: [] }, 'after'],
  ]);
  assert.equal(status, 200);
  assert.match(body.sessionState, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(responses[0], ['Core/echo', { hello: [1, 'deux', { trois: null }] }, 'echo']);
  assert.deepEqual(
    responses.slice(1).map(([name, args, id]) => [name, args.type ?? null, id]),
    [
      ['error', 'unknownMethod', 'unknown'],
      ['error', 'invalidArguments', 'extra'],
      ['error', 'invalidArguments', 'type'],
      ['error', 'invalidArguments', 'id'],
      ['error', 'invalidArguments', 'property'],
      ['Mailbox/get', null, 'after'],
    ],
  );
  assert.match(responses[2]?.[1].description, /colour/);
  assert.match(responses[5]?.[1].description, /flavour/);

  // A mail method without the mail capability in `using` is unknownMethod (RFC 8620 §3.3).
  const coreOnly = await fixture.api([['Mailbox/get', { accountId }, 'm']], {
    using: [JMAP_CAPABILITIES.core],
  });
  assert.equal(coreOnly.responses[0]?.[1].type, 'unknownMethod');
});

test('result references feed one call from another, and broken ones are invalidResultReference', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { responses } = await fixture.api([
    ['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'q'],
    [
      'Mailbox/get',
      { accountId, '#ids': { resultOf: 'q', name: 'Mailbox/query', path: '/ids' }, properties: ['role'] },
      'g',
    ],
    ['Mailbox/get', { accountId, '#ids': { resultOf: 'nope', name: 'Mailbox/query', path: '/ids' } }, 'r1'],
    ['Mailbox/get', { accountId, '#ids': { resultOf: 'q', name: 'Mailbox/get', path: '/ids' } }, 'r2'],
    ['Mailbox/get', { accountId, '#ids': { resultOf: 'q', name: 'Mailbox/query', path: '/nothing' } }, 'r3'],
    ['Mailbox/get', { accountId, '#ids': { resultOf: 'q', name: 'Mailbox/query' } }, 'r4'],
    [
      'Mailbox/get',
      { accountId, ids: [], '#ids': { resultOf: 'q', name: 'Mailbox/query', path: '/ids' } },
      'both',
    ],
    [
      'Mailbox/get',
      { accountId, '#ids': { resultOf: 'g', name: 'Mailbox/get', path: '/list/*/id' } },
      'star',
    ],
  ]);
  const [, get] = responses;
  assert.equal(get?.[0], 'Mailbox/get');
  assert.deepEqual(
    get?.[1].list.map((mailbox: { role: string }) => mailbox.role),
    ['inbox'],
  );
  assert.deepEqual(
    responses.slice(2, 7).map(([, args]) => args.type),
    [
      'invalidResultReference',
      'invalidResultReference',
      'invalidResultReference',
      'invalidResultReference',
      'invalidArguments',
    ],
  );
  assert.deepEqual(
    responses[7]?.[1].list.map((mailbox: { id: string }) => mailbox.id),
    get?.[1].list.map((m: { id: string }) => m.id),
  );
});

test('the state every response carries is the session resource’s, and moves with the day and the origin', () => {
  const principal = { accountId: 'acc1', email: 'paul@ac-test.fr', displayName: 'Paul' };
  const origin = 'https://mail.ac-test.fr';
  const day = Date.parse('2026-09-01T08:00:00Z');
  for (const nowMs of [day, day + 3_600_000, day + 86_400_000])
    assert.equal(sessionState(principal, origin, nowMs), sessionResource(principal, origin, nowMs).state);
  assert.equal(sessionState(principal, origin, day), sessionState(principal, origin, day + 3_600_000));
  assert.notEqual(sessionState(principal, origin, day), sessionState(principal, origin, day + 86_400_000));
  assert.notEqual(
    sessionState(principal, origin, day),
    sessionState(principal, 'http://127.0.0.1:8080', day),
  );
  assert.notEqual(
    sessionState(principal, origin, day),
    sessionState({ ...principal, email: 'paul.martin@ac-test.fr' }, origin, day),
  );
});

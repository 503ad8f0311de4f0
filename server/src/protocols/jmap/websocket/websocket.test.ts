// JMAP over WebSocket (RFC 8887), from a real client on loopback: the session advertises it, requests are
// answered with their id, errors are RequestErrors, push sends StateChanges with a pushState a new connection
// resumes from, and an upgrade without login, without the jmap subprotocol or from another site is refused.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import WebSocket from 'ws';
import { type JmapFixture, MAIL_USING, openJmapFixture, readJson } from '../jmap.fixture.ts';
import { CLOSE_CODES, MAX_WEBSOCKETS_PER_ACCOUNT } from './websocket-session.ts';

const MESSAGE = 'From: marie@ac-test.fr\nTo: paul@ac-test.fr\nSubject: Réunion\n\nBonjour\n';

interface Client {
  /** The next message, parsed, within a deadline. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  send(message: unknown): void;
  readonly socket: WebSocket;
}

async function connect(fixture: JmapFixture, headers: Record<string, string> = {}): Promise<Client> {
  const socket = new WebSocket(`${fixture.base.replace('http', 'ws')}/jmap/ws`, ['jmap'], {
    headers: { authorization: fixture.authorization('paul'), ...headers },
  });
  const received: Record<string, unknown>[] = [];
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next(timeoutMs = 3000) {
      const ready = received.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message in time')), timeoutMs);
        waiting.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
  };
}

/** The HTTP status an upgrade is refused with. */
async function refusedWith(
  url: string,
  protocols: string[],
  headers: Record<string, string>,
): Promise<number> {
  const socket = new WebSocket(url, protocols, { headers });
  return await new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('error', () => undefined);
  });
}

test('the session advertises the WebSocket; requests are answered with their id, in order', async (t) => {
  const fixture = await openJmapFixture(t);
  const session = await readJson(
    await fetch(`${fixture.base}/jmap/session`, {
      headers: { authorization: fixture.authorization('paul') },
    }),
  );
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.websocket], {
    url: `${fixture.base.replace('http', 'ws')}/jmap/ws`,
    supportsPush: true,
  });
  const client = await connect(fixture);
  t.after(() => client.socket.close());
  assert.equal(client.socket.protocol, 'jmap');
  const accountId = fixture.accounts.paul;
  client.send({
    '@type': 'Request',
    id: 'r1',
    using: MAIL_USING,
    methodCalls: [['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'q']],
  });
  client.send({
    '@type': 'Request',
    id: 'r2',
    using: MAIL_USING,
    methodCalls: [['Core/echo', { n: 2 }, 'e']],
  });
  const first = await client.next();
  assert.equal(first['@type'], 'Response');
  assert.equal(first.requestId, 'r1');
  assert.equal(first.sessionState, session.state);
  const [name, result] = (first.methodResponses as [string, { ids: string[] }][])[0] ?? [];
  assert.equal(name, 'Mailbox/query');
  assert.equal(result?.ids.length, 1);
  const second = await client.next();
  assert.deepEqual([second.requestId, second.methodResponses], ['r2', [['Core/echo', { n: 2 }, 'e']]]);
});

test('malformed messages are RequestErrors; a binary frame closes the connection', async (t) => {
  const fixture = await openJmapFixture(t);
  const client = await connect(fixture);
  client.send('{not json');
  const notJson = await client.next();
  assert.deepEqual(
    [notJson['@type'], notJson.type, notJson.status],
    ['RequestError', 'urn:ietf:params:jmap:error:notJSON', 400],
  );
  client.send({ '@type': 'Hello', id: 'h' });
  const unknownType = await client.next();
  assert.deepEqual([unknownType.requestId, unknownType.type], ['h', 'urn:ietf:params:jmap:error:notRequest']);
  client.send({ '@type': 'Request', id: 'c', using: ['urn:example:nothing'], methodCalls: [] });
  const capability = await client.next();
  assert.deepEqual(
    [capability.requestId, capability.type],
    ['c', 'urn:ietf:params:jmap:error:unknownCapability'],
  );

  const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
  client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
  assert.equal(await closed, 1003);
});

test('push: StateChange on a delivery, and a new connection resumes from its pushState', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const client = await connect(fixture);
  client.send({ '@type': 'WebSocketPushEnable', dataTypes: ['Email', 'Mailbox'] });
  // The states this connection starts from are read before a message is delivered: ask for something first.
  client.send({ '@type': 'Request', id: 'sync', using: MAIL_USING, methodCalls: [['Core/echo', {}, 'e']] });
  await client.next();
  await fixture.deliver('paul', MESSAGE);
  const change = await client.next();
  assert.equal(change['@type'], 'StateChange');
  const changed = (change.changed as Record<string, Record<string, string>>)[accountId];
  assert.deepEqual(Object.keys(changed ?? {}).sort(), ['Email', 'Mailbox']);
  assert.equal(typeof change.pushState, 'string');
  client.socket.close();

  // Away: another delivery. Back with the pushState: told at once what moved.
  await fixture.deliver('paul', MESSAGE);
  const again = await connect(fixture);
  t.after(() => again.socket.close());
  again.send({ '@type': 'WebSocketPushEnable', dataTypes: null, pushState: change.pushState });
  const resumed = await again.next();
  assert.equal(resumed['@type'], 'StateChange');
  const moved = (resumed.changed as Record<string, Record<string, string>>)[accountId] ?? {};
  assert.ok(moved.Email !== undefined && moved.Email !== changed?.Email, JSON.stringify(resumed));
  // Types the old pushState did not hold are reported too (dataTypes null: all).
  assert.ok('Quota' in moved);

  again.send({ '@type': 'WebSocketPushDisable' });
  again.send({ '@type': 'Request', id: 'after', using: MAIL_USING, methodCalls: [['Core/echo', {}, 'e']] });
  assert.equal((await again.next()).requestId, 'after');
  await fixture.deliver('paul', MESSAGE);
  await assert.rejects(again.next(300), /no message in time/);
});

test('upgrades without login, without the jmap subprotocol, from another site or elsewhere are refused', async (t) => {
  const fixture = await openJmapFixture(t);
  const url = `${fixture.base.replace('http', 'ws')}/jmap/ws`;
  const login = { authorization: fixture.authorization('paul') };
  assert.equal(await refusedWith(url, ['jmap'], {}), 401);
  assert.equal(await refusedWith(url, ['jmap'], { authorization: 'Basic eDp5' }), 401);
  assert.equal(await refusedWith(url, ['chat'], login), 400);
  assert.equal(await refusedWith(url, ['jmap'], { ...login, origin: 'https://evil.example' }), 403);
  assert.equal(await refusedWith(`${fixture.base.replace('http', 'ws')}/jmap/other`, ['jmap'], login), 404);
  // The page's own origin is welcome.
  const own = await connect(fixture, { origin: fixture.base });
  own.socket.close();
});

test('an account holds a bounded number of connections; a closed one frees its place', async (t) => {
  const fixture = await openJmapFixture(t);
  const clients: Client[] = [];
  t.after(() => {
    for (const client of clients) client.socket.terminate();
  });
  for (let index = 0; index < MAX_WEBSOCKETS_PER_ACCOUNT; index++) clients.push(await connect(fixture));
  const extra = await connect(fixture);
  const closed = await new Promise<number>((resolve) => extra.socket.once('close', (code) => resolve(code)));
  assert.equal(closed, CLOSE_CODES.policy);
  const first = clients.shift();
  assert.ok(first);
  await new Promise<void>((resolve) => {
    first.socket.once('close', () => resolve());
    first.socket.close();
  });
  // The server counts the close once it sees it: wait for the place to be free, within a bound.
  for (let attempt = 0; attempt < 50; attempt++) {
    const next = await connect(fixture);
    const code = await Promise.race([
      new Promise<number>((resolve) => next.socket.once('close', (value) => resolve(value))),
      new Promise<number>((resolve) => setTimeout(() => resolve(0), 200)),
    ]);
    if (code === 0) {
      clients.push(next);
      return;
    }
  }
  assert.fail('the closed connection never freed its place');
});

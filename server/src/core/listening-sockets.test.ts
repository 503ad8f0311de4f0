import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { boundPort, ListenerSockets, listenOn, type Admission } from './listening-sockets.ts';

/** A loopback server whose accepted sockets go through `sockets`; the admissions in arrival order. */
async function serve(sockets: ListenerSockets) {
  const admissions: Admission[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    admissions.push(sockets.admit(socket));
  });
  await listenOn(server, { host: '127.0.0.1', port: 0 });
  return { server, admissions, port: boundPort(server) };
}

async function open(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return socket;
}

test('counts sockets in total and per address, and forgets them as they close', async (t) => {
  const sockets = new ListenerSockets(() => ({ maxConnections: 3, maxConnectionsPerIp: 2 }));
  const { server, admissions, port } = await serve(sockets);
  t.after(() => server.close());
  const clients = [await open(port), await open(port), await open(port)];
  const until = Date.now() + 5000;
  while (admissions.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(
    admissions,
    ['ok', 'ok', 'perIp'],
    'the third from 127.0.0.1 is over the per-address limit',
  );
  assert.equal(sockets.size, 3, 'a refused socket counts until it closes');
  for (const client of clients) client.destroy();
  assert.equal(await sockets.drain(5000), 0, 'every socket left by itself');
  assert.equal(sockets.size, 0);
});

test('drain cuts the sockets still open at the grace period and says how many', async (t) => {
  const sockets = new ListenerSockets(() => ({ maxConnections: 10, maxConnectionsPerIp: 10 }));
  const { server, admissions, port } = await serve(sockets);
  t.after(() => server.close());
  const client = await open(port);
  const closed = once(client, 'close');
  const until = Date.now() + 5000;
  while (admissions.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await sockets.drain(100), 1);
  await closed;
});

test('listenOn rejects with the bind error', async (t) => {
  const first = createServer();
  await listenOn(first, { host: '127.0.0.1', port: 0 });
  t.after(() => first.close());
  await assert.rejects(listenOn(createServer(), { host: '127.0.0.1', port: boundPort(first) }), /EADDRINUSE/);
});

import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { createServer, connect as netConnect } from 'node:net';
import { after, describe, test } from 'node:test';
import { silentLogger } from '#core/log';
import { createHttpListener, type HttpListener } from './http-listener.ts';

const log = silentLogger();
const HOST = '127.0.0.1';

/** A free loopback port: bind port 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function get(port: number, path: string, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: HOST, port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connectFails(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** A fetch whose /slow answers after `ms`, so a request stays in flight as long as the test wants. */
function slowFetch(ms: number) {
  return async (request: Request) => {
    if (new URL(request.url).pathname === '/slow')
      await new Promise((resolve) => setTimeout(resolve, ms).unref());
    return new Response('done');
  };
}

const open: HttpListener[] = [];

after(async () => {
  await Promise.all(open.map((listener) => listener.close(0)));
});

async function listening(options: { fetch: (request: Request) => Promise<Response> }) {
  const port = await freePort();
  const listener = createHttpListener({
    name: 'http',
    address: { host: HOST, port },
    fetch: options.fetch as never,
    log,
  });
  open.push(listener);
  await listener.listen();
  return { listener, port };
}

describe('HTTP listener', { timeout: 20_000 }, () => {
  test('it serves the app and reports itself up', async () => {
    const { listener, port } = await listening({ fetch: slowFetch(0) });
    assert.equal(listener.address, `${HOST}:${port}`);
    assert.equal(listener.isUp(), true);
    assert.deepEqual(await get(port, '/'), { status: 200, body: 'done' });
  });

  test('binding an address in use fails with EADDRINUSE', async () => {
    const { port } = await listening({ fetch: slowFetch(0) });
    const second = createHttpListener({
      name: 'http',
      address: { host: HOST, port },
      fetch: slowFetch(0) as never,
      log,
    });
    await assert.rejects(second.listen(), { code: 'EADDRINUSE' });
    assert.equal(second.isUp(), false);
  });

  test('close stops accepting at once and lets a request in flight finish', async () => {
    const { listener, port } = await listening({ fetch: slowFetch(600) });
    const agent = new Agent({ keepAlive: true });
    const inFlight = get(port, '/slow', agent);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    const closed = listener.close(10_000);
    assert.equal(listener.isUp(), false);
    assert.equal(await connectFails(port), 'ECONNREFUSED');
    assert.deepEqual(await inFlight, { status: 200, body: 'done' });
    // The keep-alive connection is closed once idle, well before the grace period.
    assert.deepEqual(await closed, { cut: 0 });
    assert.ok(Date.now() - started < 3_000, 'closed as soon as the request was done');
    agent.destroy();
  });

  test('close cuts what is still open when the grace period ends', async () => {
    const { listener, port } = await listening({ fetch: slowFetch(5_000) });
    const inFlight = get(port, '/slow').catch((error: NodeJS.ErrnoException) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    assert.deepEqual(await listener.close(300), { cut: 1 });
    assert.ok(Date.now() - started < 2_000);
    assert.equal(await inFlight, 'ECONNRESET');
  });
});

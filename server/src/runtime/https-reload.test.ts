// The runtime's TLS wiring end to end inside one process: the provider's reload reaches an HTTPS listener,
// which presents the new certificate to new handshakes while connections already open keep working.

import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import { systemClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { createHttpListener, type HttpListener } from '#protocols/http';
import { createTlsContextProvider, ensureSelfSignedCertificate, MIN_TLS_VERSION } from './tls/index.ts';

const log = silentLogger();
const HOST = '127.0.0.1';
let root: string;
let listener: HttpListener | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-https-reload-'));
});
after(async () => {
  await listener?.close(0);
  await rm(root, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function handshake(port: number): Promise<{ socket: TLSSocket; commonName: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port, servername: 'localhost', rejectUnauthorized: false }, () =>
      resolve({ socket, commonName: String(socket.getPeerCertificate().subject.CN) }),
    );
    socket.once('error', reject);
  });
}

test('a reloaded certificate reaches new HTTPS handshakes without closing open connections', {
  timeout: 20_000,
}, async () => {
  const one = await ensureSelfSignedCertificate({
    dataDir: join(root, 'one'),
    hostname: 'one.test',
    clock: systemClock,
    log,
  });
  const two = await ensureSelfSignedCertificate({
    dataDir: join(root, 'two'),
    hostname: 'two.test',
    clock: systemClock,
    log,
  });
  const settings = { dataDir: root, hostname: 'localhost', certificate: 'live.pem', privateKey: 'live.key' };
  await copyFile(one.certificatePath, join(root, 'live.pem'));
  await copyFile(one.privateKeyPath, join(root, 'live.key'));
  const provider = await createTlsContextProvider(settings, log);

  const port = await freePort();
  const material = provider.material();
  listener = createHttpListener({
    name: 'https',
    address: { host: HOST, port },
    fetch: (() => new Response('ok')) as never,
    tls: { certificate: material.certificate, privateKey: material.privateKey, minVersion: MIN_TLS_VERSION },
    log,
  });
  provider.onChange((next) => listener?.setCertificate(next));
  await listener.listen();

  const before = await handshake(port);
  assert.equal(before.commonName, 'one.test');

  await copyFile(two.certificatePath, join(root, 'live.pem'));
  await copyFile(two.privateKeyPath, join(root, 'live.key'));
  await provider.reload(settings);
  const afterReload = await handshake(port);
  assert.equal(afterReload.commonName, 'two.test');
  afterReload.socket.destroy();

  before.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  const reply = await new Promise<string>((resolve) => {
    let text = '';
    before.socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    before.socket.on('end', () => resolve(text));
  });
  assert.match(reply, /^HTTP\/1\.1 200 /);
  assert.match(reply, /\r\n\r\nok$/);
});

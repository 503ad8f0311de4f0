// `vercors serve` as an operator runs it: two workers behind one address, /health and /metrics for the
// whole node, SIGHUP reloading the configuration and the certificate, SIGTERM draining in-flight
// requests, and a clear refusal when the address is taken. Everything over sockets, signals and files.

import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { freeLoopbackPort, waitForHttp } from './loopback.ts';
import { ALL_LISTENERS_OFF, startVercors, within, type VercorsProcess } from './vercors-server.ts';

const HOST = '127.0.0.1';
const HEALTH_DEADLINE_MS = 30_000;
/** A reload is a file read and a certificate load per worker: seconds at most, even on a slow machine. */
const RELOAD_DEADLINE_MS = 15_000;
/** The header the preloaded hook (hooks/delay-requests.ts) reads; the hook is never imported here. */
const DELAY_HEADER = 'x-e2e-delay-ms';
const DELAY_HOOK = join(import.meta.dirname, 'hooks', 'delay-requests.ts');

let root: string;
let dataDir: string;
let httpPort: number;
let httpsPort: number;
let unservedPort: number;
let server: VercorsProcess;
const started: VercorsProcess[] = [];
const blockers: Server[] = [];

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: HOST, port: httpPort, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a TLS connection to the HTTPS listener and read the certificate it presents. */
function tlsSession(): Promise<{ socket: TLSSocket; commonName: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: HOST, port: httpsPort, servername: 'localhost', rejectUnauthorized: false },
      () => {
        const certificate = socket.getPeerCertificate();
        resolve({
          socket,
          commonName: String(certificate.subject.CN),
          fingerprint: certificate.fingerprint256,
        });
      },
    );
    socket.once('error', reject);
  });
}

async function servedCommonName(): Promise<string> {
  const { socket, commonName } = await tlsSession();
  socket.destroy();
  return commonName;
}

/** Poll the HTTPS listener until it presents `commonName`; bounded by RELOAD_DEADLINE_MS. */
async function waitForCommonName(commonName: string): Promise<void> {
  const until = Date.now() + RELOAD_DEADLINE_MS;
  let last = '';
  while (Date.now() < until) {
    last = await servedCommonName();
    if (last === commonName) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`HTTPS still presents ${last}, not ${commonName}:\n${server.stdout()}`);
}

function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const writeConfig = (lines: readonly string[]) =>
  writeFile(join(dataDir, 'vercors.conf'), `${lines.join('\n')}\n`);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-serve-e2e-'));
  dataDir = join(root, 'data');
  [httpPort, httpsPort, unservedPort] = [
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
  ];
});

after(async () => {
  for (const child of started) child.kill();
  await Promise.all(started.map((child) => within(child.exited, 5_000, 'child exit').catch(() => undefined)));
  for (const blocker of blockers) blocker.close();
  await rm(root, { recursive: true, force: true });
});

describe('vercors serve with two workers', { timeout: 120_000 }, () => {
  before(async () => {
    await mkdir(dataDir, { recursive: true });
    await writeConfig(['hostname = one.test']);
    server = startVercors(['serve', '--workers', '2'], {
      execArgv: ['--import', DELAY_HOOK],
      env: {
        ...ALL_LISTENERS_OFF,
        VERCORS_DATA: dataDir,
        VERCORS_LOCALE: 'en',
        VERCORS_LISTEN_HTTP: `${HOST}:${httpPort}`,
        VERCORS_LISTEN_HTTPS: `${HOST}:${httpsPort}`,
        // A listener this build does not serve yet: warned about once, never bound.
        VERCORS_LISTEN_MANAGESIEVE: `${HOST}:${unservedPort}`,
        VERCORS_SHUTDOWN_GRACE_SECONDS: '20',
      },
    });
    started.push(server);
  });

  test('/health answers 200 within 30 seconds, for every listener and the storage', async () => {
    const health = await waitForHttp(`http://${HOST}:${httpPort}/health`, HEALTH_DEADLINE_MS);
    assert.equal(health.status, 200, `no healthy answer:\n${server.stdout()}\n${server.stderr()}`);
    const report = JSON.parse(health.body) as {
      status: string;
      listeners: { name: string; address: string; isUp: boolean }[];
      storage: { dialect: string; isUp: boolean };
    };
    assert.equal(report.status, 'ok');
    assert.deepEqual(
      report.listeners.map((l) => [l.name, l.address, l.isUp]),
      [
        ['http', `${HOST}:${httpPort}`, true],
        ['https', `${HOST}:${httpsPort}`, true],
      ],
    );
    assert.deepEqual([report.storage.dialect, report.storage.isUp], ['sqlite', true]);
  });

  test('the web address is printed for a person, and logs are JSON lines', async () => {
    await server.waitForOutput(new RegExp(`Vercors is ready: http://127\\.0\\.0\\.1:${httpPort}/`), 10_000);
    const jsonLines = server
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    assert.ok(jsonLines.length > 0);
    for (const line of jsonLines) assert.doesNotThrow(() => JSON.parse(line), line);
  });

  test('a configured listener this build does not serve is warned about once and left unbound', async () => {
    const warnings = server.stdout().match(/not served by this build yet/g) ?? [];
    assert.equal(warnings.length, 1);
    assert.match(server.stdout(), new RegExp(`listen\\.managesieve \\(127\\.0\\.0\\.1:${unservedPort}\\)`));
    assert.equal(await connectOutcome(unservedPort), 'ECONNREFUSED');
  });

  test('/metrics describes the whole node, each worker labelled, whichever worker answers', async () => {
    for (let i = 0; i < 4; i++) await get('/health');
    for (let i = 0; i < 3; i++) {
      const page = await get('/metrics');
      assert.equal(page.status, 200);
      for (const worker of ['1', '2']) {
        assert.match(page.body, new RegExp(`process_resident_memory_bytes\\{worker="${worker}"\\} \\d+`));
        assert.match(page.body, new RegExp(`vercors_metrics_worker_up\\{worker="${worker}"\\} 1`));
        assert.match(page.body, new RegExp(`vercors_store_up\\{worker="${worker}",dialect="sqlite"\\} 1`));
      }
      assert.match(page.body, /process_resident_memory_bytes\{worker="primary"\} \d+/);
      assert.match(page.body, /vercors_workers\{state="ready"\} 2/);
      assert.match(
        page.body,
        /vercors_http_requests_total\{worker="\d",method="GET",route="\/health",status="200"\} \d+/,
      );
      assert.equal(page.body.match(/^# TYPE process_resident_memory_bytes gauge$/gm)?.length, 1);
      // SQLite's write lock, waited for and held, as histograms summed over the workers.
      for (const name of ['vercors_store_write_lock_wait_seconds', 'vercors_store_write_lock_held_seconds'])
        assert.equal(page.body.match(new RegExp(`^# TYPE ${name} histogram$`, 'gm'))?.length, 1, name);
    }
  });

  test('a worker killed by the system is forked again and the node heals', async () => {
    const { pid, worker } = JSON.parse((await get('/health')).body) as { pid: number; worker: number };
    process.kill(pid, 'SIGKILL');
    const until = Date.now() + 15_000;
    let page = '';
    while (Date.now() < until) {
      page = (await get('/metrics').catch(() => ({ body: '' }))).body;
      if (
        page.includes(`vercors_worker_restarts_total{worker="${worker}"} 1`) &&
        /vercors_workers\{state="ready"\} 2/.test(page)
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(page, new RegExp(`vercors_worker_restarts_total\\{worker="${worker}"\\} 1`));
    assert.match(page, /vercors_workers\{state="ready"\} 2/);
    const health = JSON.parse((await get('/health')).body) as { status: string; pid: number };
    assert.equal(health.status, 'ok');
    assert.match(server.stdout(), /"msg":"worker exited; restarting it"/);
  });

  test('SIGHUP applies a new host name: HTTPS presents a new certificate, open connections stay up', async () => {
    assert.equal(await servedCommonName(), 'one.test');
    await copyFile(join(dataDir, 'tls', 'self-signed.pem'), join(root, 'one.pem'));
    await copyFile(join(dataDir, 'tls', 'self-signed.key'), join(root, 'one.key'));
    const open = await tlsSession();

    await writeConfig(['hostname = two.test']);
    process.kill(server.pid, 'SIGHUP');
    await waitForCommonName('two.test');
    await copyFile(join(dataDir, 'tls', 'self-signed.pem'), join(root, 'two.pem'));
    await copyFile(join(dataDir, 'tls', 'self-signed.key'), join(root, 'two.key'));

    // The connection opened before the reload still serves requests, with its original certificate.
    open.socket.write(`GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    const reply = await within(
      new Promise<string>((resolve) => {
        let text = '';
        open.socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        open.socket.on('end', () => resolve(text));
      }),
      5_000,
      'reply on the connection opened before the reload',
    );
    assert.match(reply, /^HTTP\/1\.1 200 /);
    assert.equal(open.commonName, 'one.test');
  });

  test('SIGHUP applies tls.certificate and tls.private-key, and picks up replaced files', async () => {
    const certificate = join(root, 'live.pem');
    const privateKey = join(root, 'live.key');
    await copyFile(join(root, 'one.pem'), certificate);
    await copyFile(join(root, 'one.key'), privateKey);
    await writeConfig([
      'hostname = two.test',
      `tls.certificate = ${certificate}`,
      `tls.private-key = ${privateKey}`,
    ]);
    process.kill(server.pid, 'SIGHUP');
    await waitForCommonName('one.test');

    // Certificate renewal as certbot does it: new files at the same paths, then SIGHUP.
    await copyFile(join(root, 'two.pem'), certificate);
    await copyFile(join(root, 'two.key'), privateKey);
    process.kill(server.pid, 'SIGHUP');
    await waitForCommonName('two.test');
  });

  test('SIGHUP with a bad configuration keeps the previous one and logs every problem', async () => {
    const from = server.stdout().length;
    await writeConfig(['hostname = not a host name', 'workers = many']);
    process.kill(server.pid, 'SIGHUP');
    await server.waitForOutput(/configuration reload refused/, RELOAD_DEADLINE_MS, from);
    const problems =
      server
        .stdout()
        .slice(from)
        .match(/"msg":"configuration problem"/g) ?? [];
    assert.equal(problems.length, 2);
    assert.match(server.stdout().slice(from), /hostname/);
    assert.match(server.stdout().slice(from), /workers/);

    // A key that does not match the certificate: refused, the served pair stays.
    const from2 = server.stdout().length;
    await writeConfig([
      'hostname = two.test',
      `tls.certificate = ${join(root, 'two.pem')}`,
      `tls.private-key = ${join(root, 'one.key')}`,
    ]);
    process.kill(server.pid, 'SIGHUP');
    await server.waitForOutput(/TLS reload refused/, RELOAD_DEADLINE_MS, from2);
    assert.equal(await servedCommonName(), 'two.test');
    assert.equal((await get('/health')).status, 200);
  });

  test('SIGTERM stops accepting, lets the request in flight finish, and exits 0 promptly', async () => {
    const inFlight = get('/health', { [DELAY_HEADER]: '1500' });
    await server.waitForOutput(/e2e-hook: holding \/health/, 5_000);
    const signalled = Date.now();
    process.kill(server.pid, 'SIGTERM');

    // New connections are refused while the held request is still in flight.
    let outcome = '';
    for (let i = 0; i < 50 && outcome !== 'ECONNREFUSED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outcome = await connectOutcome(httpPort);
    }
    assert.equal(outcome, 'ECONNREFUSED');

    // The held request is answered (503: its listener is going down, so a load balancer drains it).
    const answer = await within(inFlight, 10_000, 'the in-flight request');
    assert.equal(answer.status, 503);
    const report = JSON.parse(answer.body) as { status: string; listeners: { isUp: boolean }[] };
    assert.equal(report.status, 'degraded');
    assert.equal(report.listeners[0]?.isUp, false);

    const { code } = await within(server.exited, 10_000, 'exit after SIGTERM');
    assert.equal(code, 0);
    assert.ok(Date.now() - signalled < 8_000, `exited ${Date.now() - signalled} ms after SIGTERM`);
    assert.match(server.stdout(), /"msg":"stopped"/);
  });
});

describe('vercors serve on an address already in use', { timeout: 60_000 }, () => {
  test('it exits non-zero with a message naming listen.http and the address', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, HOST, resolve));
    const port = (blocker.address() as { port: number }).port;
    const taken = startVercors(['serve', '--workers', '2'], {
      env: {
        ...ALL_LISTENERS_OFF,
        VERCORS_DATA: join(root, 'taken'),
        VERCORS_LOCALE: 'en',
        VERCORS_LISTEN_HTTP: `${HOST}:${port}`,
      },
    });
    started.push(taken);
    const { code } = await within(taken.exited, 30_000, 'exit on a taken address');
    assert.notEqual(code, 0);
    assert.match(
      taken.stderr(),
      new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port} \\(listen\\.http\\): address already in use`),
    );
    assert.match(taken.stderr(), /VERCORS_LISTEN_HTTP/);
  });
});

describe('vercors serve --workers', { timeout: 30_000 }, () => {
  test('a worker count out of range is a usage error', async () => {
    const bad = startVercors(['serve', '--workers=300'], {
      env: { ...ALL_LISTENERS_OFF, VERCORS_DATA: join(root, 'usage'), VERCORS_LOCALE: 'en' },
    });
    started.push(bad);
    const { code } = await within(bad.exited, 20_000, 'exit on a bad --workers');
    assert.equal(code, 64);
    assert.match(bad.stderr(), /--workers must be between 0 and 256/);
  });
});

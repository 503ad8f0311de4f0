// The README's promise, checked as a newcomer would live it: a fresh clone, only the system's Node on PATH,
// `npm install && npm start`, /health answers 200 within 30 s and the web app is there, then `vercors user add`
// and `user show` work.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { freeLoopbackPort, waitFor, waitForHttp } from './loopback.ts';

const REPO = join(import.meta.dirname, '..', '..');
const HEALTH_DEADLINE_MS = 30_000;

// Only the system's tools: drop every node_modules/.bin the test runner put on PATH.
const systemPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((entry) => !entry.includes('node_modules'))
  .join(delimiter);

let workdir = '';
let clone = '';
let server: ChildProcess | undefined;
let serverOutput = '';
let port = 0;

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, {
    cwd: clone,
    input,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PATH: systemPath, VERCORS_LOCALE: 'en', npm_config_update_notifier: 'false' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  workdir = mkdtempSync(join(tmpdir(), 'vercors-quick-start-'));
  clone = join(workdir, 'vercors');
  const cloned = spawnSync('git', ['clone', '--quiet', REPO, clone], { encoding: 'utf8' });
  assert.equal(cloned.status, 0, `git clone failed: ${cloned.stderr}`);
});

after(() => {
  if (server?.pid !== undefined && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(workdir, { recursive: true, force: true });
});

test('npm install && npm start answers /health with 200 within 30 seconds', {
  timeout: 300_000,
}, async () => {
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  assert.equal(installed.code, 0, installed.stderr);

  port = await freeLoopbackPort();
  const started = Date.now();
  server = spawn('npm', ['start'], {
    cwd: clone,
    env: {
      ...process.env,
      PATH: systemPath,
      VERCORS_LOCALE: 'en',
      VERCORS_LISTEN_HTTP: `127.0.0.1:${port}`,
      VERCORS_LISTEN_SMTP: '',
      VERCORS_LISTEN_SUBMISSIONS: '',
      VERCORS_LISTEN_SUBMISSION: '',
      VERCORS_LISTEN_IMAP: '',
      VERCORS_LISTEN_IMAPS: '',
      VERCORS_LISTEN_MANAGESIEVE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failed test can still stop npm, the shell, vercors and its workers at once.
    detached: true,
  });
  server.stdout?.on('data', (chunk: Buffer) => {
    serverOutput += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    serverOutput += chunk.toString();
  });

  const health = await waitForHttp(`http://127.0.0.1:${port}/health`, HEALTH_DEADLINE_MS);
  assert.equal(health.status, 200, `no healthy answer within 30 s; output:\n${serverOutput}`);
  assert.ok(Date.now() - started < HEALTH_DEADLINE_MS);
  // /health answers as soon as one worker is up; the address is printed once every worker is.
  const printed = await waitFor(() => serverOutput.includes(`http://127.0.0.1:${port}/`), 15_000);
  assert.ok(printed, `the address to open is printed; output:\n${serverOutput}`);
  assert.match(serverOutput, /demo-logins\.txt/, 'the demo logins file is named');
  // npm start built the web app: the address leads to it.
  const home = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
  assert.deepEqual([home.status, home.headers.get('location')], [302, '/mail/']);
  const app = await fetch(`http://127.0.0.1:${port}/mail/`);
  assert.equal(app.status, 200, await app.clone().text());
  assert.match(await app.text(), /<div id="root"><\/div>/);
});

test('vercors user add then user show work on the running demo', { timeout: 120_000 }, () => {
  const domains = run('npx', ['vercors', 'domain', 'list', '--json']);
  assert.equal(domains.code, 0, domains.stderr);
  const list = JSON.parse(domains.stdout) as { name: string }[];
  const domain = list[0]?.name;
  assert.ok(domain, 'the demo created a domain');

  const email = `quick.start@${domain}`;
  const added = run(
    'npx',
    ['vercors', 'user', 'add', email, '--name', 'Quick Start', '--password-stdin'],
    'a sufficiently long passphrase\n',
  );
  assert.equal(added.code, 0, added.stderr);

  const shown = run('npx', ['vercors', 'user', 'show', email, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const account = JSON.parse(shown.stdout) as { email: string; status: string };
  assert.equal(account.email, email);
  assert.equal(account.status, 'active');
});

test('SIGTERM stops the demo server cleanly', { timeout: 60_000 }, async () => {
  assert.ok(server?.pid);
  const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
  // npm start runs vercors under a shell; stop the vercors primary, as a service manager running it would.
  const primary = /"pid":(\d+),"role":"primary"/.exec(serverOutput)?.[1];
  assert.ok(primary, 'the primary logged its pid');
  process.kill(Number(primary), 'SIGTERM');
  assert.equal(await exited, 0);
});

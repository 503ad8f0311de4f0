// A vercors data folder and `vercors serve` for tests with third-party IMAP clients: a domain and a user with
// a password (made with the CLI), the MX to seed mail through, IMAP (STARTTLS) and IMAPS on free loopback
// ports, the self-signed certificate the server made in its data folder, and bounded runs of the clients.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freeLoopbackPort, waitForGreeting, waitForHttp } from './loopback.ts';
import { openSmtpSession } from './smtp-load-client.ts';
import { findTool, vercorsCli, waitForSmtp } from './smtp-server-setup.ts';
import { ALL_LISTENERS_OFF, startVercors, within, type VercorsProcess } from './vercors-server.ts';

export const IMAP_DOMAIN = 'ac-test.fr';
export const IMAP_HOSTNAME = 'imap.ac-test.fr';
export const IMAP_USER = { email: 'lucie@ac-test.fr', password: 'Ardoise-Corde-Vanille-17' };

/** Debian's Python (PEERS.md: the `python3` first on PATH may be another build); imaplib is in its stdlib. */
export const PYTHON = findTool('/usr/bin/python3');
export const MBSYNC = findTool('/usr/bin/mbsync');
export const OFFLINEIMAP = findTool('/usr/bin/offlineimap');
export const IMAP_CLIENTS_DIR = join(import.meta.dirname, 'imap-clients');

export async function prepareImapData(dataDir: string): Promise<void> {
  await vercorsCli(dataDir, ['domain', 'add', IMAP_DOMAIN]);
  await vercorsCli(
    dataDir,
    ['user', 'add', IMAP_USER.email, '--name', 'Lucie Aubrac', '--password-stdin'],
    `${IMAP_USER.password}\n${IMAP_USER.password}\n`,
  );
}

export interface ImapServer {
  readonly process: VercorsProcess;
  readonly ports: { readonly smtp: number; readonly imap: number; readonly imaps: number };
  /** The self-signed certificate `vercors serve` made in the data folder (runtime/tls). */
  readonly certificateFile: string;
}

/** `vercors serve` with the MX, IMAP and IMAPS on free loopback ports; resolves once every worker is ready. */
export async function startImapServer(
  dataDir: string,
  options: { readonly workers?: number; readonly env?: Record<string, string> } = {},
): Promise<ImapServer> {
  const ports = {
    smtp: await freeLoopbackPort(),
    imap: await freeLoopbackPort(),
    imaps: await freeLoopbackPort(),
  };
  const server = startVercors(['serve', '--workers', String(options.workers ?? 1)], {
    env: {
      ...ALL_LISTENERS_OFF,
      VERCORS_DATA: dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_HOSTNAME: IMAP_HOSTNAME,
      VERCORS_LISTEN_SMTP: `127.0.0.1:${ports.smtp}`,
      VERCORS_LISTEN_IMAP: `127.0.0.1:${ports.imap}`,
      VERCORS_LISTEN_IMAPS: `127.0.0.1:${ports.imaps}`,
      VERCORS_SMTP_GREETING_DELAY: '0s',
      VERCORS_DELIVERY_DNS: 'offline',
      ...options.env,
    },
  });
  try {
    // Printed once every worker listens: before that, connections all go to the workers already up.
    await server.waitForOutput(/Vercors is ready/, 90_000);
    await waitForSmtp(ports.smtp, 30_000);
    await waitForGreeting(ports.imap, '* OK', 'a LOGOUT', 30_000);
  } catch (error) {
    server.kill();
    throw new Error(`${(error as Error).message}\n${server.stdout()}\n${server.stderr()}`);
  }
  return { process: server, ports, certificateFile: join(dataDir, 'tls', 'self-signed.pem') };
}

/**
 * `startImapServer` with the HTTP listener too (JMAP, /health, /metrics) on a free loopback port; resolves once
 * /health answers 200, with the HTTP base address.
 */
export async function startImapServerWithHttp(
  dataDir: string,
  options: { readonly workers?: number } = {},
): Promise<{ readonly server: ImapServer; readonly base: string }> {
  const http = await freeLoopbackPort();
  const base = `http://127.0.0.1:${http}`;
  const server = await startImapServer(dataDir, {
    ...options,
    env: { VERCORS_LISTEN_HTTP: `127.0.0.1:${http}` },
  });
  const health = await waitForHttp(`${base}/health`, 30_000);
  if (health.status !== 200) {
    await stopImapServer(server);
    throw new Error(`/health answered ${health.status}: ${health.body.slice(0, 500)}`);
  }
  return { server, base };
}

/** A short plain-text message to the test user, as the tests seed them through the MX. */
export function plainMessage(fields: {
  readonly from: string;
  readonly subject: string;
  readonly messageId: string;
  readonly body: string;
}): string {
  return [
    `From: ${fields.from}`,
    `To: ${IMAP_USER.email}`,
    `Subject: ${fields.subject}`,
    `Message-ID: <${fields.messageId}>`,
    '',
    fields.body,
    '',
  ].join('\r\n');
}

/** SIGTERM (a graceful stop, so a restart on the same data folder starts clean), SIGKILL after 10 s. */
export async function stopImapServer(server: ImapServer | undefined): Promise<void> {
  if (!server) return;
  server.process.child.kill('SIGTERM');
  const stopped = await within(server.process.exited, 10_000, 'vercors exit').then(
    () => true,
    () => false,
  );
  if (stopped) return;
  server.process.kill();
  await within(server.process.exited, 5_000, 'vercors exit after SIGKILL').catch(() => undefined);
}

/**
 * Deliver `count` messages through the MX over `sessions` parallel connections; `message(i)` makes the i-th
 * raw message (0-based). Throws on the first refusal.
 */
export async function seedThroughMx(
  smtpPort: number,
  to: string,
  count: number,
  message: (index: number) => string,
  sessions = 8,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    const session = await openSmtpSession(smtpPort);
    try {
      for (let index = next++; index < count; index = next++) {
        const reply = await session.send(`sender${index % 7}@exemple.org`, [to], message(index));
        if (!reply.startsWith('250')) throw new Error(`message ${index}: ${reply}`);
      }
    } finally {
      await session.quit();
    }
  };
  await Promise.all(Array.from({ length: Math.min(sessions, count) }, worker));
}

export interface ToolRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Run a tool bounded in time (SIGKILL at the deadline, then an error) and in output kept (the tail). */
export async function runTool(
  command: string,
  args: readonly string[],
  options: {
    readonly timeoutMs: number;
    readonly input?: string;
    readonly env?: Record<string, string>;
    readonly maxOutputChars?: number;
  },
): Promise<ToolRun> {
  const started = Date.now();
  const limit = options.maxOutputChars ?? 4_000_000;
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  // Keep the head of stdout (the JSON a script prints is complete or the run is an error) and the tail of
  // stderr (where the reason for a failure is).
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout.length < limit) stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-limit);
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  try {
    const { code, signal } = await within(exit, options.timeoutMs, `${command} ${args.join(' ')}`);
    if (stdout.length >= limit) throw new Error(`${command}: more than ${limit} characters of output`);
    return { code, signal, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `${(error as Error).message}\nstdout: ${stdout.slice(-4000)}\nstderr: ${stderr.slice(-4000)}`,
    );
  }
}

/** The request imap-clients/imaplib_client.py reads: the scenario, where the server is, and the user. */
export function imaplibRequest(
  server: ImapServer | undefined,
  scenario: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  if (!server) throw new Error('server not started');
  return {
    scenario,
    host: '127.0.0.1',
    imapPort: server.ports.imap,
    imapsPort: server.ports.imaps,
    cafile: server.certificateFile,
    user: IMAP_USER.email,
    password: IMAP_USER.password,
    ...extra,
  };
}

/** Run one of the Python scripts in imap-clients/ with a JSON request on stdin; returns its JSON answer. */
export async function runPythonClient<T>(script: string, request: unknown, timeoutMs = 60_000): Promise<T> {
  if (!PYTHON) throw new Error('python3 is not installed');
  const run = await runTool(PYTHON, ['-B', '-X', 'utf8', join(IMAP_CLIENTS_DIR, script)], {
    timeoutMs,
    input: JSON.stringify(request),
  });
  if (run.code !== 0) {
    throw new Error(
      `${script} exited ${run.code ?? run.signal}:\n${run.stderr.slice(-6000)}\n${run.stdout.slice(-2000)}`,
    );
  }
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${script} printed no JSON:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-4000)}`);
  }
}

/** One imaplib_client.py scenario against `server`, within a minute: what the sync tests check the server with. */
export function runImaplib<T>(
  server: ImapServer | undefined,
  scenario: string,
  extra: Record<string, unknown> = {},
): Promise<T> {
  return runPythonClient<T>('imaplib_client.py', imaplibRequest(server, scenario, extra), 60_000);
}

/** A skip reason when `tool` is missing, or a thrown error under VERCORS_TEST_STRICT=1 (like smtp-peers). */
export function missingTool(tool: string, install: string): string {
  const message = `${tool} is not installed (apt-get install -y ${install})`;
  if (process.env.VERCORS_TEST_STRICT === '1') throw new Error(`VERCORS_TEST_STRICT=1: ${message}`);
  console.log(`SKIPPING: ${message}`);
  return message;
}

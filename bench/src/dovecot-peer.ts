// A private Dovecot 2.3 on 127.0.0.1 for bench/imap (PEERS.md, "IMAP: Dovecot"): config, state, logs and
// Maildirs in a temporary folder, plain IMAP on one free loopback port (no TLS, like the Vercors listener it
// is compared with), users in a passwd-file with the caller's password hashes, mail written as `nobody`.
// Dovecot's defaults are kept where they shape the comparison: mail_fsync = optimized, one imap process per
// connection (service imap client_limit = 1), one login process per connection (high-security mode), no
// auth cache, no full-text search plugin. Only the limits that would refuse the load are raised.
// The master runs in the foreground (-F) as our child: stopped by its pid, then any process left below it, by pid.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { openImapSession } from '@vercors/e2e/src/imap-load-client.ts';
import { processTree } from './process-memory.ts';
import { isAlive } from '@vercors/e2e/src/process-alive.ts';

const DOVECOT = '/usr/sbin/dovecot';
/** Mail is stored as this user; `nobody` exists everywhere and is no one's mailbox. */
const NOBODY = 65534;
const START_WAIT_MS = 20_000;
/** With thousands of imap processes, the master needs a while to reap them all. */
const STOP_WAIT_MS = 30_000;
const PORT_TRIES = 3;
/** Login processes at once (high-security mode: one per connection until it has logged in). */
const LOGIN_PROCESS_LIMIT = 500;

export interface DovecotUser {
  readonly email: string;
  /** A hash with its scheme, e.g. `{ARGON2ID}$argon2id$v=19$…`. */
  readonly password: string;
}

export interface DovecotPeerOptions {
  readonly users: readonly DovecotUser[];
  /** Connections expected at once: sizes service imap's process_limit and its companions. */
  readonly maxConnections: number;
}

export interface DovecotPeer {
  readonly port: number;
  readonly folder: string;
  /** The master's pid: its process tree is the whole instance. */
  readonly masterPid: number;
  log(): Promise<string>;
  /** Stop the instance and delete its folder; safe to call more than once. */
  stop(): Promise<void>;
}

/** Why a Dovecot peer cannot run here, or undefined when it can. */
export function dovecotMissing(): string | undefined {
  if (!existsSync(DOVECOT))
    return 'Dovecot is not installed (apt-get install -y dovecot-imapd, see PEERS.md)';
  if (process.getuid?.() !== 0) return 'a private Dovecot instance must be started as root';
  return undefined;
}

function config(folder: string, port: number, options: DovecotPeerOptions): string {
  const imapLimit = options.maxConnections + 100;
  return `# bench/imap's private Dovecot (bench/src/dovecot-peer.ts)
base_dir = ${folder}/run
state_dir = ${folder}/state
log_path = ${folder}/dovecot.log
# Vercors runs the bench at log level warn: Dovecot's per-login info lines are dropped the same way.
info_log_path = /dev/null
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:${folder}/mail/%u/Maildir
mail_uid = ${NOBODY}
mail_gid = ${NOBODY}
# Dovecot's default, written out because the comparison depends on it: fsync where data would be lost.
mail_fsync = optimized
protocol imap {
  # Every bench connection comes from 127.0.0.1, many for the same user (default 10).
  mail_max_userip_connections = ${imapLimit}
}
passdb {
  driver = passwd-file
  args = ${folder}/users
}
userdb {
  driver = static
  args = uid=${NOBODY} gid=${NOBODY} home=${folder}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  process_limit = ${LOGIN_PROCESS_LIMIT}
}
service imap {
  process_limit = ${imapLimit}
}
service auth {
  client_limit = ${imapLimit + LOGIN_PROCESS_LIMIT + 100}
}
service anvil {
  client_limit = ${imapLimit + LOGIN_PROCESS_LIMIT + 1000}
}
service stats {
  client_limit = ${imapLimit + LOGIN_PROCESS_LIMIT + 100}
}
`;
}

/** SIGTERM to the master (it stops its children), then SIGKILL to whatever of its tree is left, by pid. */
async function stopDovecot(master: ChildProcess | undefined): Promise<void> {
  const pid = master?.pid ?? 0;
  if (pid <= 0 || master?.exitCode !== null || master.signalCode !== null) return;
  const tree = processTree(pid);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_WAIT_MS;
  while (Date.now() < deadline && tree.some(isAlive)) await sleep(100);
  for (const left of tree.filter(isAlive)) {
    try {
      process.kill(left, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Start a Dovecot peer; the caller stops it (`stop()`) in a `finally`. */
export async function startDovecotPeer(options: DovecotPeerOptions): Promise<DovecotPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-dovecot-'));
  const master: { current?: ChildProcess } = {};
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= stopDovecot(master.current).finally(() => rm(folder, { recursive: true, force: true })));
  const log = () => readFile(join(folder, 'dovecot.log'), 'utf8').catch(() => '');
  try {
    // The imap processes run as nobody and must reach their Maildirs below the folder.
    await chmod(folder, 0o755);
    await mkdir(join(folder, 'mail'));
    await chown(join(folder, 'mail'), NOBODY, NOBODY);
    // Read by the auth process, which runs as Dovecot's internal user.
    const users = join(folder, 'users');
    await writeFile(users, options.users.map((user) => `${user.email}:${user.password}\n`).join(''), {
      mode: 0o600,
    });
    await chown(users, Number(execFileSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).trim()), 0);
    const port = await listen(folder, options, master);
    return { port, folder, masterPid: master.current?.pid ?? 0, log, stop };
  } catch (error) {
    const text = await log();
    await stop();
    throw new Error(`Dovecot did not start: ${String(error)}\n${text}`);
  }
}

/** Whether our Dovecot greets on `port`. */
async function greets(port: number): Promise<boolean> {
  try {
    const session = await openImapSession({ port });
    const isDovecot = /Dovecot/.test(session.greeting) || /Waiting for authentication/.test(session.greeting);
    session.close();
    return isDovecot;
  } catch {
    return false;
  }
}

/** Start the master on a free port (a few tries: a port may be taken before Dovecot binds it). */
async function listen(
  folder: string,
  options: DovecotPeerOptions,
  master: { current?: ChildProcess },
): Promise<number> {
  const conf = join(folder, 'dovecot.conf');
  let failure = `no Dovecot greeting within ${START_WAIT_MS} ms`;
  for (let tries = 0; tries < PORT_TRIES; tries++) {
    const port = await freeLoopbackPort();
    await writeFile(conf, config(folder, port, options));
    // In the foreground, so the master is our child: its pid is known without a pid file, and it cannot
    // outlive the folder unnoticed. Its own errors before logging starts come on stderr (kept short).
    const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    master.current = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
    child.once('error', (error) => (stderr += error.message));
    const deadline = Date.now() + START_WAIT_MS;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (await greets(port)) return port;
      await sleep(100);
    }
    failure = `${failure}; ${stderr.trim()}`;
    await stopDovecot(child);
  }
  throw new Error(failure);
}

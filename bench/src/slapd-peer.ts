// A private OpenLDAP slapd (Debian) for bench/directory: the start logic of
// server/src/test-support/throwaway-slapd.ts (generated slapd.conf, mdb, core/cosine/inetorgperson, foreground
// on 127.0.0.1 and a free port, stopped by its pid), plus what an administrator adds for an autocomplete
// load: equality and substring indexes on the searched attributes, a map sized for 100,000 people, no size
// limit of the server's own. The people are loaded offline with `slapadd -q` (the fast bulk path, which
// builds the indexes), before slapd starts.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { isAlive } from '@vercors/e2e/src/process-alive.ts';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMAS = ['core', 'cosine', 'inetorgperson'].map((name) => `/etc/ldap/schema/${name}.schema`);
const STARTUP_TIMEOUT_MS = 30_000;

export interface SlapdPeer {
  readonly url: string;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  readonly pid: number;
  readonly folder: string;
  /** Seconds slapadd took to load the LDIF and build the indexes. */
  readonly loadSeconds: number;
  stop(): Promise<void>;
}

export function slapdMissing(): string | undefined {
  for (const path of [SLAPD, SLAPADD, ...SCHEMAS])
    if (!existsSync(path))
      return `OpenLDAP is not installed (${path} is missing: apt-get install -y slapd ldap-utils, see PEERS.md)`;
  return undefined;
}

/** slapd loaded with `ldif` (which holds the suffix entry); the caller stops it in a `finally`. */
export async function startSlapdPeer(
  suffix: string,
  ldif: string,
  loadTimeoutMs: number,
): Promise<SlapdPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-bench-slapd-'));
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = 'bench-root-secret';
  let child: ChildProcess | undefined;
  const stop = async () => {
    await stopProcess(child);
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await mkdir(join(folder, 'db'));
    const config = [
      ...SCHEMAS.map((schema) => `include ${schema}`),
      `pidfile ${join(folder, 'slapd.pid')}`,
      `argsfile ${join(folder, 'slapd.args')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      // Answers as large as the client asks: the bench asks for 10, as the autocomplete does.
      'sizelimit unlimited',
      'database mdb',
      // 2 GiB of address space: 100,000 people and their indexes take a few hundred MB.
      'maxsize 2147483648',
      `suffix "${suffix}"`,
      `rootdn "${rootDn}"`,
      `rootpw ${rootPassword}`,
      `directory ${join(folder, 'db')}`,
      // What an administrator declares for an autocomplete on names and addresses.
      'index objectClass eq',
      'index uid eq',
      'index cn,sn,givenName,mail,l eq,sub',
      '',
    ].join('\n');
    const conf = join(folder, 'slapd.conf');
    await writeFile(conf, config);
    await writeFile(join(folder, 'people.ldif'), ldif);
    const started = performance.now();
    await run(SLAPADD, ['-q', '-f', conf, '-l', join(folder, 'people.ldif')], loadTimeoutMs);
    const loadSeconds = (performance.now() - started) / 1000;
    await rm(join(folder, 'people.ldif'));

    const port = await freeLoopbackPort();
    const url = `ldap://127.0.0.1:${port}`;
    // -d 0: in the foreground, so the pid held is slapd's own.
    child = spawn(SLAPD, ['-h', `${url}/`, '-f', conf, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString('utf8');
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await answers(port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`slapd did not start (exit ${child.exitCode}): ${output}`);
      await sleep(100);
    }
    return { url, suffix, rootDn, rootPassword, pid: child.pid ?? 0, folder, loadSeconds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function answers(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A command to its end, bounded; throws with its output when it fails. */
function run(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errors.length < 10_000) errors += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code ?? signal}: ${errors}`));
    });
  });
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid;
  if (pid === undefined || child?.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let tries = 0; tries < 100 && isAlive(pid); tries++) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

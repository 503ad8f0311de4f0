// Test support: a real OpenLDAP server (Debian's slapd) for the HR import's LDAP tests, started in a temporary
// folder on 127.0.0.1 and a free port, with a generated slapd.conf (mdb backend, one suffix, a root DN and
// password, the core/cosine/inetorgperson schemas), loaded with LDIF through ldapadd, and stopped by its pid.
// Startup waits for the port to answer, bounded in time; the folder is removed on stop.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SLAPD = '/usr/sbin/slapd';
const LDAPADD = '/usr/bin/ldapadd';
const SCHEMAS = ['core', 'cosine', 'inetorgperson'].map((name) => `/etc/ldap/schema/${name}.schema`);
/** slapd opens an mdb file and listens in well under a second; ten leave room for a loaded CI machine. */
const STARTUP_TIMEOUT_MS = 10_000;
const LDAPADD_TIMEOUT_MS = 30_000;

export interface ThrowawaySlapd {
  /** ldap://127.0.0.1:PORT */
  readonly url: string;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  /** Add entries given as LDIF, as the root DN. */
  add(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowawaySlapd(suffix = 'dc=ac-test,dc=fr'): Promise<ThrowawaySlapd> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-slapd-'));
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = 'throwaway-root-secret';
  await mkdir(join(folder, 'db'));
  const config = [
    ...SCHEMAS.map((schema) => `include ${schema}`),
    `pidfile ${join(folder, 'slapd.pid')}`,
    `argsfile ${join(folder, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    // 10 MiB map: the tests load a few hundred entries.
    'maxsize 10485760',
    `suffix "${suffix}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPassword}`,
    `directory ${join(folder, 'db')}`,
    '',
  ].join('\n');
  await writeFile(join(folder, 'slapd.conf'), config);

  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground, so the pid we hold is slapd's own and stopping it needs no pid file.
  const child = spawn(SLAPD, ['-h', `${url}/`, '-f', join(folder, 'slapd.conf'), '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 10_000) output += chunk.toString('utf8');
  });
  const stop = async () => {
    await stopProcess(child);
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child);
  } catch (error) {
    await stop();
    throw new Error(`slapd did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }

  const slapd: ThrowawaySlapd = {
    url,
    suffix,
    rootDn,
    rootPassword,
    add: (ldif) => runLdapadd(url, rootDn, rootPassword, ldif),
    stop,
  };
  await slapd.add(
    `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${suffix.split(',')[0]?.split('=')[1] ?? 'test'}\no: test\n`,
  );
  return slapd;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} still closed after ${STARTUP_TIMEOUT_MS} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(child.pid, name);
    } catch {
      // Already gone between the check and the signal: nothing left to stop.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null) signal('SIGKILL');
  }, 5000);
  await exited;
  clearTimeout(timer);
}

function runLdapadd(url: string, bindDn: string, password: string, ldif: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(LDAPADD, ['-x', '-H', url, '-D', bindDn, '-w', password], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (errors.length < 10_000) errors += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LDAPADD_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ldapadd exited with ${code}: ${errors}`));
    });
    child.stdin.end(ldif);
  });
}

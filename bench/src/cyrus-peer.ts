// A private Cyrus IMAP 3.6 on 127.0.0.1 for bench/jmap (PEERS.md, "IMAP: … Cyrus 3.6"): imapd.conf, cyrus.conf,
// databases, spool, Xapian index, sockets, locks and logs in a temporary folder; plain IMAP and HTTP (JMAP) on two
// free loopback ports, no TLS, like the Vercors listeners it is compared with. Users are in a sasldb of that
// folder (plaintext secrets, checked by libsasl's auxprop) and their mailboxes are made over IMAP by the admin.
// Settings are in `imapdConf` below, each with its reason; Cyrus's defaults are kept wherever they shape the
// comparison. The master runs in the foreground as our child: stopped by its pid, then any process left below
// it, by pid. Cyrus logs only to syslog: a busybox syslogd is started to capture it when nothing holds /dev/log.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { openImapSession, imapQuote } from '@vercors/e2e/src/imap-load-client.ts';
import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { isAlive } from '@vercors/e2e/src/process-alive.ts';
import { processTree } from './process-memory.ts';

const MASTER = '/usr/sbin/cyrmaster';
const BIN = '/usr/lib/cyrus/bin';
const SASLPASSWD = '/usr/sbin/saslpasswd2';
const BUSYBOX = '/usr/bin/busybox';
/** The SASL realm of the users: the server's name, which Cyrus hands libsasl as its realm. */
const SERVER_NAME = 'cyrus.bench.test';
/** The IMAP administrator that creates the users' mailboxes; no mail of its own. */
const ADMIN = 'cyrusadmin';
const START_WAIT_MS = 30_000;
const STOP_WAIT_MS = 30_000;
const PORT_TRIES = 3;

export interface CyrusUser {
  /** A bare login (`bench`): the peer runs without virtual domains. */
  readonly name: string;
  readonly password: string;
}

export interface CyrusPeerOptions {
  readonly users: readonly CyrusUser[];
  /** Connections expected at once, IMAP and HTTP each: sizes the services' maxchild. */
  readonly maxConnections: number;
  /** Cyrus's `httpmodules`: `jmap` (the default) for bench/jmap, `carddav` for bench/directory. */
  readonly httpModules?: string;
}

export interface CyrusPeer {
  readonly imapPort: number;
  readonly httpPort: number;
  readonly folder: string;
  /** The master's pid: its process tree is the whole instance (imapd and httpd are its children). */
  readonly masterPid: number;
  /** Where Cyrus keeps mail, databases and the search index, for their size on disk. */
  readonly storage: string;
  /** Index the user's mail for full-text search (squatter, one pass); resolves with the seconds it took. */
  indexSearch(user: string, timeoutMs: number): Promise<number>;
  /** What syslog caught from Cyrus (empty when another syslogd holds /dev/log). */
  log(): Promise<string>;
  /** Stop the instance and delete its folder; safe to call more than once. */
  stop(): Promise<void>;
}

/** Why a Cyrus peer cannot run here, or undefined when it can. */
export function cyrusMissing(): string | undefined {
  for (const path of [MASTER, join(BIN, 'imapd'), join(BIN, 'httpd'), join(BIN, 'squatter'), SASLPASSWD])
    if (!existsSync(path))
      return (
        `Cyrus is not installed (${path} is missing: apt-get install -y cyrus-imapd cyrus-caldav cyrus-clients ` +
        'sasl2-bin, see PEERS.md; Debian makes cyrus-imapd and dovecot-imapd conflict, so this removes bench/imap’s Dovecot)'
      );
  if (process.getuid?.() !== 0) return 'a private Cyrus instance must be started as root';
  return undefined;
}

/** imapd.conf: every path in `folder`, JMAP on, conversations (threads) on, Xapian search. */
function imapdConf(folder: string, httpModules = 'jmap'): string {
  return `# bench/jmap's private Cyrus (bench/src/cyrus-peer.ts)
configdirectory: ${folder}/config
defaultpartition: default
partition-default: ${folder}/spool
proc_path: ${folder}/run/proc
mboxname_lockpath: ${folder}/run/lock
idlesocket: ${folder}/run/socket/idle
notifysocket: ${folder}/run/socket/notify
lmtpsocket: ${folder}/run/socket/lmtp
servername: ${SERVER_NAME}
syslog_prefix: cyrus-bench
admins: ${ADMIN}
# Plain IMAP LOGIN and HTTP Basic without TLS, on loopback only (Vercors: loopback counts as secure).
allowplaintext: yes
sasl_mech_list: PLAIN
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${folder}/sasldb2
# Folders as clients see them on Vercors: INBOX, then its siblings, separated by "/".
altnamespace: yes
unixhierarchysep: yes
# JMAP needs the conversations database: thread ids, collapseThreads, Email/query's indexes.
httpmodules: ${httpModules}
conversations: yes
conversations_db: twoskip
# JSON as it is: Vercors does not compress either, and the bench client does not ask for it.
httpallowcompress: no
# JMAP asks the submission server for its SMTP extensions (EmailSubmission's capability) and keeps the answer
# per process only once it got one: with no SMTP server, every request would fork Debian's sendmail. A stub that
# greets and answers EHLO and QUIT, run once per httpd process; nothing is ever sent.
smtp_backend: sendmail
sendmail: ${folder}/sendmail-stub
# Full text through Xapian, as Cyrus is deployed for JMAP; squatter fills the index (one pass after loading).
search_engine: xapian
search_index_headers: yes
defaultsearchtier: t1
t1searchpartition-default: ${folder}/search
`;
}

/** cyrus.conf: the services on loopback, every command pointed at our imapd.conf (master does not pass it on). */
function cyrusConf(folder: string, ports: { imap: number; http: number }, options: CyrusPeerOptions): string {
  const conf = `${folder}/imapd.conf`;
  const maxchild = options.maxConnections + 20;
  return `# bench/jmap's private Cyrus (bench/src/cyrus-peer.ts)
START {
  recover cmd="ctl_cyrusdb -C ${conf} -r"
}
SERVICES {
  imap cmd="imapd -C ${conf}" listen="127.0.0.1:${ports.imap}" prefork=1 maxchild=${maxchild}
  http cmd="httpd -C ${conf}" listen="127.0.0.1:${ports.http}" prefork=1 maxchild=${maxchild}
}
EVENTS {
  checkpoint cmd="ctl_cyrusdb -C ${conf} -c" period=30
}
DAEMON {
  idled cmd="idled -C ${conf}"
}
`;
}

/** `sendmail -bs` as Cyrus's smtpclient speaks to it: a greeting, EHLO, QUIT; anything else is refused. */
const SENDMAIL_STUB = `#!/bin/sh
# bench/jmap: the SMTP server Cyrus's JMAP asks for its extensions (none); it never accepts mail.
printf '220 stub ESMTP\\r\\n'
while read -r line; do
  case "$line" in
    EHLO*|HELO*|ehlo*|helo*) printf '250 stub\\r\\n' ;;
    QUIT*|quit*) printf '221 bye\\r\\n'; exit 0 ;;
    *) printf '554 no mail here\\r\\n' ;;
  esac
done
`;

/** Start a Cyrus peer; the caller stops it (`stop()`) in a `finally`. */
export async function startCyrusPeer(options: CyrusPeerOptions): Promise<CyrusPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-cyrus-'));
  const master: { current?: ChildProcess } = {};
  const syslog = { logFile: join(folder, 'syslog.log'), daemon: undefined as ChildProcess | undefined };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await stopTree(master.current);
      } finally {
        try {
          await stopSyslog(syslog.daemon);
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      }
    })());
  const log = () => readFile(syslog.logFile, 'utf8').catch(() => '');
  try {
    const uid = Number(execFileSync('id', ['-u', 'cyrus'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'cyrus'], { encoding: 'utf8' }).trim());
    // Random per instance; only this process knows it.
    const adminSecret = randomBytes(12).toString('hex');
    await prepareFolder(folder, options, adminSecret, uid, gid);
    syslog.daemon = await startSyslog(syslog.logFile);
    const ports = await listen(folder, options, master);
    await createMailboxes(ports.imap, adminSecret, options.users);
    if (isJmap(options)) for (const user of options.users) await createUploadFolder(ports.http, user);
    return {
      imapPort: ports.imap,
      httpPort: ports.http,
      folder,
      masterPid: master.current?.pid ?? 0,
      storage: folder,
      indexSearch: (user, timeoutMs) => squatter(folder, user, timeoutMs, uid, gid),
      log,
      stop,
    };
  } catch (error) {
    const text = (await log()).slice(-3000);
    await stop();
    throw new Error(`Cyrus did not start: ${String(error)}\n${text}`);
  }
}

async function prepareFolder(
  folder: string,
  options: CyrusPeerOptions,
  adminSecret: string,
  uid: number,
  gid: number,
) {
  // The services run as cyrus and must reach everything below the folder.
  await chmod(folder, 0o755);
  const dirs = ['config', 'config/db', 'config/socket', 'config/log', 'spool', 'search', 'run'];
  for (const dir of [...dirs, 'run/proc', 'run/lock', 'run/socket']) await mkdir(join(folder, dir));
  await writeFile(join(folder, 'imapd.conf'), imapdConf(folder, options.httpModules));
  await writeFile(join(folder, 'sendmail-stub'), SENDMAIL_STUB, { mode: 0o755 });
  // The secrets, one saslpasswd2 per user (the password on stdin, -p: no prompt).
  const sasldb = join(folder, 'sasldb2');
  for (const user of [{ name: ADMIN, password: adminSecret }, ...options.users])
    execFileSync(SASLPASSWD, ['-f', sasldb, '-p', '-c', '-u', SERVER_NAME, user.name], {
      input: user.password,
      timeout: 10_000,
    });
  await chmod(sasldb, 0o640);
  for (const path of [
    ...dirs,
    'run/proc',
    'run/lock',
    'run/socket',
    'sasldb2',
    'imapd.conf',
    'sendmail-stub',
  ])
    await chown(join(folder, path), uid, gid);
}

/** Start the master on free ports (a few tries: a port may be taken before Cyrus binds it). */
async function listen(
  folder: string,
  options: CyrusPeerOptions,
  master: { current?: ChildProcess },
): Promise<{ imap: number; http: number }> {
  let failure = `no Cyrus greeting within ${START_WAIT_MS} ms`;
  for (let tries = 0; tries < PORT_TRIES; tries++) {
    const ports = { imap: await freeLoopbackPort(), http: await freeLoopbackPort() };
    await writeFile(join(folder, 'cyrus.conf'), cyrusConf(folder, ports, options));
    // In the foreground (no -d), so the master is our child; -L keeps its own stdout and stderr in the folder.
    // The environment is a clean one: the services inherit it.
    const child = spawn(
      MASTER,
      [
        '-C',
        join(folder, 'imapd.conf'),
        '-M',
        join(folder, 'cyrus.conf'),
        '-p',
        join(folder, 'run', 'master.pid'),
        '-L',
        join(folder, 'master.log'),
        '-l',
        '256',
      ],
      { stdio: 'ignore', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' } },
    );
    master.current = child;
    let spawnError = '';
    child.once('error', (error) => (spawnError = error.message));
    const deadline = Date.now() + START_WAIT_MS;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if ((await greets(ports.imap)) && (await answersHttp(ports.http, isJmap(options) ? 'jmap' : 'carddav')))
        return ports;
      await sleep(200);
    }
    const masterLog = await readFile(join(folder, 'master.log'), 'utf8').catch(() => '');
    failure = `${failure}; ${spawnError} ${masterLog.slice(-1000)}`.trim();
    await stopTree(child);
  }
  throw new Error(failure);
}

async function greets(port: number): Promise<boolean> {
  try {
    const session = await openImapSession({ port });
    const isCyrus = /Cyrus IMAP/.test(session.greeting);
    session.close();
    return isCyrus;
  } catch {
    return false;
  }
}

const isJmap = (options: CyrusPeerOptions) => (options.httpModules ?? 'jmap').split(/\s+/).includes('jmap');

async function answersHttp(port: number, module: 'jmap' | 'carddav'): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/.well-known/${module}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    // 401 without credentials, or the redirect to /jmap (/dav/): the module is there.
    return response.status === 401 || response.status === 301;
  } catch {
    return false;
  }
}

/** Each user's INBOX, created by the admin (Cyrus makes no mailbox on first login without autocreate). */
async function createMailboxes(imapPort: number, adminSecret: string, users: readonly CyrusUser[]) {
  const admin = await openImapSession({ port: imapPort });
  try {
    await admin.login(ADMIN, adminSecret);
    for (const user of users) await admin.ok(`CREATE ${imapQuote(`user/${user.name}`)}`);
  } finally {
    await admin.logout();
  }
}

/**
 * One JMAP upload, which makes the user's `#jmap` folder: without it every Email/query logs that it does not exist
 * (an error line and a failed mailbox lookup per request), which an account that ever attached a file never does.
 */
async function createUploadFolder(httpPort: number, user: CyrusUser): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/jmap/upload/${encodeURIComponent(user.name)}/`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`,
      'content-type': 'text/plain',
    },
    body: 'bench',
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`JMAP upload for ${user.name}: HTTP ${response.status} ${text.slice(0, 200)}`);
}

/** squatter over one user's mailboxes, as cyrus; bounded by `timeoutMs`. */
async function squatter(folder: string, user: string, timeoutMs: number, uid: number, gid: number) {
  const started = performance.now();
  const child = spawn(join(BIN, 'squatter'), ['-C', join(folder, 'imapd.conf'), '-i', '-u', user], {
    stdio: ['ignore', 'ignore', 'pipe'],
    uid,
    gid,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`squatter exited ${code ?? 'on a signal'}: ${stderr.trim()}`);
  } finally {
    clearTimeout(timer);
  }
  return (performance.now() - started) / 1000;
}

/** Whether some process holds /dev/log (a bound socket is listed in /proc/net/unix with its path). */
function isSyslogRunning(): boolean {
  try {
    return readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .some((line) => line.endsWith(' /dev/log'));
  } catch {
    return true;
  }
}

/**
 * busybox syslogd in the foreground, writing to `file` notices and worse (-l 6: logins refused, database
 * errors; Debian's busybox never rotates it). Undefined when another syslogd already runs (Cyrus logs there).
 */
async function startSyslog(file: string): Promise<ChildProcess | undefined> {
  if (!existsSync(BUSYBOX) || isSyslogRunning()) return undefined;
  const daemon = spawn(BUSYBOX, ['syslogd', '-n', '-O', file, '-l', '6'], {
    stdio: 'ignore',
  });
  daemon.once('error', () => undefined);
  for (let tries = 0; tries < 50 && !isSyslogRunning() && daemon.exitCode === null; tries++) await sleep(20);
  return daemon;
}

/** Stop our syslogd and take away the socket it leaves behind, so that /dev/log is as it was. */
async function stopSyslog(daemon: ChildProcess | undefined): Promise<void> {
  if (daemon === undefined) return;
  await stopTree(daemon);
  if (!isSyslogRunning()) await rm('/dev/log', { force: true });
}

/** SIGTERM to `child` (Cyrus's master stops its services), then SIGKILL to whatever of its tree is left, by pid. */
async function stopTree(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid ?? 0;
  if (pid <= 0 || child?.exitCode !== null || child.signalCode !== null) return;
  const tree = processTree(pid);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone meanwhile: its tree is still checked below.
  }
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

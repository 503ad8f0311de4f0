// A private Postfix instance on 127.0.0.1 as "the rest of the internet" (PEERS.md), the one copy every caller
// uses: e2e (relaying our domain to the Vercors MX), the server's outbound tests (a mailbox peer that knows
// some users and defers others) and bench/smtp (a Maildir sink under load). Config, queue, log and Maildir
// live in a temporary folder; chroot is off; no route leaves the box. Stopped by its own pid file.
// Imports only node: built-ins and loopback.ts, so the server's test fixtures can use it too (layers.ts).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freeLoopbackPort } from './loopback.ts';
import { isAlive } from './process-alive.ts';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
/** virtual(8) delivers as this user; `nobody` exists everywhere and is no one's mailbox. */
const NOBODY = 65534;
/** Postfix needs a moment to start its master and smtpd; bounded so a broken install fails fast. */
const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;
/** A free port may be taken by someone else before Postfix binds it: that many ports are tried. */
const PORT_TRIES = 3;
/** Our smtpd greets with this name, which tells its 220 from anything else's on the port. */
const HOSTNAME = 'peer.postfix.test';

export const POSTFIX_DOMAIN = 'example.org';

export interface PostfixPeerOptions {
  /** The smtpd port; by default a free loopback port (tried again if taken before Postfix binds it). */
  readonly port?: number;
  /** The domain delivered to the Maildir (default example.org). */
  readonly domain?: string;
  /** Local parts of `domain` with a mailbox, the others refused 550 5.1.1; by default every address. */
  readonly mailboxes?: readonly string[];
  /** Local parts of `domain` answered 451 4.2.0 at RCPT, to test deferrals. */
  readonly deferred?: readonly string[];
  /** Relay mode: mail for `relay.domain` goes to 127.0.0.1:`relay.port` (the Vercors MX). */
  readonly relay?: { readonly domain: string; readonly port: number };
  /** Offer STARTTLS with a fresh self-signed certificate (default true); bench/smtp measures without. */
  readonly tls?: boolean;
  /**
   * For load: Postfix's default_process_limit (100 by default), and no per-client connection limit, since
   * every load connection comes from 127.0.0.1.
   */
  readonly processLimit?: number;
}

export interface PostfixPeer {
  readonly port: number;
  /** The temporary folder holding config, queue, log and mail. */
  readonly folder: string;
  /** The Maildir's `new/` folder, where delivered messages appear. */
  readonly maildir: string;
  /** Messages delivered to the Maildir, oldest first. */
  messages(): Promise<Buffer[]>;
  log(): Promise<string>;
  /** The pid of Postfix's master process (0 once stopped), whose children are the whole instance. */
  masterPid(): Promise<number>;
  /** Stop the instance and delete its folder; safe to call more than once. */
  stop(): Promise<void>;
}

/** Why a Postfix peer cannot run here, or undefined when it can. */
export function postfixMissing(): string | undefined {
  if (!existsSync(POSTFIX)) {
    return (
      'Postfix is not installed (echo "postfix postfix/main_mailer_type select No configuration" | ' +
      'debconf-set-selections && apt-get install -y postfix, see PEERS.md)'
    );
  }
  if (process.getuid?.() !== 0) return 'a private Postfix instance must be started as root';
  return undefined;
}

function mainCf(folder: string, options: PostfixPeerOptions): string[] {
  const domain = options.domain ?? POSTFIX_DOMAIN;
  const { relay, mailboxes, deferred = [], processLimit } = options;
  const inline = (entries: readonly string[]) => `inline:{ ${entries.map((e) => `{${e}}`).join(', ')} }`;
  const mailboxMap = mailboxes ? inline(mailboxes.map((name) => `${name}@${domain}=sink/`)) : 'static:sink/';
  const tempfail = inline(deferred.map((name) => `${name}@${domain}=451 4.2.0 try again later`));
  return [
    'compatibility_level = 3.6',
    `queue_directory = ${folder}/queue`,
    `data_directory = ${folder}/data`,
    'command_directory = /usr/sbin',
    'daemon_directory = /usr/lib/postfix/sbin',
    'shlib_directory = /usr/lib/postfix',
    'meta_directory = /etc/postfix',
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `myhostname = ${HOSTNAME}`,
    'mydomain = postfix.test',
    'mydestination =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    // Loopback is "us": Postfix's per-client rate limits exempt it (smtpd_client_event_limit_exceptions).
    'mynetworks = 127.0.0.0/8',
    // There is no syslog here.
    `maillog_file = ${folder}/postfix.log`,
    `maillog_file_prefixes = ${folder}`,
    'smtputf8_enable = yes',
    'default_transport = error:no route off this box',
    'relay_transport = error:no route off this box',
    ...(relay
      ? [
          `relay_domains = ${relay.domain}`,
          `transport_maps = ${inline([`${relay.domain}=smtp:[127.0.0.1]:${relay.port}`])}`,
        ]
      : []),
    `virtual_mailbox_domains = ${domain}`,
    `virtual_mailbox_base = ${folder}/mail`,
    // Every mailbox is the one Maildir `sink/`.
    `virtual_mailbox_maps = ${mailboxMap}`,
    `virtual_uid_maps = static:${NOBODY}`,
    `virtual_gid_maps = static:${NOBODY}`,
    'smtpd_relay_restrictions = reject_unauth_destination',
    ...(deferred.length > 0
      ? [`smtpd_recipient_restrictions = check_recipient_access ${tempfail}, reject_unauth_destination`]
      : []),
    ...(options.tls === false
      ? []
      : [
          'smtpd_tls_security_level = may',
          `smtpd_tls_cert_file = ${folder}/tls/cert.pem`,
          `smtpd_tls_key_file = ${folder}/tls/key.pem`,
          'smtpd_tls_received_header = yes',
          'smtpd_tls_loglevel = 1',
          'smtp_tls_security_level = may',
        ]),
    ...(processLimit !== undefined
      ? [`default_process_limit = ${processLimit}`, 'smtpd_client_connection_count_limit = 0']
      : []),
    // A deferral (to our MX, say) is retried within the test's time, not Postfix's usual minutes.
    'minimal_backoff_time = 1s',
    'queue_run_delay = 1s',
  ];
}

const SERVICES = [
  'pickup unix n - n 60 1 pickup',
  'cleanup unix n - n - 0 cleanup',
  'qmgr unix n - n 300 1 qmgr',
  'tlsmgr unix - - n 1000? 1 tlsmgr',
  'rewrite unix - - n - - trivial-rewrite',
  'bounce unix - - n - 0 bounce',
  'defer unix - - n - 0 bounce',
  'trace unix - - n - 0 bounce',
  'verify unix - - n - 1 verify',
  'flush unix n - n 1000? 0 flush',
  'proxymap unix - - n - - proxymap',
  'smtp unix - - n - - smtp',
  'relay unix - - n - - smtp',
  'showq unix n - n - - showq',
  'error unix - - n - - error',
  'retry unix - - n - - error',
  'discard unix - - n - - discard',
  'local unix - n n - - local',
  'virtual unix - n n - - virtual',
  'lmtp unix - - n - - lmtp',
  'anvil unix - - n - 1 anvil',
  'scache unix - - n - 1 scache',
  'postlog unix-dgram n - n - 1 postlogd',
];

/** Whether our smtpd greets on `port` (someone else's 220 does not count). */
async function greets(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (chunk: Buffer) => {
      socket.end('QUIT\r\n');
      resolve(chunk.toString('latin1').startsWith(`220 ${HOSTNAME} `));
    });
    socket.once('error', () => resolve(false));
  });
}

async function readMasterPid(folder: string): Promise<number> {
  const text = await readFile(join(folder, 'queue', 'pid', 'master.pid'), 'utf8').catch(() => '');
  return Number(text.trim()) || 0;
}

/** Stop the instance in `folder`: politely, then by its master's pid, which is the process we started. */
async function stopPostfix(folder: string): Promise<void> {
  const conf = join(folder, 'conf');
  await run(POSTFIX, ['-c', conf, 'stop']).catch(() => undefined);
  const pid = await readMasterPid(folder);
  const deadline = Date.now() + STOP_WAIT_MS;
  while (pid > 0 && Date.now() < deadline && isAlive(pid)) await sleep(50);
  if (pid > 0 && isAlive(pid)) {
    await run(POSTFIX, ['-c', conf, 'abort']).catch(() => undefined);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Prepare the folder: Postfix's daemons run as the postfix user and must traverse it. */
async function prepareFolder(folder: string, isTls: boolean): Promise<void> {
  await chmod(folder, 0o755);
  for (const sub of ['conf', 'queue', 'data', 'mail', 'tls']) await mkdir(join(folder, sub));
  const { stdout: uid } = await run('id', ['-u', 'postfix']);
  const { stdout: gid } = await run('id', ['-g', 'postfix']);
  await chown(join(folder, 'data'), Number(uid.trim()), Number(gid.trim()));
  await chown(join(folder, 'mail'), NOBODY, NOBODY);
  if (!isTls) return;
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOSTNAME}`],
    ...['-keyout', join(folder, 'tls', 'key.pem'), '-out', join(folder, 'tls', 'cert.pem')],
  ]);
}

/** Start a Postfix peer; the caller stops it (`stop()`), in a test's `after` or a `finally`. */
export async function startPostfixPeer(options: PostfixPeerOptions = {}): Promise<PostfixPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-postfix-'));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= stopPostfix(folder).finally(() => rm(folder, { recursive: true, force: true })));
  const log = () => readFile(join(folder, 'postfix.log'), 'utf8').catch(() => '');
  try {
    await prepareFolder(folder, options.tls !== false);
    await writeFile(join(folder, 'conf', 'main.cf'), `${mainCf(folder, options).join('\n')}\n`);
    const port = await listen(folder, options.port);
    const maildir = join(folder, 'mail', 'sink', 'new');
    return {
      port,
      folder,
      maildir,
      async messages() {
        const names = await readdir(maildir).catch(() => [] as string[]);
        // Maildir names start with the delivery time in seconds, then a sequence: sorted = delivery order.
        return await Promise.all(names.sort().map((name) => readFile(join(maildir, name))));
      },
      log,
      masterPid: () => readMasterPid(folder),
      stop,
    };
  } catch (error) {
    const text = await log();
    await stop();
    throw new Error(`Postfix did not start: ${String(error)}\n${text}`);
  }
}

/** Start the master with an smtpd on `port` (or on free ports, a few tries); resolves with the port. */
async function listen(folder: string, port: number | undefined): Promise<number> {
  const conf = join(folder, 'conf');
  let failure: unknown = new Error(`no greeting from ${HOSTNAME} within ${START_WAIT_MS} ms`);
  for (let tries = 0; tries < (port === undefined ? PORT_TRIES : 1); tries++) {
    const candidate = port ?? (await freeLoopbackPort());
    await writeFile(
      join(conf, 'master.cf'),
      [`127.0.0.1:${candidate} inet n - n - - smtpd`, ...SERVICES, ''].join('\n'),
    );
    try {
      // `postfix start` waits for the master to initialise (master -w): a port taken meanwhile fails here.
      await run(POSTFIX, ['-c', conf, 'start']);
      const deadline = Date.now() + START_WAIT_MS;
      while (Date.now() < deadline) {
        if (await greets(candidate)) return candidate;
        await sleep(100);
      }
    } catch (error) {
      failure = error;
    }
    await stopPostfix(folder);
  }
  throw failure;
}

// Test fixture: a private Postfix instance on 127.0.0.1 as "the rest of the internet" (PEERS.md): its own
// config, queue and log in a temporary folder, chroot off, an smtpd with opportunistic STARTTLS on a free
// port, example.org delivered to one Maildir. jean@ and marie@ exist, later@ gets 451, others 550 5.1.1.
// Skipped with a clear message when Postfix is not installed (or we are not root), failing under
// VERCORS_TEST_STRICT=1. Stopped, by its own pid file, when the test ends.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
/** virtual(8) delivers as this user; `nobody` exists everywhere and is no one's mailbox. */
const NOBODY = { uid: 65534, gid: 65534 };
/** Postfix needs a moment to start its master and smtpd; bounded so a broken install fails fast. */
const START_WAIT_MS = 15_000;
const STOP_WAIT_MS = 10_000;

export const POSTFIX_DOMAIN = 'example.org';

export interface PostfixPeer {
  readonly port: number;
  readonly folder: string;
  /** The messages delivered to the Maildir so far, oldest first. */
  messages(): Promise<Buffer[]>;
  log(): Promise<string>;
}

/** Why a Postfix peer cannot run here, or undefined when it can. */
export function postfixMissing(): string | undefined {
  if (!existsSync(POSTFIX)) {
    return (
      'Postfix is not installed (echo "postfix postfix/main_mailer_type select No configuration" | ' +
      'debconf-set-selections && apt-get install -y postfix)'
    );
  }
  if (process.getuid?.() !== 0) return 'a private Postfix instance must be started as root';
  return undefined;
}

/** Skip (or fail under VERCORS_TEST_STRICT=1) when Postfix cannot run; returns whether it can. */
export function requirePostfix(t: TestContext): boolean {
  const missing = postfixMissing();
  if (missing === undefined) return true;
  if (process.env.VERCORS_TEST_STRICT === '1') throw new Error(`VERCORS_TEST_STRICT=1 and ${missing}`);
  t.skip(`SKIPPED: ${missing}`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function isListening(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function mainCf(folder: string): string {
  return `compatibility_level = 3.6
queue_directory = ${folder}/queue
data_directory = ${folder}/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = peer.postfix.test
mydomain = postfix.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = ${folder}/postfix.log
maillog_file_prefixes = ${folder}
smtputf8_enable = yes
default_transport = error:no route off this box
relay_transport = error:no route off this box
virtual_mailbox_domains = ${POSTFIX_DOMAIN}
virtual_mailbox_base = ${folder}/mail
virtual_mailbox_maps = inline:{ {jean@${POSTFIX_DOMAIN}=sink/}, {marie@${POSTFIX_DOMAIN}=sink/} }
virtual_uid_maps = static:${NOBODY.uid}
virtual_gid_maps = static:${NOBODY.gid}
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access inline:{ {later@${POSTFIX_DOMAIN}=451 4.2.0 try again later} }, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_cert_file = ${folder}/tls/cert.pem
smtpd_tls_key_file = ${folder}/tls/key.pem
smtpd_tls_received_header = yes
smtpd_tls_loglevel = 1
`;
}

const SERVICES = `pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
virtual unix - n n - - virtual
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
`;

async function stopPostfix(folder: string): Promise<void> {
  const conf = join(folder, 'conf');
  await run(POSTFIX, ['-c', conf, 'stop']).catch(() => undefined);
  const pidFile = join(folder, 'queue', 'pid', 'master.pid');
  const deadline = Date.now() + STOP_WAIT_MS;
  // The master removes nothing we can wait on reliably; its pid is what we started, so we watch that.
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  while (pid > 0 && Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  if (pid > 0) {
    await run(POSTFIX, ['-c', conf, 'abort']).catch(() => undefined);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function startPostfixPeer(t: TestContext): Promise<PostfixPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-postfix-'));
  // Postfix's daemons run as the postfix user and must traverse the folder.
  await chmod(folder, 0o755);
  for (const sub of ['conf', 'queue', 'data', 'mail', 'tls']) await mkdir(join(folder, sub));
  await chown(join(folder, 'data'), ...(await postfixIds()));
  await chown(join(folder, 'mail'), NOBODY.uid, NOBODY.gid);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=peer.postfix.test',
    '-keyout',
    join(folder, 'tls', 'key.pem'),
    '-out',
    join(folder, 'tls', 'cert.pem'),
  ]);
  await writeFile(join(folder, 'conf', 'main.cf'), mainCf(folder));
  t.after(async () => {
    await stopPostfix(folder);
    await rm(folder, { recursive: true, force: true });
  });

  // A port found free may be taken before Postfix binds it: try a few.
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort();
    await writeFile(join(folder, 'conf', 'master.cf'), `127.0.0.1:${port} inet n - n - - smtpd\n${SERVICES}`);
    await run(POSTFIX, ['-c', join(folder, 'conf'), 'start']);
    const deadline = Date.now() + START_WAIT_MS;
    while (Date.now() < deadline && !(await isListening(port))) await sleep(50);
    if (await isListening(port)) {
      const maildir = join(folder, 'mail', 'sink', 'new');
      return {
        port,
        folder,
        async messages() {
          const names = await readdir(maildir).catch(() => [] as string[]);
          // Maildir names start with the delivery time in seconds, then a sequence: sorted = delivery order.
          return await Promise.all(names.sort().map((name) => readFile(join(maildir, name))));
        },
        log: () => readFile(join(folder, 'postfix.log'), 'utf8').catch(() => ''),
      };
    }
    await stopPostfix(folder);
  }
  throw new Error(
    `Postfix did not start: ${await readFile(join(folder, 'postfix.log'), 'utf8').catch(() => '')}`,
  );
}

async function postfixIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postfix']);
  const { stdout: group } = await run('id', ['-g', 'postfix']);
  return [Number(stdout.trim()), Number(group.trim())];
}

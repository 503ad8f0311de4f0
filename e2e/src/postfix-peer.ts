// A private Postfix instance on 127.0.0.1 as "the rest of the internet" (PEERS.md): config, queue and log in a
// temporary folder, chroot off, an smtpd with opportunistic STARTTLS, example.org delivered to one Maildir, and
// mail for the Vercors domain relayed to the Vercors MX port. Stopped by its own pid file.
// (server/src/protocols/smtp/outbound/postfix-peer.fixture.ts is the same peer for the in-process tests;
// e2e imports nothing from the server.)

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForSmtp } from './smtp-server-setup.ts';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
/** virtual(8) delivers as this user; `nobody` exists everywhere and is no one's mailbox. */
const NOBODY = 65534;
const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;

export const POSTFIX_DOMAIN = 'example.org';

export interface PostfixPeer {
  readonly port: number;
  /** Messages delivered to the example.org Maildir, oldest first. */
  messages(): Promise<Buffer[]>;
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Why Postfix cannot run here, or undefined when it can. */
export function postfixMissing(): string | undefined {
  if (!existsSync(POSTFIX)) return 'Postfix is not installed (apt-get install -y postfix, see PEERS.md)';
  if (process.getuid?.() !== 0) return 'a private Postfix instance must be started as root';
  return undefined;
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

/** Start Postfix on `port`; mail for `relayDomain` goes to 127.0.0.1:`relayPort` (the Vercors MX). */
export async function startPostfixPeer(
  port: number,
  relayDomain: string,
  relayPort: number,
): Promise<PostfixPeer> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-e2e-postfix-'));
  // Postfix's daemons run as the postfix user and must traverse the folder.
  await chmod(folder, 0o755);
  for (const sub of ['conf', 'queue', 'data', 'mail', 'tls']) await mkdir(join(folder, sub));
  const { stdout: uid } = await run('id', ['-u', 'postfix']);
  const { stdout: gid } = await run('id', ['-g', 'postfix']);
  await chown(join(folder, 'data'), Number(uid.trim()), Number(gid.trim()));
  await chown(join(folder, 'mail'), NOBODY, NOBODY);
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=peer.postfix.test'],
    ...['-keyout', join(folder, 'tls', 'key.pem'), '-out', join(folder, 'tls', 'cert.pem')],
  ]);
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${folder}/queue`,
    `data_directory = ${folder}/data`,
    'command_directory = /usr/sbin',
    'daemon_directory = /usr/lib/postfix/sbin',
    'meta_directory = /etc/postfix',
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'myhostname = peer.postfix.test',
    'mydestination =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    `maillog_file = ${folder}/postfix.log`,
    `maillog_file_prefixes = ${folder}`,
    'smtputf8_enable = yes',
    'default_transport = error:no route off this box',
    `relay_domains = ${relayDomain}`,
    `transport_maps = inline:{ {${relayDomain}=smtp:[127.0.0.1]:${relayPort}} }`,
    `virtual_mailbox_domains = ${POSTFIX_DOMAIN}`,
    `virtual_mailbox_base = ${folder}/mail`,
    'virtual_mailbox_maps = static:sink/',
    `virtual_uid_maps = static:${NOBODY}`,
    `virtual_gid_maps = static:${NOBODY}`,
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    'smtpd_tls_security_level = may',
    `smtpd_tls_cert_file = ${folder}/tls/cert.pem`,
    `smtpd_tls_key_file = ${folder}/tls/key.pem`,
    'smtpd_tls_received_header = yes',
    'smtp_tls_security_level = may',
    // Postfix's retry of a deferral to our MX would outlast the test; once is enough.
    'minimal_backoff_time = 1s',
    'queue_run_delay = 1s',
  ];
  await writeFile(join(folder, 'conf', 'main.cf'), `${main.join('\n')}\n`);
  await writeFile(
    join(folder, 'conf', 'master.cf'),
    [`127.0.0.1:${port} inet n - n - - smtpd`, ...SERVICES, ''].join('\n'),
  );

  const stop = async () => {
    await run(POSTFIX, ['-c', join(folder, 'conf'), 'stop']).catch(() => undefined);
    const pid = Number(
      (await readFile(join(folder, 'queue', 'pid', 'master.pid'), 'utf8').catch(() => '')).trim(),
    );
    const deadline = Date.now() + STOP_WAIT_MS;
    while (pid > 0 && Date.now() < deadline && isAlive(pid))
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await run(POSTFIX, ['-c', join(folder, 'conf'), 'start']);
    await waitForSmtp(port, START_WAIT_MS);
  } catch (error) {
    const log = await readFile(join(folder, 'postfix.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`Postfix did not start: ${String(error)}\n${log}`);
  }
  const maildir = join(folder, 'mail', 'sink', 'new');
  return {
    port,
    async messages() {
      const names = (await readdir(maildir).catch(() => [] as string[])).sort();
      return await Promise.all(names.map((name) => readFile(join(maildir, name))));
    },
    log: () => readFile(join(folder, 'postfix.log'), 'utf8').catch(() => ''),
    stop,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

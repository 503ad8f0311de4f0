// Issue 3 Must-hold: a real Postfix on loopback as "the rest of the internet". Mail submitted to `vercors serve`
// (two workers) leaves through the outbound queue via the relay host, reaches Postfix's Maildir DKIM-signed
// (checked with dkimpy, an independent verifier); mail Postfix relays for our domain arrives at our MX and is
// stored. Skipped with a clear message when Postfix, swaks or python3-dkim is missing; a failure when
// VERCORS_TEST_STRICT=1.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { freeLoopbackPort } from './loopback.ts';
import { POSTFIX_DOMAIN, postfixMissing, startPostfixPeer } from './postfix-peer.ts';
import {
  findTool,
  MAIL_DOMAIN,
  prepareMailData,
  RECIPIENT,
  SENDER,
  startSmtpServer,
  storedEmails,
  vercorsCli,
} from './smtp-server-setup.ts';
import { within } from './vercors-server.ts';

const run = promisify(execFile);
const SWAKS = findTool('/usr/bin/swaks');
const PYTHON = '/usr/bin/python3';
/** Both directions take a queue poll and a Postfix queue run: seconds; bounded well above that. */
const ARRIVAL_DEADLINE_MS = 60_000;

function hasDkimpy(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import dkim'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function missingPeers(): string | false {
  const missing =
    postfixMissing() ?? (SWAKS ? undefined : 'swaks is not installed (apt-get install -y swaks)');
  const reason =
    missing ?? (hasDkimpy() ? undefined : 'python3-dkim is not installed (apt-get install -y python3-dkim)');
  if (reason === undefined) return false;
  if (process.env.VERCORS_TEST_STRICT === '1') throw new Error(`VERCORS_TEST_STRICT=1: ${reason}`);
  console.log(`SKIPPING: ${reason}`);
  return reason;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + ARRIVAL_DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** dkimpy's verdict on `message`, answering its DNS query with `record`. */
async function dkimpyVerdict(message: Buffer, record: string): Promise<string> {
  const script =
    'import sys, dkim\n' +
    'record = sys.argv[1].encode()\n' +
    'print("pass" if dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda name, timeout=5: record) else "fail")\n';
  const child = execFile(PYTHON, ['-c', script, record], { timeout: 30_000 });
  child.stdin?.end(message);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await within(new Promise((resolve) => child.once('exit', resolve)), 30_000, 'dkimpy');
  return out.trim();
}

test('submitted mail leaves through the queue to Postfix DKIM-signed, and Postfix delivers to our MX', {
  skip: missingPeers(),
}, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-e2e-roundtrip-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await prepareMailData(dataDir);
  const key = JSON.parse(await vercorsCli(dataDir, ['domain', 'dkim', MAIL_DOMAIN, '--json'])) as {
    dnsRecord: { value: string };
  };

  const postfixPort = await freeLoopbackPort();
  const server = await startSmtpServer(dataDir, {
    workers: 2,
    env: {
      VERCORS_RELAY_HOST: `127.0.0.1:${postfixPort}`,
      // Postfix's certificate is self-signed; no password goes to it.
      VERCORS_RELAY_VERIFY_TLS: 'false',
      VERCORS_QUEUE_POLL_INTERVAL: '500ms',
      VERCORS_SHUTDOWN_GRACE_SECONDS: '5',
    },
  });
  t.after(() => server.process.kill());
  const postfix = await startPostfixPeer({
    port: postfixPort,
    relay: { domain: MAIL_DOMAIN, port: server.ports.smtp },
  });
  t.after(() => postfix.stop());

  // Out: submission (587, STARTTLS, AUTH) → queue → relay → Postfix's Maildir
  const submitted = await run(SWAKS ?? 'swaks', [
    ...['--server', `127.0.0.1:${server.ports.submission}`, '--tls'],
    ...['--auth', 'PLAIN', '--auth-user', SENDER.email, '--auth-password', SENDER.password],
    ...['--from', SENDER.email, '--to', `jean@${POSTFIX_DOMAIN}`],
    ...['--header', 'Subject: Conseil pédagogique', '--body', 'Bonjour Jean,\nÀ jeudi.\n'],
  ]);
  assert.match(submitted.stdout, /250 2\.0\.0/);
  const [delivered] = await until(async () => {
    const messages = await postfix.messages();
    return messages.length > 0 ? messages : undefined;
  }, 'the submitted message in Postfix’s Maildir');
  assert.ok(delivered);
  const text = delivered.toString('utf8');
  assert.match(text, new RegExp(`^Return-Path: <${SENDER.email.replace('.', '\\.')}>`));
  assert.match(
    text,
    /Received: from mx\.ac-test\.fr \(localhost \[127\.0\.0\.1\]\)\r?\n\s+\(using TLSv1\.[23]/,
  );
  assert.match(text, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=ac-test\.fr;/m);
  assert.equal(await dkimpyVerdict(delivered, key.dnsRecord.value), 'pass');
  const delivery = JSON.parse(
    await vercorsCli(dataDir, ['queue', 'list', '--state', 'delivered', '--json']),
  ) as {
    recipients: { address: string; remoteMta: string }[];
  }[];
  assert.deepEqual(
    delivery.flatMap((m) => m.recipients.map((r) => `${r.address} ${r.remoteMta}`)),
    [`jean@${POSTFIX_DOMAIN} 127.0.0.1`],
  );

  // In: Postfix relays mail for our domain to our MX, which stores it
  const sent = await run(SWAKS ?? 'swaks', [
    ...['--server', `127.0.0.1:${postfixPort}`, '--from', `jean@${POSTFIX_DOMAIN}`, '--to', RECIPIENT],
    ...['--header', 'Subject: Réponse de Jean', '--body', 'Merci !\n'],
  ]);
  assert.match(sent.stdout, /250 2\.0\.0 Ok: queued/);
  const stored = await until(() => {
    const emails = storedEmails(dataDir, RECIPIENT).filter((e) => e.subject === 'Réponse de Jean');
    return emails.length > 0 ? emails : undefined;
  }, 'Postfix to deliver to our MX');
  assert.equal(stored.length, 1);
  // Postfix logs status=sent once our 250 reaches it, which is after we stored the message: wait for it.
  const SENT = /to=<marie@ac-test\.fr>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:\d+.*status=sent/;
  const log = await until(async () => {
    const text = await postfix.log();
    return SENT.test(text) ? text : undefined;
  }, 'Postfix to log the delivery to our MX');
  assert.match(log, SENT);

  // A clean stop: nothing was left in flight. Postfix goes first, so no cached session of its keeps a
  // worker waiting out the grace period.
  await postfix.stop();
  server.process.child.kill('SIGTERM');
  const exited = await within(server.process.exited, 30_000, 'vercors to stop').catch((error: unknown) => {
    throw new Error(`${String(error)}\n${server.process.stdout()}\n${server.process.stderr()}`);
  });
  assert.equal(exited.code, 0);
  assert.doesNotMatch(server.process.stdout(), /leases of unfinished deliveries/);
});

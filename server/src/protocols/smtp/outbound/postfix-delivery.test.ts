// End to end against a real Postfix on loopback: the queue, the runner, this delivery agent and DKIM signing,
// as `vercors serve` wires them (main.ts startDelivery), with only DNS pointed at the Postfix instance.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '#core/log';
import { openServices, readConfig, startDelivery } from '../../../main.ts';
import { requireDkimpy, verifyWithDkimpy, verifyWithMailauth } from '../../../test-support/dkim-verifiers.ts';
import { openTestDatabase } from '../../../test-support/test-database.ts';
import { POSTFIX_DOMAIN, requirePostfix, startPostfixPeer } from './postfix-peer.fixture.ts';
import { staticMailDns } from './smtp-peer.fixture.ts';

const SENDER = 'marie.dupont@ac-test.fr';

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('queued mail reaches a real Postfix over STARTTLS with a DKIM signature that verifies; its 451 defers and its 550 bounces', async (t) => {
  if (!requirePostfix(t)) return;
  const postfix = await startPostfixPeer(t);

  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-postfix-e2e-'));
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } });
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mail.ac-test.fr',
    VERCORS_QUEUE_POLL_INTERVAL: '200ms',
    // The Postfix peer is on 127.0.0.1, an MX address refused by default (SSRF through DNS).
    VERCORS_OUTBOUND_ALLOW_PRIVATE_MX: 'true',
    ...testDatabase.env,
  });
  const services = await openServices(config, log);
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain('ac-test.fr');
  await services.identity.createAccount({ email: SENDER, displayName: 'Marie Dupont' });
  const key = await services.queue.createDkimKey('ac-test.fr');

  const message = Buffer.from(
    [
      `From: Marie Dupont <${SENDER}>`,
      `To: Jean <jean@${POSTFIX_DOMAIN}>`,
      'Subject: Réunion parents-professeurs',
      'Date: Mon, 2 Nov 2026 08:00:00 +0000',
      'Message-ID: <reunion-2026@ac-test.fr>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Bonjour,',
      '',
      'La réunion aura lieu jeudi à 18 h en salle polyvalente.',
      '.Une ligne qui commence par un point.',
      '',
    ].join('\r\n'),
    'utf8',
  );
  const queued = await services.queue.submit(
    message,
    [`jean@${POSTFIX_DOMAIN}`, `later@${POSTFIX_DOMAIN}`, `nobody@${POSTFIX_DOMAIN}`],
    { sender: SENDER, source: 'submission' },
  );

  const dns = staticMailDns({
    mx: { [POSTFIX_DOMAIN]: [{ exchange: 'mx.example.org', priority: 10 }] },
    hosts: { 'mx.example.org': ['127.0.0.1'] },
  });
  const runner = startDelivery(services, log, { dns, mxPort: postfix.port });
  t.after(() => runner.stop(2_000));

  // Per-recipient outcomes recorded from Postfix's own replies
  const shown = await until(async () => {
    const current = await services.queue.showQueued(queued.id);
    return current?.recipients.every((r) => r.state !== 'incoming' && r.state !== 'active')
      ? current
      : undefined;
  }, 'every recipient to get an answer');
  const byAddress = new Map(shown.recipients.map((r) => [r.address, r]));
  assert.equal(byAddress.get(`jean@${POSTFIX_DOMAIN}`)?.state, 'delivered');
  assert.match(byAddress.get(`jean@${POSTFIX_DOMAIN}`)?.lastReply ?? '', /^250 2\.0\.0 Ok: queued as/);
  const later = byAddress.get(`later@${POSTFIX_DOMAIN}`);
  assert.equal(later?.state, 'deferred');
  assert.equal(later?.lastStatus, '4.2.0');
  assert.match(
    later?.lastReply ?? '',
    /^451 4\.2\.0 <later@example\.org>: Recipient address rejected: try again later/,
  );
  const nobody = byAddress.get(`nobody@${POSTFIX_DOMAIN}`);
  assert.equal(nobody?.state, 'bounced');
  assert.equal(nobody?.lastStatus, '5.1.1');
  assert.match(nobody?.lastReply ?? '', /User unknown in virtual mailbox table/);
  assert.equal(nobody?.remoteMta, 'mx.example.org');

  // The message in Postfix's Maildir, signed, received over TLS, with 8-bit text intact
  const [delivered] = await until(async () => {
    const messages = await postfix.messages();
    return messages.length > 0 ? messages : undefined;
  }, 'Postfix to write the Maildir file');
  assert.ok(delivered);
  const text = delivered.toString('utf8');
  assert.match(text, /^Return-Path: <marie\.dupont@ac-test\.fr>/);
  assert.match(
    text,
    /Received: from mail\.ac-test\.fr \(localhost \[127\.0\.0\.1\]\)\r?\n\s+\(using TLSv1\.[23]/,
  );
  assert.match(text, /with UTF8SMTPS? id/, 'SMTPUTF8 was declared for the UTF-8 header');
  assert.match(text, /La réunion aura lieu jeudi/);
  assert.match(text, /\r?\n\.Une ligne qui commence par un point\./, 'dot-stuffing undone by the far end');
  assert.deepEqual(await verifyWithMailauth(delivered, key.dnsRecord), {
    result: 'pass',
    domain: 'ac-test.fr',
  });
  if (requireDkimpy(t)) {
    assert.equal((await verifyWithDkimpy(delivered, key.dnsRecord.value)).result, 'pass');
  }
  assert.ok(
    logLines.some((line) => line.includes('TLS certificate not verified; delivering encrypted anyway')),
    'the unverifiable self-signed certificate was logged, not fatal',
  );

  // The bounce for nobody@ went back to Marie, locally, with the null sender
  const bounce = await until(async () => {
    const [found] = (await services.queue.listQueue({ state: 'delivered' })).filter(
      (m) => m.source === 'bounce',
    );
    return found;
  }, 'the bounce to be delivered to the sender’s mailbox');
  assert.equal(bounce.sender, '');
  assert.deepEqual(
    bounce.recipients.map((r) => `${r.address} ${r.state}`),
    [`${SENDER} delivered`],
  );
  assert.match(
    await postfix.log(),
    /to=<jean@example\.org>, relay=virtual.*status=sent \(delivered to maildir\)/,
  );
});

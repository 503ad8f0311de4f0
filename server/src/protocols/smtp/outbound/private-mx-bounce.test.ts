// SSRF through MX: a domain whose MX resolves to 127.0.0.1, with outbound.allow-private-mx at its default
// (off), gets a bounce with a 5.4.4 diagnostic and no connection: the queue, this agent and the DSN, as
// main.ts composes them, with only DNS replaced.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { silentLogger } from '#core/log';
import { createQueueRunner, QUEUE_SETTINGS } from '#domain/delivery';
import { openServices, readConfig } from '../../../main.ts';
import { openTestDatabase } from '../../../test-support/test-database.ts';
import { OUTBOUND_SETTINGS } from './outbound-settings.ts';
import { createSmtpDeliveryAgent } from './smtp-delivery-agent.ts';
import { startSmtpPeer, staticMailDns } from './smtp-peer.fixture.ts';

const SENDER = 'marie.dupont@ac-test.fr';

test('mail to a domain whose MX resolves to 127.0.0.1 bounces with 5.4.4 and nothing connects there', async (t) => {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-private-mx-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mail.ac-test.fr',
    ...testDatabase.env,
  });
  const services = await openServices(config, silentLogger());
  t.after(async () => {
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  await services.identity.addDomain('ac-test.fr');
  assert.equal(config.get(OUTBOUND_SETTINGS).allowPrivateMx, false, 'refused by default');

  // An internal service where the hostile MX points: it must see no connection at all.
  const internal = await startSmtpPeer(t);
  const agent = createSmtpDeliveryAgent({
    settings: config.get(OUTBOUND_SETTINGS),
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: staticMailDns({
      mx: { 'evil.example': [{ exchange: 'mx.evil.example', priority: 10 }] },
      hosts: { 'mx.evil.example': ['127.0.0.1'] },
    }),
    port: internal.port,
  });
  const stored: Uint8Array[] = [];
  const runner = createQueueRunner({
    database: services.database,
    blobs: services.blobs,
    clock: services.clock,
    log: silentLogger(),
    settings: config.get(QUEUE_SETTINGS),
    hostname: 'mail.ac-test.fr',
    agent,
    localDelivery: (_address, raw) => {
      stored.push(raw);
      return Promise.resolve('delivered');
    },
    isLocalDomain: async (domain) => (await services.identity.getDomain(domain)) !== undefined,
  });

  const queued = await services.queue.submit(
    Buffer.from(`From: <${SENDER}>\r\nTo: <jean@evil.example>\r\nSubject: Essai\r\n\r\nBonjour\r\n`),
    ['jean@evil.example'],
    { sender: SENDER, source: 'submission' },
  );
  await runner.runOnce();
  const [recipient] = (await services.queue.showQueued(queued.id))?.recipients ?? [];
  assert.equal(recipient?.state, 'bounced');
  assert.equal(recipient?.lastStatus, '5.4.4');
  assert.equal(internal.connections, 0);

  // The sender's report says why, in the DSN's own fields (RFC 3464).
  await runner.runOnce();
  const [report] = stored;
  assert.ok(report, 'the bounce was delivered to the sender');
  const parsed = await PostalMime.parse(Buffer.from(report));
  const status = parsed.attachments.find((a) => a.mimeType === 'message/delivery-status');
  assert.ok(status);
  // Unfolded (RFC 5322 §2.2.3): the long diagnostic is folded onto two lines.
  const fields = Buffer.from(status.content as ArrayBuffer)
    .toString('utf8')
    .replace(/\r?\n(?=[ \t])/g, '');
  assert.match(fields, /Final-Recipient: rfc822; jean@evil\.example\r?\nAction: failed\r?\nStatus: 5\.4\.4/);
  assert.match(
    fields,
    /Diagnostic-Code: X-Vercors; mail hosts of evil\.example have only private or loopback addresses, which are refused \(mx\.evil\.example\[127\.0\.0\.1\] loopback\)/,
  );
});

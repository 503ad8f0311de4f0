import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { test } from 'node:test';
import { createLogger, silentLogger } from '#core/log';
import type { DeliveryRequest } from '#domain/delivery';
import type { MailDns } from './mail-dns.ts';
import { OUTBOUND_SETTINGS, type OutboundSettings } from './outbound-settings.ts';
import { createSmtpDeliveryAgent } from './smtp-delivery-agent.ts';
import { reply, startSmtpPeer, staticMailDns } from './smtp-peer.fixture.ts';

const defaults = Object.fromEntries(
  Object.entries(OUTBOUND_SETTINGS).map(([name, setting]) => [name, setting.default]),
) as OutboundSettings;
const settings: OutboundSettings = {
  ...defaults,
  // The peers here listen on 127.0.0.1, which MX delivery refuses by default (see the private MX tests below).
  allowPrivateMx: true,
  connectTimeout: 2_000,
  greetingTimeout: 5_000,
  idleTimeout: 5_000,
};

const message = Buffer.from(
  'From: Marie <marie@ac-test.fr>\r\nTo: <jean@example.org>\r\nSubject: Essai\r\n\r\nBonjour.\r\n.leading dot\r\n',
);

function request(overrides: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return {
    queueId: 'qTEST',
    sender: 'marie@ac-test.fr',
    domain: 'example.org',
    recipients: [{ address: 'jean@example.org', notify: null, orcpt: null }],
    content: message,
    envid: null,
    ret: null,
    is8bit: false,
    needsSmtputf8: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}

function dnsTo(domain = 'example.org'): MailDns {
  return staticMailDns({
    mx: { [domain]: [{ exchange: 'mx.example.org', priority: 10 }] },
    hosts: { 'mx.example.org': ['127.0.0.1'] },
  });
}

/** A loopback port nothing listens on (a closed server's), for "connection refused". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('delivers over opportunistic STARTTLS (unverified certificate), EHLO with our host name, per-recipient replies', async (t) => {
  const peer = await startSmtpPeer(t);
  peer.script.rcptTo = (address) =>
    address.startsWith('later')
      ? reply(450, 'mailbox busy')
      : address.startsWith('nobody')
        ? reply(550, 'no such user')
        : undefined;
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const results = await agent.deliver(
    request({
      recipients: ['jean', 'later', 'nobody'].map((name) => ({
        address: `${name}@example.org`,
        notify: null,
        orcpt: null,
      })),
    }),
  );
  const byAddress = new Map(results.map((r) => [r.address, r]));
  assert.equal(byAddress.get('jean@example.org')?.outcome, 'delivered');
  assert.equal(byAddress.get('jean@example.org')?.remoteMta, 'mx.example.org');
  assert.match(byAddress.get('jean@example.org')?.reply ?? '', /^250 /);
  assert.equal(byAddress.get('later@example.org')?.outcome, 'deferred');
  assert.match(byAddress.get('later@example.org')?.status ?? '', /^4\./);
  assert.match(
    byAddress.get('later@example.org')?.detail ?? '',
    /said: 450 .*mailbox busy \(in reply to RCPT TO\)/,
  );
  assert.equal(byAddress.get('nobody@example.org')?.outcome, 'bounced');
  assert.match(byAddress.get('nobody@example.org')?.status ?? '', /^5\./);

  const [transaction] = peer.transactions;
  assert.ok(transaction);
  assert.equal(transaction.isSecure, true, 'STARTTLS was used although the certificate does not verify');
  assert.equal(transaction.heloName, 'mail.ac-test.fr');
  assert.equal(transaction.mailFrom, 'marie@ac-test.fr');
  assert.deepEqual(
    transaction.recipients.map((r) => r.address),
    ['jean@example.org'],
  );
  assert.ok(transaction.data.equals(message), 'the data arrives byte for byte (dot-stuffing undone)');
});

test('8BITMIME, SMTPUTF8 (also for a UTF-8 header alone) and the DSN parameters are passed on', async (t) => {
  const peer = await startSmtpPeer(t);
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const utf8 = Buffer.from('From: Hélène <helene@ac-test.fr>\r\nSubject: Été\r\n\r\nÇa va ?\r\n', 'utf8');
  const results = await agent.deliver(
    request({
      content: utf8,
      is8bit: true,
      needsSmtputf8: true,
      envid: 'Q+2B1',
      ret: 'HDRS',
      recipients: [
        { address: 'a@example.org', notify: 'SUCCESS,FAILURE', orcpt: 'rfc822;a@example.org' },
        { address: 'b@example.org', notify: 'NEVER', orcpt: null },
      ],
    }),
  );
  assert.deepEqual(
    results.map((r) => `${r.address} ${r.outcome} ${r.isDsnPassedOn}`),
    ['a@example.org delivered true', 'b@example.org delivered true'],
  );
  assert.equal(peer.transactions.length, 2, 'different NOTIFY/ORCPT: one transaction each, on one session');
  assert.equal(peer.connections, 1);
  const [first, second] = peer.transactions;
  assert.equal(first?.mailArgs.BODY, '8BITMIME');
  assert.equal(first?.mailArgs.SMTPUTF8, true);
  assert.equal(first?.mailArgs.RET, 'HDRS');
  assert.equal(first?.mailArgs.ENVID, 'Q+1');
  assert.deepEqual(first?.recipients[0]?.args, { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;a@example.org' });
  assert.deepEqual(second?.recipients[0]?.args, { NOTIFY: 'NEVER' });
  assert.ok(first?.data.equals(utf8));
});

test('a message that needs SMTPUTF8 bounces at a server without it; the null sender is MAIL FROM:<>', async (t) => {
  const peer = await startSmtpPeer(t, { hideSMTPUTF8: true });
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const [refused] = await agent.deliver(request({ needsSmtputf8: true }));
  assert.equal(refused?.outcome, 'bounced');
  assert.equal(refused?.status, '5.6.7');
  assert.equal(peer.transactions.length, 0);

  const [bounceSent] = await agent.deliver(request({ sender: '' }));
  assert.equal(bounceSent?.outcome, 'delivered');
  assert.equal(peer.transactions[0]?.mailFrom, '');
});

test('a refused sender or refused data applies to every recipient of the transaction', async (t) => {
  const peer = await startSmtpPeer(t);
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const two = request({
    recipients: ['a', 'b'].map((n) => ({ address: `${n}@example.org`, notify: null, orcpt: null })),
  });
  peer.script.mailFrom = () => reply(553, 'sender rejected');
  assert.deepEqual(
    (await agent.deliver(two)).map((r) => `${r.outcome} ${r.status[0]}`),
    ['bounced 5', 'bounced 5'],
  );
  peer.script = { data: () => reply(451, 'spool full, try later') };
  const results = await agent.deliver(two);
  assert.deepEqual(
    results.map((r) => `${r.outcome} ${r.status[0]}`),
    ['deferred 4', 'deferred 4'],
  );
  assert.match(results[0]?.detail ?? '', /451 .*spool full.*\(in reply to end of DATA\)/);
});

test('an unreachable first MX is skipped for the next; with none reachable the mail is deferred', async (t) => {
  const peer = await startSmtpPeer(t);
  const dead = await closedPort();
  // Both MX names resolve to loopback; the agent's port is the dead one, the second host answers on its own.
  const dns = staticMailDns({
    mx: {
      'example.org': [
        { exchange: 'mx1.example.org', priority: 10 },
        { exchange: 'mx2.example.org', priority: 20 },
      ],
    },
    hosts: { 'mx1.example.org': ['127.0.0.1'], 'mx2.example.org': ['127.0.0.2'] },
  });
  const refusing = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns,
    port: dead,
  });
  const [deferred] = await refusing.deliver(request());
  assert.equal(deferred?.outcome, 'deferred');
  assert.equal(deferred?.status, '4.4.1');
  assert.match(deferred?.detail ?? '', /mx2\.example\.org\[127\.0\.0\.2\]/, 'the last host tried is named');

  // smtp-server listens on 127.0.0.1 only: mx2 (127.0.0.2) refuses, mx1 answers.
  const reversed = staticMailDns({
    mx: {
      'example.org': [
        { exchange: 'mx1.example.org', priority: 10 },
        { exchange: 'mx2.example.org', priority: 20 },
      ],
    },
    hosts: { 'mx1.example.org': ['127.0.0.2'], 'mx2.example.org': ['127.0.0.1'] },
  });
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: reversed,
    port: peer.port,
  });
  const [delivered] = await agent.deliver(request());
  assert.equal(delivered?.outcome, 'delivered');
  assert.equal(delivered?.remoteMta, 'mx2.example.org');
});

test('a greeting refusal moves on and ends deferred, never bounced', async (t) => {
  const peer = await startSmtpPeer(t, {
    onConnect: (_session, callback) => callback(reply(554, 'no service for you')),
  });
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const [result] = await agent.deliver(request());
  assert.equal(result?.outcome, 'deferred');
  assert.match(result?.detail ?? '', /refused to talk to us: 554/);
});

test('a message larger than the server’s SIZE bounces with 5.3.4 without sending it', async (t) => {
  const peer = await startSmtpPeer(t, { size: 100 });
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const [result] = await agent.deliver(
    request({ content: Buffer.concat([message, Buffer.alloc(500, 'x')]) }),
  );
  assert.equal(result?.outcome, 'bounced');
  assert.equal(result?.status, '5.3.4');
  assert.equal(peer.transactions.length, 0);
});

test('the relay host takes all mail, with AUTH only over TLS, and its certificate checked when asked', async (t) => {
  const credentials = { user: 'vercors', pass: 's3cret-relay' };
  const relay = await startSmtpPeer(t, {}, credentials);
  const relaySettings: OutboundSettings = {
    ...settings,
    relayHost: `127.0.0.1:${relay.port}`,
    relayUser: credentials.user,
    relayPassword: credentials.pass,
    relayVerifyTls: false,
  };
  const dns = staticMailDns({});
  const agent = createSmtpDeliveryAgent({
    settings: relaySettings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns,
  });
  const [delivered] = await agent.deliver(request({ domain: 'anywhere.example' }));
  assert.equal(delivered?.outcome, 'delivered');
  assert.deepEqual(dns.asked, [], 'no MX lookup through a relay');
  assert.equal(relay.transactions[0]?.user, credentials.user);
  assert.equal(relay.transactions[0]?.isSecure, true);

  // smtp-server's built-in certificate does not verify: with verification on, nothing is sent.
  const strict = createSmtpDeliveryAgent({
    settings: { ...relaySettings, relayVerifyTls: true },
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns,
  });
  const [deferred] = await strict.deliver(request());
  assert.equal(deferred?.outcome, 'deferred');
  assert.equal(relay.transactions.length, 1);

  const plaintext = await startSmtpPeer(
    t,
    { hideSTARTTLS: true, disabledCommands: ['STARTTLS'] },
    credentials,
  );
  const noTls = createSmtpDeliveryAgent({
    settings: { ...relaySettings, relayHost: `127.0.0.1:${plaintext.port}` },
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns,
  });
  const [refused] = await noTls.deliver(request());
  assert.equal(refused?.outcome, 'deferred', 'no password is sent in clear text');
  assert.equal(plaintext.transactions.length, 0);
});

test('an aborted attempt ends at once, deferred', async (t) => {
  const peer = await startSmtpPeer(t, {
    // A server that accepts the connection and never greets.
    onConnect: () => {},
  });
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port: peer.port,
  });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 100);
  const [result] = await agent.deliver(request({ signal: controller.signal }));
  assert.equal(result?.outcome, 'deferred');
  assert.match(result?.detail ?? '', /^delivery interrupted/);
  assert.ok(Date.now() - started < 3_000);
});

test('a relay whose certificate does not verify gets nothing, not even in clear text', async (t) => {
  const relay = await startSmtpPeer(t);
  const agent = createSmtpDeliveryAgent({
    settings: { ...settings, relayHost: `127.0.0.1:${relay.port}`, relayVerifyTls: true },
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: staticMailDns({}),
  });
  const [result] = await agent.deliver(request());
  assert.equal(result?.outcome, 'deferred');
  assert.equal(relay.transactions.length, 0);
});

test('an MX whose STARTTLS handshake breaks is tried again in clear text, as opportunistic TLS allows', async (t) => {
  const peer = await startSmtpPeer(t, { hideSTARTTLS: true });
  // In front of the peer: the first session offers STARTTLS and then answers the handshake with garbage.
  let sessions = 0;
  const front = createServer((client) => {
    sessions++;
    if (sessions > 1) {
      const back = connect({ host: '127.0.0.1', port: peer.port });
      client.pipe(back).pipe(client);
      back.on('error', () => client.destroy());
      client.on('error', () => back.destroy());
      return;
    }
    client.on('error', () => {});
    client.write('220 broken.example ESMTP\r\n');
    client.on('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1');
      if (/^EHLO/i.test(line)) client.write('250-broken.example\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(line)) client.write('220 go ahead\r\nthis is not a TLS record at all\r\n');
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => front.close(() => resolve())));
  const port = (front.address() as { port: number }).port;
  const agent = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: dnsTo(),
    port,
  });
  const [result] = await agent.deliver(request());
  assert.equal(result?.outcome, 'delivered');
  assert.equal(sessions, 2);
  assert.equal(peer.transactions[0]?.isSecure, false);
});

test('an MX that resolves to loopback or private addresses bounces with 5.4.4, without a connection, and is logged', async (t) => {
  const peer = await startSmtpPeer(t);
  const logLines: string[] = [];
  const agent = createSmtpDeliveryAgent({
    settings: { ...settings, allowPrivateMx: false },
    hostname: 'mail.ac-test.fr',
    log: createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } }),
    dns: staticMailDns({
      mx: {
        'evil.example': [
          { exchange: 'mx.evil.example', priority: 10 },
          { exchange: 'mx2.evil.example', priority: 20 },
        ],
      },
      hosts: {
        'mx.evil.example': ['127.0.0.1'],
        'mx2.evil.example': ['10.0.0.25', '::ffff:169.254.169.254'],
      },
    }),
    port: peer.port,
  });
  const [result] = await agent.deliver(
    request({
      domain: 'evil.example',
      recipients: [{ address: 'jean@evil.example', notify: null, orcpt: null }],
    }),
  );
  assert.equal(result?.outcome, 'bounced');
  assert.equal(result?.status, '5.4.4');
  assert.equal(
    result?.detail,
    'mail hosts of evil.example have only private or loopback addresses, which are refused ' +
      '(mx.evil.example[127.0.0.1] loopback, mx2.evil.example[10.0.0.25] private, ' +
      'mx2.evil.example[::ffff:169.254.169.254] link-local)',
  );
  assert.equal(peer.connections, 0, 'nothing was sent to the internal address');
  const warning = logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((entry) => entry.msg === 'MX addresses refused as non-public');
  assert.equal(warning?.level, 'warn');
  assert.equal(warning?.domain, 'evil.example');

  // The same domain with the setting on (an internal network whose MX hosts are private): delivered.
  const allowed = createSmtpDeliveryAgent({
    settings,
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: staticMailDns({
      mx: { 'evil.example': [{ exchange: 'mx.evil.example', priority: 10 }] },
      hosts: { 'mx.evil.example': ['127.0.0.1'] },
    }),
    port: peer.port,
  });
  const [delivered] = await allowed.deliver(
    request({
      domain: 'evil.example',
      recipients: [{ address: 'jean@evil.example', notify: null, orcpt: null }],
    }),
  );
  assert.equal(delivered?.outcome, 'delivered');
});

test('the relay host is the administrator’s choice: a loopback relay is used with private MX refused', async (t) => {
  const relay = await startSmtpPeer(t);
  const agent = createSmtpDeliveryAgent({
    settings: {
      ...settings,
      allowPrivateMx: false,
      relayHost: `127.0.0.1:${relay.port}`,
      relayVerifyTls: false,
    },
    hostname: 'mail.ac-test.fr',
    log: silentLogger(),
    dns: staticMailDns({}),
  });
  const [result] = await agent.deliver(request());
  assert.equal(result?.outcome, 'delivered');
  assert.equal(relay.transactions.length, 1);
});

// The authentication stage's verdicts against DNS records served by a test resolver: SPF and DMARC from the
// envelope and header fields, DKIM from the body as well. An unsigned message is checked on its header section
// alone; these tests hold that to the verdict mailauth gives on the whole message, and that a signed message's
// body is still read.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authenticate } from 'mailauth';
import { silentLogger } from '#core/log';
import { dkimDnsRecord, DKIM_KEY_TYPES, generateDkimKeyPair } from './dkim-keys.ts';
import { signWithDkim } from './dkim-sign.ts';
import type { InboundEnvelope } from './inbound-envelope.ts';
import {
  createAuthenticationStage,
  type DnsResolver,
  stripOwnAuthenticationResults,
} from './pipeline-authentication.ts';

const HOST = 'mx.ac-test.fr';
const CLIENT_IP = '192.0.2.25';

function resolverWith(records: Record<string, string>): DnsResolver {
  return (name, rrtype) => {
    const value = rrtype === 'TXT' ? records[name.toLowerCase()] : undefined;
    if (value === undefined) {
      return Promise.reject(Object.assign(new Error(`no ${rrtype} for ${name}`), { code: 'ENOTFOUND' }));
    }
    return Promise.resolve([[value]] as never);
  };
}

const PUBLISHED = {
  'example.org': `v=spf1 ip4:${CLIENT_IP} -all`,
  '_dmarc.example.org': 'v=DMARC1; p=reject',
};

function envelope(mailFrom: string): InboundEnvelope {
  return {
    mailFrom,
    rcptTo: [{ address: 'jean.dupont@ac-test.fr' }],
    remoteAddress: CLIENT_IP,
    helo: 'mail.example.org',
    isExtended: true,
    isTls: false,
    isAuthenticated: false,
    isSmtpUtf8: false,
    sessionId: 'test',
  };
}

function message(lineEnd: string, body: string): Buffer {
  return Buffer.from(
    [
      'From: Claire <claire@example.org>',
      'To: jean.dupont@ac-test.fr',
      'Subject: Conseil de classe',
      'Message-ID: <conseil@example.org>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
      'Réunion\n\nà 17 h.',
    ].join(lineEnd),
    'utf8',
  );
}

for (const [name, lineEnd] of [
  ['CRLF', '\r\n'],
  ['bare LF', '\n'],
] as const) {
  test(`an unsigned message (${name}) gets the verdict mailauth gives on the whole message`, async () => {
    const resolver = resolverWith(PUBLISHED);
    const stage = createAuthenticationStage({ hostname: HOST, resolver, log: silentLogger() });
    const raw = message(lineEnd, 'Bonjour,'.repeat(600));
    const verdict = await stage.check(envelope('claire@example.org'), raw);
    assert.deepEqual(
      { spf: verdict.spf, dkim: verdict.dkim, dmarc: verdict.dmarc, arc: verdict.arc },
      { spf: 'pass', dkim: 'none', dmarc: 'pass', arc: 'none' },
    );
    const whole = await authenticate(raw, {
      ip: CLIENT_IP,
      helo: 'mail.example.org',
      sender: 'claire@example.org',
      mta: HOST,
      resolver,
      disableBimi: true,
    });
    assert.equal(verdict.headers.trimEnd(), whole.headers.replace(/\r?\n/g, '\r\n').trimEnd());
  });
}

test('an unsigned message from a host outside the SPF record fails SPF and DMARC', async () => {
  const stage = createAuthenticationStage({
    hostname: HOST,
    resolver: resolverWith({ ...PUBLISHED, 'example.org': 'v=spf1 ip4:198.51.100.1 -all' }),
    log: silentLogger(),
  });
  const verdict = await stage.check(envelope('claire@example.org'), message('\r\n', 'Bonjour'));
  assert.equal(verdict.spf, 'fail');
  assert.equal(verdict.dmarc, 'fail');
  assert.match(verdict.headers, /^Received-SPF: fail /);
});

test('a signed message has its body hash checked: it passes as sent and is neutral once the body changes', async () => {
  const pair = await generateDkimKeyPair('ed25519');
  const algorithm = DKIM_KEY_TYPES.ed25519;
  const key = { domain: 'example.org', selector: 's1', algorithm, privateKey: pair.privateKey };
  const { content, isSigned } = await signWithDkim(
    message('\r\n', 'Bonjour'),
    key,
    new Date(),
    silentLogger(),
  );
  assert.ok(isSigned);
  const record = dkimDnsRecord('example.org', 's1', algorithm, pair.publicKey);
  const stage = createAuthenticationStage({
    hostname: HOST,
    resolver: resolverWith({ ...PUBLISHED, [record.name.replace(/\.$/, '')]: record.value }),
    log: silentLogger(),
  });
  const sent = await stage.check(envelope('claire@example.org'), content);
  assert.equal(sent.dkim, 'pass');
  assert.match(sent.headers, /dkim=pass .*header\.d=example\.org/s);

  const changed = Buffer.from(content.toString('utf8').replace('17 h', '18 h'), 'utf8');
  const tampered = await stage.check(envelope('claire@example.org'), changed);
  assert.equal(tampered.dkim, 'neutral');
  assert.match(tampered.headers, /dkim=neutral \(body hash did not verify\)/);
});

test('our own Authentication-Results fields are removed from the header section only, whatever its line ends', () => {
  const ours = 'Authentication-Results: MX.ac-test.fr; dmarc=pass\r\n header.from=example.org';
  const theirs = 'Authentication-Results: mx.example.org; spf=pass';
  const body = `Authentication-Results: ${HOST}; quoted in the body, left alone`;
  const crlf = Buffer.from(`${ours}\r\n${theirs}\r\nSubject: x\r\n\r\n${body}\r\n`, 'latin1');
  assert.equal(
    Buffer.from(stripOwnAuthenticationResults(crlf, HOST)).toString('latin1'),
    `${theirs}\r\nSubject: x\r\n\r\n${body}\r\n`,
  );
  const lf = Buffer.from(`Subject: x\n${ours.replace('\r\n', '\n')}\n\n${body}\r\n\r\n`, 'latin1');
  assert.equal(
    Buffer.from(stripOwnAuthenticationResults(lf, HOST)).toString('latin1'),
    `Subject: x\n\n${body}\r\n\r\n`,
  );
  const headerOnly = Buffer.from(`Subject: x\r\n${ours}\r\n`, 'latin1');
  assert.equal(
    Buffer.from(stripOwnAuthenticationResults(headerOnly, HOST)).toString('latin1'),
    'Subject: x\r\n',
  );
  const untouched = Buffer.from(`${theirs}\r\n\r\n${body}\r\n`, 'latin1');
  assert.equal(
    stripOwnAuthenticationResults(untouched, HOST),
    untouched,
    'nothing to remove: the same bytes',
  );
});

test('a forged field of ours is removed whether its authserv-id carries a version or sits on a folded line', () => {
  const versioned = `Authentication-Results: ${HOST} 1; dmarc=pass header.from=example.org`;
  const folded = `Authentication-Results:\r\n "${HOST}";\r\n spf=pass`;
  const raw = Buffer.from(`${versioned}\r\n${folded}\r\nSubject: x\r\n\r\nbody\r\n`, 'latin1');
  assert.equal(
    Buffer.from(stripOwnAuthenticationResults(raw, HOST)).toString('latin1'),
    'Subject: x\r\n\r\nbody\r\n',
  );
});

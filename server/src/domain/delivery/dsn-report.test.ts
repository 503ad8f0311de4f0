import assert from 'node:assert/strict';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { asciiLine, decodeXtext, foldedField, rfc5322Date } from './dsn-fields.ts';
import { buildDsn, DSN_MAX_RETURNED_BYTES, type DsnReport } from './dsn-report.ts';

const original = Buffer.from(
  'From: Marie <marie@ac-test.fr>\r\nTo: <jean@example.org>\r\nSubject: Réunion\r\nMessage-ID: <m1@ac-test.fr>\r\n\r\nBonjour Jean,\r\nà jeudi.\r\n',
  'utf8',
);

function report(overrides: Partial<DsnReport> = {}): DsnReport {
  return {
    kind: 'failure',
    reportingMta: 'mail.ac-test.fr',
    queueId: 'qTEST',
    to: 'marie@ac-test.fr',
    envid: null,
    arrivalDate: new Date('2026-11-02T08:00:00Z'),
    recipients: [
      {
        address: 'jean@example.org',
        orcpt: 'rfc822;Jean+2BX@example.org',
        action: 'failed',
        status: '5.1.1',
        detail: 'host mx.example.org[192.0.2.1] said: 550 5.1.1 no such user (in reply to RCPT TO)',
        reply: '550 5.1.1 <jean@example.org>: Recipient address rejected',
        remoteMta: 'mx.example.org',
        lastAttemptAt: new Date('2026-11-02T08:01:00Z'),
      },
    ],
    original,
    returnContent: 'full',
    now: new Date('2026-11-02T08:01:00Z'),
    ...overrides,
  };
}

/** The message/delivery-status fields, per-message block first, as name → value maps. */
function statusBlocks(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .trim()
    .split(/\n\n+/)
    .map(
      (block) =>
        new Map(
          block
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
        ),
    );
}

test('a failure DSN is a multipart/report a mail parser reads back: text, delivery-status, original', async () => {
  const raw = buildDsn(report());
  const parsed = await PostalMime.parse(raw, { attachEmail: true } as never);
  assert.equal(parsed.from?.address, 'MAILER-DAEMON@mail.ac-test.fr');
  assert.equal(parsed.to?.[0]?.address, 'marie@ac-test.fr');
  assert.equal(parsed.subject, 'Message non distribué / Undelivered Mail Returned to Sender');
  assert.match(
    parsed.text ?? '',
    /Votre message n’a pas pu être remis[\s\S]*Your message could not be delivered/,
  );
  assert.match(
    parsed.text ?? '',
    /<jean@example\.org> : 550 5\.1\.1 <jean@example\.org>: Recipient address rejected/,
  );
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
  assert.match(head, /^Auto-Submitted: auto-replied$/m);
  assert.match(head, /Content-Type: multipart\/report; report-type=delivery-status;/);

  const status = parsed.attachments.find((a) => a.mimeType === 'message/delivery-status');
  assert.ok(status);
  const [message, recipient] = statusBlocks(Buffer.from(status.content as ArrayBuffer).toString('utf8'));
  assert.equal(message?.get('Reporting-MTA'), 'dns; mail.ac-test.fr');
  assert.equal(message?.get('Arrival-Date'), 'Mon, 2 Nov 2026 08:00:00 +0000');
  assert.equal(recipient?.get('Final-Recipient'), 'rfc822; jean@example.org');
  assert.equal(recipient?.get('Original-Recipient'), 'rfc822;Jean+X@example.org', 'xtext decoded');
  assert.equal(recipient?.get('Action'), 'failed');
  assert.equal(recipient?.get('Status'), '5.1.1');
  assert.equal(recipient?.get('Remote-MTA'), 'dns; mx.example.org');
  assert.equal(
    recipient?.get('Diagnostic-Code'),
    'smtp; 550 5.1.1 <jean@example.org>: Recipient address rejected',
  );
  assert.equal(recipient?.get('Last-Attempt-Date'), 'Mon, 2 Nov 2026 08:01:00 +0000');

  const returned = parsed.attachments.find((a) => a.mimeType === 'message/rfc822');
  assert.ok(returned, 'the whole original is returned');
  assert.ok(raw.includes(original), 'byte for byte');
  assert.match(
    raw.toString('latin1'),
    /Content-Type: message\/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n/,
  );
});

test('RET=HDRS, delay warnings and an original over the size limit return the header only', async () => {
  const big = Buffer.concat([original, Buffer.alloc(DSN_MAX_RETURNED_BYTES, 'x')]);
  for (const overrides of [
    { returnContent: 'headers' as const },
    { original: big },
    {
      kind: 'delay' as const,
      returnContent: 'headers' as const,
      recipients: [
        {
          address: 'jean@example.org',
          orcpt: null,
          action: 'delayed' as const,
          status: '4.4.1',
          detail: 'connection refused by mx.example.org[192.0.2.1]',
          willRetryUntil: new Date('2026-11-07T08:00:00Z'),
        },
      ],
    },
  ]) {
    const raw = buildDsn(report(overrides));
    const parsed = await PostalMime.parse(raw);
    assert.ok(!parsed.attachments.some((a) => a.mimeType === 'message/rfc822'));
    const headers = parsed.attachments.find((a) => a.mimeType === 'text/rfc822-headers');
    assert.ok(headers);
    assert.doesNotMatch(Buffer.from(headers.content as ArrayBuffer).toString('utf8'), /Bonjour/);
    assert.ok(raw.length < DSN_MAX_RETURNED_BYTES);
  }
  const delay = await PostalMime.parse(
    buildDsn(
      report({
        kind: 'delay',
        recipients: [
          {
            address: 'jean@example.org',
            orcpt: null,
            action: 'delayed',
            status: '4.4.1',
            detail: 'connection refused',
            willRetryUntil: new Date('2026-11-07T08:00:00Z'),
          },
        ],
      }),
    ),
  );
  assert.equal(delay.subject, 'Message pas encore distribué / Delayed Mail (still being retried)');
  const fields = Buffer.from(
    delay.attachments.find((a) => a.mimeType === 'message/delivery-status')?.content as ArrayBuffer,
  ).toString('utf8');
  assert.match(fields, /Action: delayed/);
  assert.match(fields, /Diagnostic-Code: X-Vercors; connection refused/);
  assert.match(fields, /Will-Retry-Until: Sat, 7 Nov 2026 08:00:00 \+0000/);
  assert.match(delay.text ?? '', /continue d’essayer jusqu’au Sat, 7 Nov 2026/);
});

test('a hostile remote reply cannot add header fields to the report', async () => {
  const raw = buildDsn(
    report({
      recipients: [
        {
          address: 'jean@example.org',
          orcpt: null,
          action: 'failed',
          status: '5.0.0',
          detail: 'refused',
          reply: '550 no\r\nBcc: victim@example.net\r\n\r\nInjected: yes',
        },
      ],
    }),
  );
  const parsed = await PostalMime.parse(raw);
  const fields = Buffer.from(
    parsed.attachments.find((a) => a.mimeType === 'message/delivery-status')?.content as ArrayBuffer,
  ).toString('utf8');
  assert.doesNotMatch(fields, /^Bcc:/m);
  assert.doesNotMatch(fields, /^Injected:/m);
  assert.match(fields, /Diagnostic-Code: smtp; 550 no Bcc: victim@example\.net {2}Injected: yes/);
});

test('field helpers: RFC 5322 dates in UTC, xtext, one safe ASCII line, folding under 78 columns', () => {
  assert.equal(rfc5322Date(new Date('2026-01-05T03:04:05Z')), 'Mon, 5 Jan 2026 03:04:05 +0000');
  assert.equal(decodeXtext('a+2Bb+3Dc+ZZ'), 'a+b=c+ZZ');
  assert.equal(asciiLine('é\tok\r\nnext'), '??ok next');
  assert.equal(asciiLine('x'.repeat(3000)).length, 2003);
  const folded = foldedField('Diagnostic-Code', `smtp; ${'word '.repeat(40)}`.trim());
  assert.ok(folded.split('\r\n').every((line) => line.length <= 78));
  assert.equal(folded.replace(/\r\n /g, ' '), `Diagnostic-Code: smtp; ${'word '.repeat(40)}`.trim());
});

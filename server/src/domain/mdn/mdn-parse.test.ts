import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMdnMessage } from './mdn-parse.ts';

/** A receipt as another client writes it (shaped after RFC 8098 §9.1), with `report` as its report part. */
function foreignReceipt(
  report: string[],
  options: { preamble?: string[]; third?: string[] } = {},
): Uint8Array {
  return Buffer.from(
    [
      'From: Joe Recipient <joe@example.com>',
      'To: Jane Sender <jane@example.org>',
      'Subject: Disposition notification',
      'Message-ID: <mdn-77@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=disposition-notification;',
      '   boundary="RAA14128/example.com"',
      '',
      '--RAA14128/example.com',
      ...(options.preamble ?? ['', 'Your message has been displayed.', 'No guarantee that it was read.']),
      '',
      '--RAA14128/example.com',
      'content-type: Message/Disposition-Notification',
      '',
      ...report,
      '',
      '--RAA14128/example.com',
      ...(options.third ?? ['content-type: text/rfc822-headers', '', 'Subject: First draft', '']),
      '--RAA14128/example.com--',
      '',
    ].join('\r\n'),
  );
}

const STANDARD_REPORT = [
  'Reporting-UA: joes-pc.cs.example.com; Foomail 97.1',
  'Original-Recipient: rfc822;joe@example.com',
  'Final-Recipient: rfc822;joe@example.com',
  'Original-Message-ID: <199509192301.23456@example.org>',
  'Disposition: manual-action/MDN-sent-manually; displayed',
];

test('a receipt from another client is read, its disposition in lower case (RFC 9007 §2)', async () => {
  assert.deepEqual(await parseMdnMessage(foreignReceipt(STANDARD_REPORT)), {
    subject: 'Disposition notification',
    textBody: 'Your message has been displayed.\nNo guarantee that it was read.\n',
    includeOriginalMessage: false,
    reportingUA: 'joes-pc.cs.example.com; Foomail 97.1',
    disposition: { actionMode: 'manual-action', sendingMode: 'mdn-sent-manually', type: 'displayed' },
    mdnGateway: null,
    originalRecipient: 'rfc822;joe@example.com',
    finalRecipient: 'rfc822;joe@example.com',
    originalMessageId: '<199509192301.23456@example.org>',
    error: null,
    extensionFields: null,
  });
});

test('comments and folding in the Disposition field are read as RFC 8098 §3.1 asks', async () => {
  const parsed = await parseMdnMessage(
    foreignReceipt([
      'Final-Recipient: rfc822; joe@example.com',
      'Disposition: (the user clicked) Automatic-Action /',
      '  MDN-Sent-Automatically ; Deleted (gone) / error, x-vendor',
      'Error: the (first)',
      '  error',
      'Error: another',
    ]),
  );
  assert.deepEqual(parsed?.disposition, {
    actionMode: 'automatic-action',
    sendingMode: 'mdn-sent-automatically',
    type: 'deleted',
  });
  assert.deepEqual(parsed?.error, ['the (first)  error', 'another']);
});

test('extension fields keep their names as written, __proto__ included; gateway fields are read', async () => {
  const parsed = await parseMdnMessage(
    foreignReceipt([
      ...STANDARD_REPORT,
      'MDN-Gateway: dns; gateway.example.net',
      'X-Extension: one',
      'x-extension: two',
      '__proto__: polluted?',
    ]),
  );
  assert.equal(parsed?.mdnGateway, 'dns; gateway.example.net');
  assert.deepEqual(Object.entries(parsed?.extensionFields ?? {}), [
    ['X-Extension', 'one'],
    ['x-extension', 'two'],
    ['__proto__', 'polluted?'],
  ]);
  assert.equal(Object.getPrototypeOf(parsed?.extensionFields), Object.prototype);
});

test('the original message after the report means includeOriginalMessage; an HTML text is made plain', async () => {
  const parsed = await parseMdnMessage(
    foreignReceipt(STANDARD_REPORT, {
      preamble: ['Content-Type: text/html; charset=utf-8', '', '<p>Votre message a été <b>affiché</b>.</p>'],
      third: ['Content-Type: message/rfc822', '', 'Subject: First draft', '', 'Body', ''],
    }),
  );
  assert.equal(parsed?.includeOriginalMessage, true);
  assert.equal(parsed?.textBody?.trim(), 'Votre message a été affiché.');
});

test('no report part, an unreadable or unknown disposition, or a forwarded receipt: no MDN', async () => {
  const plain = Buffer.from('From: a@example.org\r\nSubject: Bonjour\r\n\r\nBonjour\r\n');
  assert.equal(await parseMdnMessage(plain), undefined);
  const withoutDisposition = STANDARD_REPORT.filter((line) => !line.startsWith('Disposition'));
  assert.equal(await parseMdnMessage(foreignReceipt(withoutDisposition)), undefined);
  assert.equal(
    await parseMdnMessage(
      foreignReceipt(['Final-Recipient: rfc822; joe@example.com', 'Disposition: manual-action; displayed']),
    ),
    undefined,
  );
  // RFC 2298's "failed" is no disposition type of RFC 8098 (nor of JMAP).
  assert.equal(
    await parseMdnMessage(
      foreignReceipt([
        'Final-Recipient: rfc822; joe@example.com',
        'Disposition: automatic-action/MDN-sent-automatically; failed',
      ]),
    ),
    undefined,
  );
  // A receipt attached to a forwarded message is the attachment's, not this message's.
  const receipt = Buffer.from(foreignReceipt(STANDARD_REPORT)).toString('utf8');
  const forwarded = Buffer.from(
    [
      'From: jane@example.org',
      'Subject: Fwd: receipt',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'See below.',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      receipt,
      '--outer--',
      '',
    ].join('\r\n'),
  );
  assert.equal(await parseMdnMessage(forwarded), undefined);
});

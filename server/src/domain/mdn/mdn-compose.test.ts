import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '#formats/mime';
import { composeMdn, type MdnReport } from './mdn-compose.ts';
import { parseMdnMessage } from './mdn-parse.ts';

const ORIGINAL = Buffer.from(
  [
    'From: Marie Curie <marie@ac-test.fr>',
    'To: Paul Durand <paul@ac-test.fr>',
    'Subject: =?UTF-8?Q?R=C3=A9union?=',
    'Message-ID: <reunion-1@ac-test.fr>',
    'Disposition-Notification-To: marie@ac-test.fr',
    '',
    'Bonjour Paul, la réunion est jeudi.',
    '',
  ].join('\r\n'),
);
const ORIGINAL_HEADER = ORIGINAL.subarray(0, ORIGINAL.indexOf('\r\n\r\n') + 4);

function report(overrides: Partial<MdnReport> = {}): MdnReport {
  return {
    from: { name: 'Paul Durand', address: 'paul@ac-test.fr' },
    to: ['marie@ac-test.fr'],
    subject: 'Accusé de lecture : Réunion',
    text: 'Votre message « Réunion » a été affiché.\n',
    date: new Date('2026-03-02T09:30:00Z'),
    messageId: 'mdn-1@mail.ac-test.fr',
    reportingUA: 'Vercors',
    originalRecipient: 'rfc822; paul@ac-test.fr',
    finalRecipient: 'rfc822; paul@ac-test.fr',
    originalMessageId: '<reunion-1@ac-test.fr>',
    disposition: { actionMode: 'manual-action', sendingMode: 'mdn-sent-manually', type: 'displayed' },
    extensionFields: [['X-Vercors-Classe', '4e B']],
    original: { kind: 'message', bytes: ORIGINAL },
    ...overrides,
  };
}

const text = (raw: Uint8Array) => Buffer.from(raw).toString('utf8');

test('a composed receipt reads back as the same MDN', async () => {
  const raw = await composeMdn(report());
  assert.deepEqual(await parseMdnMessage(raw), {
    subject: 'Accusé de lecture : Réunion',
    textBody: 'Votre message « Réunion » a été affiché.\n',
    includeOriginalMessage: true,
    reportingUA: 'Vercors',
    disposition: { actionMode: 'manual-action', sendingMode: 'mdn-sent-manually', type: 'displayed' },
    mdnGateway: null,
    originalRecipient: 'rfc822; paul@ac-test.fr',
    finalRecipient: 'rfc822; paul@ac-test.fr',
    originalMessageId: '<reunion-1@ac-test.fr>',
    error: null,
    extensionFields: { 'X-Vercors-Classe': '4e B' },
  });
});

test('the receipt is a multipart/report whose report fields follow RFC 8098 §3.1 order', async () => {
  const raw = await composeMdn(report());
  const message = text(raw);
  const header = message.slice(0, message.indexOf('\r\n\r\n'));
  assert.match(header, /^From: Paul Durand <paul@ac-test\.fr>$/m);
  assert.match(header, /^To: marie@ac-test\.fr$/m);
  assert.match(header, /^Message-ID: <mdn-1@mail\.ac-test\.fr>$/m);
  assert.match(header, /^In-Reply-To: <reunion-1@ac-test\.fr>$/m);
  assert.match(header, /^Date: Mon, 02 Mar 2026 09:30:00 \+0000$/m);
  assert.match(header, /^Content-Type: multipart\/report; report-type=disposition-notification;/m);
  // RFC 8098 §3: a receipt never asks for a receipt; a person's click is no automatic answer (RFC 3834 §5).
  assert.doesNotMatch(header, /^Disposition-Notification-To:/im);
  assert.doesNotMatch(header, /^Auto-Submitted:/im);

  const parsed = await parseMessage(raw);
  assert.deepEqual(
    parsed.structure.children.map((part) => `${part.type}/${part.subtype}`),
    ['text/plain', 'message/disposition-notification', 'message/rfc822'],
  );
  const notification = parsed.structure.children[1];
  assert.ok(notification);
  assert.equal(notification.encoding, '7bit', 'RFC 8098 §3.1: 7bit MUST be used');
  assert.equal(
    Buffer.from(raw.subarray(notification.bodyStart, notification.bodyEnd)).toString('utf8'),
    [
      'Reporting-UA: Vercors',
      'Original-Recipient: rfc822; paul@ac-test.fr',
      'Final-Recipient: rfc822; paul@ac-test.fr',
      'Original-Message-ID: <reunion-1@ac-test.fr>',
      'Disposition: manual-action/mdn-sent-manually; displayed',
      'X-Vercors-Classe: 4e B',
      '',
    ].join('\r\n'),
  );
  // The original travels byte for byte, its 8-bit body said so.
  const original = parsed.structure.children[2];
  assert.ok(original);
  assert.equal(original.encoding, '8bit');
  assert.deepEqual(Buffer.from(raw.subarray(original.bodyStart, original.bodyEnd)), ORIGINAL);
});

test('optional report fields are left out, and a long value is folded', async () => {
  const raw = await composeMdn(
    report({
      reportingUA: null,
      originalRecipient: null,
      originalMessageId: null,
      extensionFields: [['X-Long', `${'mot '.repeat(40)}fin`]],
    }),
  );
  const message = text(raw);
  assert.doesNotMatch(message, /^(Reporting-UA|Original-Recipient|Original-Message-ID|In-Reply-To):/m);
  assert.match(message, /^X-Long: mot mot/m);
  assert.ok(
    message.split('\r\n').every((line) => line.length <= 78),
    'every line within 78 characters',
  );
  const parsed = await parseMdnMessage(raw);
  assert.equal(parsed?.extensionFields?.['X-Long'], `${'mot '.repeat(40)}fin`);
  assert.equal(parsed?.reportingUA, null);
  assert.equal(parsed?.originalMessageId, null);
});

test('a non-ASCII subject and name are RFC 2047 words; an automatic receipt is Auto-Submitted', async () => {
  const raw = await composeMdn(
    report({
      from: { name: 'Paul « le prof » Durand', address: 'paul@ac-test.fr' },
      disposition: {
        actionMode: 'automatic-action',
        sendingMode: 'mdn-sent-automatically',
        type: 'processed',
      },
    }),
  );
  const message = text(raw);
  const header = message.slice(0, message.indexOf('\r\n\r\n'));
  assert.match(header, /^Subject: =\?UTF-8\?Q\?Accus=C3=A9_de_lecture/m);
  assert.match(header, /^From: =\?UTF-8\?Q\?Paul_=C2=AB_le_prof_=C2=BB_Durand\?= <paul@ac-test\.fr>$/m);
  assert.ok(
    [...header].every((char) => char.charCodeAt(0) < 0x80),
    'the header section is ASCII',
  );
  assert.match(header, /^Auto-Submitted: auto-replied$/m);
  const parsed = await parseMessage(raw);
  assert.equal(parsed.subject, 'Accusé de lecture : Réunion');
  assert.equal(parsed.from[0]?.name, 'Paul « le prof » Durand');
  assert.deepEqual((await parseMdnMessage(raw))?.disposition, {
    actionMode: 'automatic-action',
    sendingMode: 'mdn-sent-automatically',
    type: 'processed',
  });
});

test('without the original, only its header section travels, as text/rfc822-headers', async () => {
  const raw = await composeMdn(report({ original: { kind: 'headers', bytes: ORIGINAL_HEADER } }));
  const parsed = await parseMessage(raw);
  const third = parsed.structure.children[2];
  assert.equal(`${third?.type}/${third?.subtype}`, 'text/rfc822-headers');
  assert.doesNotMatch(text(raw), /la réunion est jeudi|r=C3=A9union est jeudi/);
  assert.equal((await parseMdnMessage(raw))?.includeOriginalMessage, false);
});

test('a report field in UTF-8 makes the part message/global-disposition-notification (RFC 6533)', async () => {
  const raw = await composeMdn(report({ reportingUA: 'Messagerie de l’académie' }));
  const parsed = await parseMessage(raw);
  const notification = parsed.structure.children[1];
  assert.equal(`${notification?.type}/${notification?.subtype}`, 'message/global-disposition-notification');
  assert.equal(notification?.encoding, '8bit');
  assert.equal((await parseMdnMessage(raw))?.reportingUA, 'Messagerie de l’académie');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDsn, type DsnKind } from '#domain/delivery';
import { readReportReference, REPORT_LIMITS } from './report-reference.ts';

const ORIGINAL = [
  'From: Paul Durand <paul@ac-test.fr>',
  'To: parent@exemple.org',
  'Subject: Conseil de classe',
  'Message-ID: <conseil-3b@ac-test.fr>',
  '',
  'Bonjour, le conseil est jeudi.',
  '',
].join('\r\n');

const text = (lines: readonly string[]) => Buffer.from(lines.join('\r\n'));

function ourDsn(kind: DsnKind, envid: string | null, returnContent: 'full' | 'headers' = 'full') {
  return buildDsn({
    kind,
    reportingMta: 'mail.ac-test.fr',
    queueId: 'q1',
    to: 'paul@ac-test.fr',
    envid,
    arrivalDate: new Date('2026-03-02T09:00:00Z'),
    recipients: [
      {
        address: 'parent@exemple.org',
        orcpt: null,
        action: 'failed',
        status: '5.1.1',
        detail: 'unknown user',
      },
    ],
    original: Buffer.from(ORIGINAL),
    returnContent,
    now: new Date('2026-03-02T09:05:00Z'),
  });
}

/** Postfix's one block when parent@exemple.org's server refused the message. */
const PARENT_REFUSED = ['Final-Recipient: rfc822; parent@exemple.org', 'Action: failed', 'Status: 5.1.1'];
/** What the reader makes of it: no Diagnostic-Code, so the reply is built from the Status. */
const PARENT_FAILED = [{ addresses: ['parent@exemple.org'], action: 'failed', smtpReply: '550 5.1.1' }];

/** A DSN as another MTA writes it (Postfix's shape), with its per-recipient blocks. */
function foreignDsn(
  perMessage: readonly string[],
  returned: readonly string[],
  returnedType = 'text/rfc822-headers',
  perRecipient: readonly (readonly string[])[] = [PARENT_REFUSED],
) {
  return text([
    'From: MAILER-DAEMON@mx.exemple.org (Mail Delivery System)',
    'To: paul@ac-test.fr',
    'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain',
    '',
    'I am sorry to have to inform you that your message could not be delivered.',
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    ...perMessage,
    '',
    ...perRecipient.flatMap((block) => [...block, '']),
    '--B1',
    `Content-Type: ${returnedType}`,
    '',
    ...returned,
    '',
    '--B1--',
    '',
  ]);
}

function mdn(fields: readonly string[], reportType = 'disposition-notification') {
  return text([
    'From: Marie Curie <marie@ac-test.fr>',
    'To: paul@ac-test.fr',
    'Subject: Read: Conseil de classe',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${reportType}; boundary="M1"`,
    '',
    '--M1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Your message was displayed.',
    '--M1',
    'Content-Type: message/disposition-notification',
    '',
    ...fields,
    '',
    '--M1--',
    '',
  ]);
}

test('our own bounce and delay warning name the submission by ENVID and the original by Message-ID', async () => {
  for (const kind of ['failure', 'delay'] as const) {
    assert.deepEqual(await readReportReference(ourDsn(kind, 'uSub42')), {
      kind: 'dsn',
      envelopeIds: ['uSub42'],
      messageId: 'conseil-3b@ac-test.fr',
      displayedBy: [],
      // Our Diagnostic-Code is X-Vercors, not smtp: the reply is the Status's and our words.
      recipients: [
        { addresses: ['parent@exemple.org'], action: 'failed', smtpReply: '550 5.1.1 unknown user' },
      ],
    });
  }
  // RET=HDRS: the header section is returned, as text/rfc822-headers.
  const headers = await readReportReference(ourDsn('failure', null, 'headers'));
  assert.deepEqual(headers, {
    kind: 'dsn',
    envelopeIds: [],
    messageId: 'conseil-3b@ac-test.fr',
    displayedBy: [],
    recipients: [
      { addresses: ['parent@exemple.org'], action: 'failed', smtpReply: '550 5.1.1 unknown user' },
    ],
  });
});

test('a foreign DSN gives its ENVID as written and xtext-decoded', async () => {
  const report = foreignDsn(
    ['Reporting-MTA: dns; mx.exemple.org', 'Original-Envelope-Id: envoi+2B42', 'Arrival-Date: x'],
    ['From: paul@ac-test.fr', 'Message-ID: <conseil-3b@ac-test.fr>'],
  );
  assert.deepEqual(await readReportReference(report), {
    kind: 'dsn',
    envelopeIds: ['envoi+2B42', 'envoi+42'],
    messageId: 'conseil-3b@ac-test.fr',
    displayedBy: [],
    recipients: PARENT_FAILED,
  });
  // No ENVID: the returned header's Message-ID is all there is.
  const withoutEnvid = foreignDsn(['Reporting-MTA: dns; mx.exemple.org'], ['Message-ID: <only@ac-test.fr>']);
  assert.deepEqual(await readReportReference(withoutEnvid), {
    kind: 'dsn',
    envelopeIds: [],
    messageId: 'only@ac-test.fr',
    displayedBy: [],
    recipients: PARENT_FAILED,
  });
});

test('a receipt names the original by Original-Message-ID and, when displayed, its recipient', async () => {
  const displayed = mdn([
    'Reporting-UA: Thunderbird',
    'Original-Recipient: rfc822;Marie@AC-test.fr',
    'Final-Recipient: rfc822; marie@ac-test.fr',
    'Original-Message-ID: <conseil-3b@ac-test.fr>',
    'Disposition: manual-action/MDN-sent-manually; displayed',
  ]);
  assert.deepEqual(await readReportReference(displayed), {
    kind: 'mdn',
    envelopeIds: [],
    messageId: 'conseil-3b@ac-test.fr',
    displayedBy: ['marie@ac-test.fr'],
    recipients: [],
  });
  const deleted = mdn([
    'Final-Recipient: rfc822; marie@ac-test.fr',
    'Original-Message-ID: <conseil-3b@ac-test.fr>',
    'Disposition: manual-action/MDN-sent-manually; deleted',
  ]);
  assert.deepEqual(await readReportReference(deleted), {
    kind: 'mdn',
    envelopeIds: [],
    messageId: 'conseil-3b@ac-test.fr',
    displayedBy: [],
    recipients: [],
  });
});

test('a DSN says what happened to each recipient, named by Final- else Original-Recipient', async () => {
  const report = foreignDsn(
    // Some reporters put a blank line first, and several between blocks.
    ['', 'Reporting-MTA: dns; mx.exemple.org', 'Original-Envelope-Id: uSub42', ''],
    ['Message-ID: <conseil-3b@ac-test.fr>'],
    'text/rfc822-headers',
    [
      [
        'Final-Recipient: rfc822; Parent@Exemple.ORG',
        'Original-Recipient: rfc822;parent+conseil@exemple.org',
        'Action: failed',
        'Status: 5.1.1',
        'Remote-MTA: dns; mx.exemple.org',
        // A multi-line reply, folded as Postfix writes it: one line, what the lines share said once.
        'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does',
        '    not exist. Please try',
        "    550-5.1.1 double-checking the recipient's email address for typos.",
        '    550 5.1.1  https://support.example/mail',
      ],
      [
        'Final-Recipient: rfc822; <prof@college.example>',
        'Action: Delivered (to the mailbox)',
        'Status: 2.0.0',
      ],
      ['Original-Recipient: rfc822; tuteur@exemple.org', 'Action: delayed', 'Status: 4.4.7 (timed out)'],
      ['Final-Recipient: utf-8; élève@collège.example', 'Action: relayed', 'Status: 2.0.0'],
      ['Final-Recipient: rfc822; liste@exemple.org', 'Action: expanded', 'Status: 2.0.0'],
      // Other diagnostics: the reply is built from the Status and the diagnostic's text.
      [
        'Final-Recipient: rfc822; plein@exemple.org',
        'Action: failed',
        'Status: 5.2.2',
        'Diagnostic-Code: X-Postfix; mailbox\tfull',
      ],
      ['Final-Recipient: rfc822; muet@exemple.org', 'Action: failed', 'Diagnostic-Code: smtp; no reply code'],
      ['Final-Recipient: rfc822; rien@exemple.org', 'Action: failed', 'Status: none'],
    ],
  );
  const reference = await readReportReference(report);
  assert.equal(reference?.messageId, 'conseil-3b@ac-test.fr');
  assert.deepEqual(reference?.envelopeIds, ['uSub42']);
  assert.deepEqual(reference?.recipients, [
    {
      addresses: ['parent@exemple.org', 'parent+conseil@exemple.org'],
      action: 'failed',
      smtpReply:
        "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos. https://support.example/mail",
    },
    { addresses: ['prof@college.example'], action: 'delivered', smtpReply: '250 2.0.0' },
    { addresses: ['tuteur@exemple.org'], action: 'delayed', smtpReply: '451 4.4.7' },
    { addresses: ['élève@collège.example'], action: 'relayed', smtpReply: '250 2.0.0' },
    { addresses: ['liste@exemple.org'], action: 'expanded', smtpReply: '250 2.0.0' },
    { addresses: ['plein@exemple.org'], action: 'failed', smtpReply: '550 5.2.2 mailbox full' },
    { addresses: ['muet@exemple.org'], action: 'failed', smtpReply: '550 5.0.0 no reply code' },
    { addresses: ['rien@exemple.org'], action: 'failed', smtpReply: '550 5.0.0' },
  ]);
});

test('per-recipient blocks that name no recipient or no known action are skipped', async () => {
  const report = foreignDsn(['Original-Envelope-Id: uSub42'], [], 'text/rfc822-headers', [
    ['Action: failed', 'Status: 5.1.1'],
    ['Final-Recipient: x400; /C=FR/O=Academie/', 'Action: failed'],
    ['Final-Recipient: rfc822; sans-domaine', 'Action: failed'],
    ['Final-Recipient: rfc822; parent@exemple.org', 'Action: bounced', 'Status: 5.1.1'],
    ['Final-Recipient: rfc822; parent@exemple.org', 'Status: 5.1.1'],
    ['Final-Recipient: rfc822; parent@exemple.org', 'Action: failedly'],
    ['not a field at all', '\u0000\u0001 garbage'],
    [`Final-Recipient: rfc822; ${'a'.repeat(REPORT_LIMITS.maxAddressChars)}@exemple.org`, 'Action: failed'],
    PARENT_REFUSED,
  ]);
  assert.deepEqual((await readReportReference(report))?.recipients, PARENT_FAILED);
});

test('a DSN costs a bounded read: at most maxRecipientBlocks blocks, replies cut to maxReplyChars', async () => {
  const long = `550 5.1.1 ${'x'.repeat(2 * REPORT_LIMITS.maxReplyChars)}`;
  const blocks = Array.from({ length: REPORT_LIMITS.maxRecipientBlocks + 50 }, (_, index) => [
    `Final-Recipient: rfc822; eleve${index}@exemple.org`,
    'Action: failed',
    'Status: 5.1.1',
    ...(index === 0 ? [`Diagnostic-Code: smtp; ${long}`] : []),
  ]);
  const reference = await readReportReference(
    foreignDsn(['Original-Envelope-Id: uSub42'], [], 'text/rfc822-headers', blocks),
  );
  const read = reference?.recipients ?? [];
  assert.equal(read.length, REPORT_LIMITS.maxRecipientBlocks);
  assert.deepEqual(read.at(-1)?.addresses, [`eleve${REPORT_LIMITS.maxRecipientBlocks - 1}@exemple.org`]);
  assert.equal(read[0]?.smtpReply, long.slice(0, REPORT_LIMITS.maxReplyChars));
  assert.equal(read[1]?.smtpReply, '550 5.1.1');
});

test('other mail, and reports that cannot be read or name nothing, are no reports', async () => {
  const cases: Record<string, Buffer> = {
    'plain mail': Buffer.from(ORIGINAL),
    'a report forwarded inside a message': text([
      'Subject: Fwd',
      'Content-Type: multipart/mixed; boundary="F"',
      '',
      '--F',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
      '',
      '--B1--',
      '--F--',
    ]),
    'another report type': text([
      'Content-Type: multipart/report; report-type=feedback-report; boundary="X"',
      '',
      '--X',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      '--X--',
    ]),
    'a DSN without its status part': text([
      'Content-Type: multipart/report; report-type=delivery-status; boundary="X"',
      '',
      '--X',
      'Content-Type: text/plain',
      '',
      'lost',
      '--X--',
    ]),
    'a DSN that names nothing': foreignDsn(['Reporting-MTA: dns; mx.exemple.org'], ['Subject: x']),
    'a receipt without a Disposition': mdn(['Original-Message-ID: <conseil-3b@ac-test.fr>']),
    'a receipt that names no message': mdn(['Disposition: manual-action/MDN-sent-manually; displayed']),
    'a header that claims a report on a body that is none': text([
      'Content-Type: multipart/report; report-type=delivery-status',
      '',
      'no boundary at all',
    ]),
    'an ENVID and Message-ID beyond their bounds': foreignDsn(
      [`Original-Envelope-Id: ${'e'.repeat(REPORT_LIMITS.maxEnvelopeIdChars + 1)}`],
      [`Message-ID: <${'m'.repeat(REPORT_LIMITS.maxMessageIdChars)}@x>`],
    ),
  };
  for (const [name, raw] of Object.entries(cases)) {
    assert.equal(await readReportReference(raw), undefined, name);
  }
});

test('a large report costs a bounded read: the returned original past the scan is not parsed', async () => {
  const body = `${'x'.repeat(76)}`;
  const lines = Math.ceil((4 * REPORT_LIMITS.maxScanBytes) / 78);
  const report = foreignDsn(
    ['Original-Envelope-Id: uBig'],
    [
      'Message-ID: <big@ac-test.fr>',
      'Subject: pièces jointes',
      '',
      ...Array.from({ length: lines }, () => body),
    ],
    'message/rfc822',
  );
  assert.ok(report.length > 4 * REPORT_LIMITS.maxScanBytes);
  assert.deepEqual(await readReportReference(report), {
    kind: 'dsn',
    envelopeIds: ['uBig'],
    messageId: 'big@ac-test.fr',
    displayedBy: [],
    recipients: PARENT_FAILED,
  });
});

test('reading never throws, whatever the bytes', async () => {
  const seeds = [
    ourDsn('failure', 'uSub42'),
    mdn(['Disposition: a/b; displayed', 'Original-Message-ID: <x@y>']),
  ];
  let state = 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (const seed of seeds) {
    for (let round = 0; round < 200; round++) {
      const bytes = Buffer.from(seed.subarray(0, Math.floor(random() * seed.length)));
      for (let flips = 0; flips < 8; flips++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const reference = await readReportReference(bytes);
      assert.ok(reference === undefined || ['dsn', 'mdn'].includes(reference.kind));
    }
  }
});

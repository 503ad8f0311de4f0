// Email/parse over HTTP (RFC 8621 §4.9): an uploaded .eml and a message/rfc822 part of a stored email read as
// Email objects, through the same machinery as Email/get, with blob ids that download the parts they name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageBlobId, partBlobId } from '../blob/blob-ids.ts';
import { type Answer, type JmapFixture, openJmapFixture, readJson, type Who } from '../jmap.fixture.ts';

const PDF = Buffer.from('%PDF-1.4\n% autorisation de sortie\n\u00e9l\u00e8ves\n', 'utf8');

/** mixed [ alternative [ plain (QP), html ], pdf attachment ] */
const EML = [
  'From: =?utf-8?q?Marie_Cl=C3=A9ment?= <marie@ac-test.fr>',
  'To: paul@ac-test.fr, "Anne Roy" <anne@ac-test.fr>',
  'Subject: Autorisation de sortie',
  'Date: Tue, 3 Feb 2026 14:05:09 +0100',
  'Message-ID: <sortie-2@ac-test.fr>',
  'In-Reply-To: <sortie-1@ac-test.fr>',
  'References: <sortie-1@ac-test.fr>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Merci de signer l=E2=80=99autorisation ci-jointe.',
  '--alt',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Merci de signer l’autorisation ci-jointe.</p>',
  '--alt--',
  '--outer',
  'Content-Type: application/pdf; name="autorisation.pdf"',
  'Content-Disposition: attachment; filename="autorisation.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  PDF.toString('base64'),
  '--outer--',
  '',
].join('\r\n');

async function upload(fixture: JmapFixture, body: string | Uint8Array, type: string, who: Who = 'paul') {
  const response = await fetch(`${fixture.base}/jmap/upload/${fixture.accounts[who]}/`, {
    method: 'POST',
    headers: { authorization: fixture.authorization(who), 'content-type': type },
    body,
  });
  assert.equal(response.status, 201);
  return (await readJson(response)).blobId as string;
}

async function download(fixture: JmapFixture, blobId: string): Promise<Buffer> {
  const response = await fetch(`${fixture.base}/jmap/download/${fixture.accounts.paul}/${blobId}/f`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  assert.equal(response.status, 200, `download ${blobId}`);
  return Buffer.from(await response.arrayBuffer());
}

test('an uploaded .eml parses into an Email with the RFC’s default properties and downloadable parts', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const blobId = await upload(fixture, EML, 'message/rfc822');
  const { responses } = await fixture.api([['Email/parse', { accountId, blobIds: [blobId] }, 'p']]);
  const part = (partId: string, type: string, extra: Record<string, unknown> = {}) => ({
    partId,
    blobId: `v${partId.replaceAll('.', '-')}x${blobId}`,
    size: 0,
    name: null,
    type,
    charset: type.startsWith('text/') ? 'utf-8' : null,
    disposition: null,
    cid: null,
    language: null,
    location: null,
    ...extra,
  });
  assert.equal(responses[0]?.[0], 'Email/parse');
  const result: Answer = responses[0]?.[1];
  const email: Answer = result.parsed[blobId];
  // Read before the assertions below narrow `email` to the literal they compare it with.
  const [textPart, pdfPart]: Answer[] = [email.textBody[0], email.attachments[0]];
  assert.deepEqual(result, { accountId, parsed: { [blobId]: email }, notParsable: null, notFound: null });
  assert.deepEqual(email, {
    messageId: ['sortie-2@ac-test.fr'],
    inReplyTo: ['sortie-1@ac-test.fr'],
    references: ['sortie-1@ac-test.fr'],
    sender: null,
    from: [{ name: 'Marie Clément', email: 'marie@ac-test.fr' }],
    to: [
      { name: null, email: 'paul@ac-test.fr' },
      { name: 'Anne Roy', email: 'anne@ac-test.fr' },
    ],
    cc: null,
    bcc: null,
    replyTo: null,
    subject: 'Autorisation de sortie',
    sentAt: '2026-02-03T14:05:09+01:00',
    hasAttachment: true,
    preview: 'Merci de signer l’autorisation ci-jointe.',
    bodyValues: {},
    // Quoted-printable text shown inline: its encoded size (docs/jmap.md).
    textBody: [
      part('1.1', 'text/plain', {
        size: Buffer.byteLength('Merci de signer l=E2=80=99autorisation ci-jointe.'),
      }),
    ],
    htmlBody: [
      part('1.2', 'text/html', {
        size: Buffer.byteLength('<p>Merci de signer l’autorisation ci-jointe.</p>'),
      }),
    ],
    attachments: [
      part('2', 'application/pdf', {
        size: PDF.byteLength,
        name: 'autorisation.pdf',
        disposition: 'attachment',
      }),
    ],
  });
  assert.equal(textPart.blobId, `v1-1x${blobId}`);
  assert.deepEqual(await download(fixture, pdfPart.blobId), PDF);
  assert.equal(
    (await download(fixture, textPart.blobId)).toString(),
    'Merci de signer l’autorisation ci-jointe.',
  );
});

test('Email/parse: stored-only properties are null, body values and header forms as Email/get has them', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const blobId = await upload(fixture, EML, 'message/rfc822');
  const { responses } = await fixture.api([
    [
      'Email/parse',
      {
        accountId,
        blobIds: [blobId],
        properties: [
          'id',
          'blobId',
          'threadId',
          'mailboxIds',
          'keywords',
          'receivedAt',
          'size',
          'header:Subject:asText',
          'header:To:asAddresses',
          'bodyValues',
          'bodyStructure',
        ],
        bodyProperties: ['partId', 'type', 'header:Content-Transfer-Encoding:asText'],
        fetchTextBodyValues: true,
        maxBodyValueBytes: 16,
      },
      'p',
    ],
  ]);
  assert.deepEqual(responses[0]?.[1].parsed[blobId], {
    id: null,
    blobId,
    threadId: null,
    mailboxIds: null,
    keywords: null,
    receivedAt: null,
    size: Buffer.byteLength(EML),
    'header:Subject:asText': 'Autorisation de sortie',
    'header:To:asAddresses': [
      { name: null, email: 'paul@ac-test.fr' },
      { name: 'Anne Roy', email: 'anne@ac-test.fr' },
    ],
    bodyValues: { '1.1': { value: 'Merci de signer ', isEncodingProblem: false, isTruncated: true } },
    bodyStructure: {
      partId: null,
      type: 'multipart/mixed',
      'header:Content-Transfer-Encoding:asText': null,
      subParts: [
        {
          partId: null,
          type: 'multipart/alternative',
          'header:Content-Transfer-Encoding:asText': null,
          subParts: [
            {
              partId: '1.1',
              type: 'text/plain',
              'header:Content-Transfer-Encoding:asText': 'quoted-printable',
            },
            { partId: '1.2', type: 'text/html', 'header:Content-Transfer-Encoding:asText': null },
          ],
        },
        { partId: '2', type: 'application/pdf', 'header:Content-Transfer-Encoding:asText': 'base64' },
      ],
    },
  });
  const unknown = await fixture.api([
    ['Email/parse', { accountId, blobIds: [blobId], properties: ['nope'] }, 'p'],
  ]);
  assert.equal(unknown.responses[0]?.[1].type, 'invalidArguments');
});

test('a message/rfc822 part of a stored email parses, and its own parts download', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver(
    'paul',
    [
      'From: direction@ac-test.fr',
      'To: paul@ac-test.fr',
      'Subject: Fwd: Autorisation de sortie',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fw"',
      '',
      '--fw',
      'Content-Type: text/plain',
      '',
      'Pour information.',
      '--fw',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="sortie.eml"',
      '',
      EML,
      '--fw--',
      '',
    ].join('\r\n'),
  );
  const attached = partBlobId(emailId, '2');
  const { responses } = await fixture.api([
    [
      'Email/get',
      { accountId, ids: [emailId], properties: ['attachments'], bodyProperties: ['blobId', 'type'] },
      'g',
    ],
    [
      'Email/parse',
      {
        accountId,
        blobIds: [attached],
        properties: ['subject', 'attachments'],
        bodyProperties: ['blobId', 'name'],
      },
      'p',
    ],
  ]);
  assert.deepEqual(responses[0]?.[1].list[0].attachments, [{ blobId: attached, type: 'message/rfc822' }]);
  const pdfBlobId = `v2x${attached}`;
  assert.deepEqual(responses[1]?.[1].parsed, {
    [attached]: {
      subject: 'Autorisation de sortie',
      attachments: [{ blobId: pdfBlobId, name: 'autorisation.pdf' }],
    },
  });
  assert.deepEqual(await download(fixture, pdfBlobId), PDF);

  // The stored message itself parses too, and its parts keep their stored ids.
  const whole = await fixture.api([
    [
      'Email/parse',
      {
        accountId,
        blobIds: [messageBlobId(emailId)],
        properties: ['subject', 'textBody'],
        bodyProperties: ['blobId'],
      },
      'p',
    ],
  ]);
  assert.deepEqual(whole.responses[0]?.[1].parsed[messageBlobId(emailId)], {
    subject: 'Fwd: Autorisation de sortie',
    textBody: [{ blobId: partBlobId(emailId, '1') }],
  });
});

test('blobs that are not found or not messages are listed as such', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const eml = await upload(fixture, EML, 'message/rfc822');
  const pdf = await upload(fixture, PDF, 'application/pdf');
  const empty = await upload(fixture, '', 'message/rfc822');
  const maries = await upload(fixture, EML, 'message/rfc822', 'marie');
  const { emailId } = await fixture.deliver('paul', EML);
  const { responses } = await fixture.api([
    [
      'Email/parse',
      {
        accountId,
        blobIds: [
          eml,
          pdf,
          'uunothing',
          empty,
          maries,
          partBlobId(emailId, '2'),
          `v9x${eml}`,
          `v1x${pdf}`,
          'v1xv1xv1xv1xuunothing',
          eml,
        ],
        properties: ['subject'],
      },
      'p',
    ],
  ]);
  assert.deepEqual(responses[0]?.[1], {
    accountId,
    parsed: { [eml]: { subject: 'Autorisation de sortie' } },
    // The PDF attachment and the upload of a PDF are content, not mail.
    notParsable: [pdf, empty, partBlobId(emailId, '2')],
    notFound: ['uunothing', maries, `v9x${eml}`, `v1x${pdf}`, 'v1xv1xv1xv1xuunothing'],
  });
});

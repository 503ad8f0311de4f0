// Email/get over HTTP (RFC 8621 §4.1, §4.2): properties, body parts and values, header forms, and what is read
// of the stored message for each.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBlobId } from '../blob/blob-ids.ts';
import { type Answer, type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';

const PLAIN = [
  'From: =?utf-8?q?Marie_Cl=C3=A9ment?= <marie@ac-test.fr>',
  'Sender: secretariat@ac-test.fr',
  'To: paul@ac-test.fr, "Anne Roy" <anne@ac-test.fr>',
  'Cc: direction@ac-test.fr',
  'Reply-To: vie-scolaire@ac-test.fr',
  'Subject: =?utf-8?q?Conseil_de_classe_du_3=C3=A8me_trimestre?=',
  'Date: Tue, 3 Feb 2026 14:05:09 +0100',
  'Message-ID: <conseil-3@ac-test.fr>',
  'In-Reply-To: <ordre-du-jour@ac-test.fr>',
  'References: <convocation@ac-test.fr> <ordre-du-jour@ac-test.fr>',
  '',
  'Bonjour, le conseil a lieu jeudi.',
  '',
].join('\n');

/** mixed [ alternative [ plain (QP), related [ html, inline png ] ], pdf attachment ] */
const MULTIPART = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Sortie',
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
  'Bonjour =C3=A0 tous',
  '--alt',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Bonjour à tous <img src="cid:logo@ac"></p>',
  '--rel',
  'Content-Type: image/png',
  'Content-ID: <logo@ac>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--rel--',
  '--alt--',
  '--outer',
  'Content-Type: application/pdf; name="programme.pdf"',
  'Content-Disposition: attachment; filename="programme.pdf"',
  'Content-Language: fr',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 programme de la sortie').toString('base64'),
  '--outer--',
  '',
].join('\n');

async function getEmail(fixture: JmapFixture, args: Record<string, unknown>): Promise<Answer> {
  const { responses } = await fixture.api([
    ['Email/get', { accountId: fixture.accounts.paul, ...args }, 'g'],
  ]);
  assert.equal(responses[0]?.[0], 'Email/get', JSON.stringify(responses[0]?.[1]));
  return responses[0]?.[1];
}

async function getError(fixture: JmapFixture, args: Record<string, unknown>): Promise<Answer> {
  const { responses } = await fixture.api([
    ['Email/get', { accountId: fixture.accounts.paul, ...args }, 'g'],
  ]);
  assert.equal(responses[0]?.[0], 'error');
  return responses[0]?.[1];
}

async function mailboxIdOf(fixture: JmapFixture, role: string): Promise<string> {
  const { responses } = await fixture.api([
    ['Mailbox/get', { accountId: fixture.accounts.paul, ids: null, properties: ['role'] }, 'm'],
  ]);
  return responses[0]?.[1].list.find((mailbox: { role: string }) => mailbox.role === role).id;
}

function crlf(raw: string): string {
  return raw.replace(/\r?\n/g, '\r\n');
}

test('Email/get with default properties returns the RFC 8621 list, read from the stored row', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId, threadId } = await fixture.deliver('paul', PLAIN);
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const before = Date.now();
  const result = await getEmail(fixture, { ids: [emailId] });
  assert.match(result.state, /^[0-9]+$/);
  assert.deepEqual(result.notFound, []);
  const email = result.list[0];
  const receivedAt = Date.parse(email.receivedAt);
  assert.match(email.receivedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(before - receivedAt < 60_000 && receivedAt <= before, email.receivedAt);
  const partId = email.textBody[0]?.partId;
  assert.deepEqual(email, {
    id: emailId,
    blobId: `m${emailId}`,
    threadId,
    mailboxIds: { [inbox]: true },
    keywords: {},
    size: Buffer.byteLength(crlf(PLAIN)),
    receivedAt: email.receivedAt,
    messageId: ['conseil-3@ac-test.fr'],
    inReplyTo: ['ordre-du-jour@ac-test.fr'],
    references: ['convocation@ac-test.fr', 'ordre-du-jour@ac-test.fr'],
    sender: [{ name: null, email: 'secretariat@ac-test.fr' }],
    from: [{ name: 'Marie Clément', email: 'marie@ac-test.fr' }],
    to: [
      { name: null, email: 'paul@ac-test.fr' },
      { name: 'Anne Roy', email: 'anne@ac-test.fr' },
    ],
    cc: [{ name: null, email: 'direction@ac-test.fr' }],
    bcc: null,
    replyTo: [{ name: null, email: 'vie-scolaire@ac-test.fr' }],
    subject: 'Conseil de classe du 3ème trimestre',
    sentAt: '2026-02-03T14:05:09+01:00',
    hasAttachment: false,
    preview: 'Bonjour, le conseil a lieu jeudi.',
    bodyValues: {},
    textBody: [
      {
        partId: '1',
        blobId: `p1x${emailId}`,
        size: Buffer.byteLength('Bonjour, le conseil a lieu jeudi.\r\n'),
        name: null,
        type: 'text/plain',
        charset: 'us-ascii',
        disposition: null,
        cid: null,
        language: null,
        location: null,
      },
    ],
    htmlBody: [email.textBody[0]],
    attachments: [],
  });
  assert.equal(partId, '1');
});

test('Email/get returns exactly the properties asked, and reads no message bytes for row properties', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', PLAIN);
  const reads = t.mock.method(fixture.services.mail, 'readEmailBytes');
  const result = await getEmail(fixture, {
    ids: [emailId],
    properties: ['subject', 'from', 'preview', 'hasAttachment', 'size', 'keywords'],
  });
  assert.deepEqual(result.list, [
    {
      id: emailId,
      subject: 'Conseil de classe du 3ème trimestre',
      from: [{ name: 'Marie Clément', email: 'marie@ac-test.fr' }],
      preview: 'Bonjour, le conseil a lieu jeudi.',
      hasAttachment: false,
      size: Buffer.byteLength(crlf(PLAIN)),
      keywords: {},
    },
  ]);
  assert.equal(reads.mock.callCount(), 0);

  const unknown = await getError(fixture, { ids: [emailId], properties: ['subject', 'colour'] });
  assert.equal(unknown.type, 'invalidArguments');
  assert.match(unknown.description, /colour/);
  const unknownPart = await getError(fixture, { ids: [emailId], bodyProperties: ['partId', 'colour'] });
  assert.equal(unknownPart.type, 'invalidArguments');
  const all = await getError(fixture, { ids: null });
  assert.deepEqual(all, { type: 'invalidArguments', description: 'Email/get needs ids' });
  const extra = await getError(fixture, { ids: [emailId], fetchEverything: true });
  assert.equal(extra.type, 'invalidArguments');
});

test('Email/get reports unknown ids and other accounts’ emails as notFound', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = await fixture.deliver('paul', PLAIN);
  const marie = await fixture.deliver('marie', PLAIN);
  const result = await getEmail(fixture, {
    ids: [marie.emailId, paul.emailId, 'nothing-here', paul.emailId],
    properties: ['threadId'],
  });
  assert.deepEqual(result.list, [{ id: paul.emailId, threadId: paul.threadId }]);
  assert.deepEqual(result.notFound, [marie.emailId, 'nothing-here']);

  const other = await fixture.api([
    ['Email/get', { accountId: fixture.accounts.marie, ids: [marie.emailId] }, 'g'],
  ]);
  assert.deepEqual(other.responses[0]?.[1].type, 'accountNotFound');
});

test('mailboxIds and keywords reflect where the email is filed and its keywords', async (t) => {
  const fixture = await openJmapFixture(t);
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const archive = await mailboxIdOf(fixture, 'archive');
  const imported = await fixture.services.mail.importMessage(
    fixture.accounts.paul,
    Buffer.from(crlf(PLAIN)),
    {
      mailboxIds: [inbox, archive],
      keywords: ['$seen', '$Flagged', 'Projet'],
      receivedAt: new Date('2026-01-02T03:04:05.678Z'),
    },
  );
  const result = await getEmail(fixture, {
    ids: [imported.emailId],
    properties: ['mailboxIds', 'keywords', 'receivedAt', 'blobId'],
  });
  assert.deepEqual(result.list, [
    {
      id: imported.emailId,
      mailboxIds: { [inbox]: true, [archive]: true },
      keywords: { $flagged: true, $seen: true, projet: true },
      receivedAt: '2026-01-02T03:04:05Z',
      blobId: `m${imported.emailId}`,
    },
  ]);
});

test('textBody, htmlBody and attachments follow RFC 8621 §4.1.4, and bodyStructure ids name the parts', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', MULTIPART);
  const result = await getEmail(fixture, {
    ids: [emailId],
    properties: ['bodyStructure', 'textBody', 'htmlBody', 'attachments', 'hasAttachment'],
    bodyProperties: ['partId', 'blobId', 'type', 'size', 'name', 'disposition', 'cid', 'language', 'charset'],
  });
  const email = result.list[0];
  assert.equal(email.hasAttachment, true);
  const part = (partId: string, type: string, size: number, more: Record<string, unknown> = {}) => ({
    partId,
    blobId: `p${partId.replaceAll('.', '-')}x${emailId}`,
    type,
    size,
    name: null,
    disposition: null,
    cid: null,
    language: null,
    charset: type.startsWith('text/') ? 'utf-8' : null,
    ...more,
  });
  const multipart = (type: string, size: number, subParts: unknown[]) => ({
    ...part('', type, size, { partId: null, blobId: null }),
    subParts,
  });
  const plain = part('1.1', 'text/plain', Buffer.byteLength('Bonjour =C3=A0 tous'));
  const html = part('1.2.1', 'text/html', Buffer.byteLength('<p>Bonjour à tous <img src="cid:logo@ac"></p>'));
  const png = part('1.2.2', 'image/png', 8, { cid: 'logo@ac' });
  const pdf = part('2', 'application/pdf', Buffer.byteLength('%PDF-1.4 programme de la sortie'), {
    name: 'programme.pdf',
    disposition: 'attachment',
    language: ['fr'],
  });
  assert.deepEqual(email.textBody, [plain]);
  assert.deepEqual(email.htmlBody, [html]);
  assert.deepEqual(email.attachments, [png, pdf]);
  const structure = email.bodyStructure;
  assert.equal(structure.type, 'multipart/mixed');
  const alternative = structure.subParts[0];
  assert.deepEqual(
    alternative,
    multipart('multipart/alternative', alternative.size, [
      plain,
      multipart('multipart/related', alternative.subParts[1].size, [html, png]),
    ]),
  );
  assert.deepEqual(structure.subParts[1], pdf);
  for (const leaf of [plain, html, png, pdf]) {
    assert.deepEqual(parseBlobId(leaf.blobId), { kind: 'part', emailId, partId: leaf.partId });
  }
});

test('a lone HTML part shows in textBody too, and inline images between texts stay in the body', async (t) => {
  const fixture = await openJmapFixture(t);
  const htmlOnly = await fixture.deliver(
    'paul',
    [
      'Subject: HTML',
      'Content-Type: multipart/alternative; boundary=b',
      '',
      '--b',
      'Content-Type: text/html',
      '',
      '<b>Salut</b>',
      '--b--',
      '',
    ].join('\n'),
  );
  const mixed = await fixture.deliver(
    'paul',
    [
      'Subject: Photos',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Avant',
      '--b',
      'Content-Type: image/jpeg',
      '',
      'jpeg',
      '--b',
      'Content-Type: text/plain; name="notes.txt"',
      '',
      'Notes',
      '--b--',
      '',
    ].join('\n'),
  );
  const result = await getEmail(fixture, {
    ids: [htmlOnly.emailId, mixed.emailId],
    properties: ['textBody', 'htmlBody', 'attachments'],
    bodyProperties: ['partId'],
  });
  const ids = (parts: { partId: string }[]) => parts.map((part) => part.partId);
  const [first, second] = result.list;
  assert.deepEqual([ids(first.textBody), ids(first.htmlBody), ids(first.attachments)], [['1'], ['1'], []]);
  // The named text part is not first: an attachment. The image is inline in both bodies.
  assert.deepEqual(
    [ids(second.textBody), ids(second.htmlBody), ids(second.attachments)],
    [['1', '2'], ['1', '2'], ['3']],
  );
});

test('bodyValues decode the text and HTML bodies and cut at maxBodyValueBytes on a character boundary', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', MULTIPART);
  const values = async (args: Record<string, unknown>) =>
    (await getEmail(fixture, { ids: [emailId], properties: ['bodyValues'], ...args })).list[0].bodyValues;
  const plain = { value: 'Bonjour à tous', isEncodingProblem: false, isTruncated: false };
  const html = {
    value: '<p>Bonjour à tous <img src="cid:logo@ac"></p>',
    isEncodingProblem: false,
    isTruncated: false,
  };
  assert.deepEqual(await values({}), {});
  assert.deepEqual(await values({ fetchTextBodyValues: true }), { '1.1': plain });
  assert.deepEqual(await values({ fetchHTMLBodyValues: true }), { '1.2.1': html });
  assert.deepEqual(await values({ fetchAllBodyValues: true }), { '1.1': plain, '1.2.1': html });
  // 'à' takes octets 9 and 10: a limit of 9 stops before it rather than split it.
  assert.deepEqual(await values({ fetchTextBodyValues: true, maxBodyValueBytes: 9 }), {
    '1.1': { value: 'Bonjour ', isEncodingProblem: false, isTruncated: true },
  });
  assert.deepEqual(await values({ fetchTextBodyValues: true, maxBodyValueBytes: 10 }), {
    '1.1': { value: 'Bonjour à', isEncodingProblem: false, isTruncated: true },
  });
  assert.deepEqual(await values({ fetchTextBodyValues: true, maxBodyValueBytes: 15 }), { '1.1': plain });
});

test('bodyValues undo quoted-printable and base64, read latin1, and flag unknown charsets', async (t) => {
  const fixture = await openJmapFixture(t);
  const part = (headers: string[], body: string) => ['--b', ...headers, '', body];
  const raw = [
    'Subject: Encodages',
    'Content-Type: multipart/mixed; boundary=b',
    '',
    ...part(
      ['Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'],
      'Caf=E9 cr=E8me, =\n100=25',
    ),
    ...part(
      ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
      Buffer.from('Élève en 5ème €').toString('base64'),
    ),
    ...part(['Content-Type: text/plain; charset=x-martian'], 'Ack ack'),
    ...part(['Content-Type: text/plain', 'Content-Transfer-Encoding: x-uuencode'], 'begin 644'),
    '--b--',
    '',
  ].join('\n');
  const latin1 = Buffer.concat([
    Buffer.from('Subject: brut\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n'),
    Buffer.from('D\xe9j\xe0 vu\r\n', 'latin1'),
  ]);
  const { emailId } = await fixture.deliver('paul', raw);
  const raw8bit = await fixture.services.mail.importMessage(fixture.accounts.paul, latin1, {
    mailboxRole: 'inbox',
  });
  const result = await getEmail(fixture, {
    ids: [emailId, raw8bit.emailId],
    properties: ['bodyValues'],
    fetchAllBodyValues: true,
  });
  const value = (text: string, isEncodingProblem = false) => ({
    value: text,
    isEncodingProblem,
    isTruncated: false,
  });
  assert.deepEqual(result.list[0].bodyValues, {
    '1': value('Café crème, 100%'),
    '2': value('Élève en 5ème €'),
    '3': value('Ack ack', true),
    '4': value('begin 644', true),
  });
  assert.deepEqual(result.list[1].bodyValues, { '1': value('Déjà vu\r\n') });
});

const HEADERS = [
  'From: =?utf-8?q?Fran=C3=A7ois?= <francois@ac-test.fr>, paul@ac-test.fr',
  'To: Profs: anne@ac-test.fr, "Bob B." <bob@ac-test.fr>;, eve@ac-test.fr',
  'Subject: =?iso-8859-1?q?R=E9union?= du',
  ' lundi',
  'Date: Tue, 3 Feb 2026 14:05:09 +0100',
  'Resent-Date: Wed, 4 Feb 26 10:00 PST',
  'Message-ID: <reunion@ac-test.fr>',
  'References: <r1@ac-test.fr>',
  ' <r2@ac-test.fr>',
  'List-Unsubscribe: <mailto:unsub@ac-test.fr>, <https://ac-test.fr/unsub?id=1>',
  'X-Custom: premier',
  'x-custom: =?utf-8?q?deuxi=C3=A8me?=',
  '',
  'Corps',
  '',
].join('\n');

test('header properties give each RFC 8621 form, the last instance or :all of them', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', HEADERS);
  const properties = [
    'header:Subject',
    'header:subject:asText',
    'header:From:asAddresses',
    'header:To:asAddresses',
    'header:To:asGroupedAddresses',
    'header:Message-ID:asMessageIds',
    'header:References:asMessageIds',
    'header:Date:asDate',
    'header:Resent-Date:asDate',
    'header:List-Unsubscribe:asURLs',
    'header:X-Custom',
    'header:X-Custom:all',
    'header:X-Custom:asText:all',
    'header:X-Custom:asDate',
    'header:X-Missing',
    'header:X-Missing:asAddresses:all',
    'sentAt',
  ];
  const result = await getEmail(fixture, { ids: [emailId], properties });
  assert.deepEqual(result.list[0], {
    id: emailId,
    'header:Subject': ' =?iso-8859-1?q?R=E9union?= du\r\n lundi',
    'header:subject:asText': 'Réunion du lundi',
    'header:From:asAddresses': [
      { name: 'François', email: 'francois@ac-test.fr' },
      { name: null, email: 'paul@ac-test.fr' },
    ],
    'header:To:asAddresses': [
      { name: null, email: 'anne@ac-test.fr' },
      { name: 'Bob B.', email: 'bob@ac-test.fr' },
      { name: null, email: 'eve@ac-test.fr' },
    ],
    'header:To:asGroupedAddresses': [
      {
        name: 'Profs',
        addresses: [
          { name: null, email: 'anne@ac-test.fr' },
          { name: 'Bob B.', email: 'bob@ac-test.fr' },
        ],
      },
      { name: null, addresses: [{ name: null, email: 'eve@ac-test.fr' }] },
    ],
    'header:Message-ID:asMessageIds': ['reunion@ac-test.fr'],
    'header:References:asMessageIds': ['r1@ac-test.fr', 'r2@ac-test.fr'],
    'header:Date:asDate': '2026-02-03T14:05:09+01:00',
    'header:Resent-Date:asDate': '2026-02-04T10:00:00-08:00',
    'header:List-Unsubscribe:asURLs': ['mailto:unsub@ac-test.fr', 'https://ac-test.fr/unsub?id=1'],
    'header:X-Custom': ' =?utf-8?q?deuxi=C3=A8me?=',
    'header:X-Custom:all': [' premier', ' =?utf-8?q?deuxi=C3=A8me?='],
    'header:X-Custom:asText:all': ['premier', 'deuxième'],
    'header:X-Custom:asDate': null,
    'header:X-Missing': null,
    'header:X-Missing:asAddresses:all': [],
    sentAt: '2026-02-03T14:05:09+01:00',
  });

  const headers = (await getEmail(fixture, { ids: [emailId], properties: ['headers'] })).list[0].headers;
  assert.equal(headers.length, 10);
  assert.deepEqual(headers[0], {
    name: 'From',
    value: ' =?utf-8?q?Fran=C3=A7ois?= <francois@ac-test.fr>, paul@ac-test.fr',
  });
  assert.deepEqual(headers[9], { name: 'x-custom', value: ' =?utf-8?q?deuxi=C3=A8me?=' });
});

test('a header form the field does not allow, or a malformed header property, is invalidArguments', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', HEADERS);
  for (const property of [
    'header:From:asDate',
    'header:Subject:asAddresses',
    'header:Date:asText',
    'header:Received:asText',
    'header:List-Post:asMessageIds',
    'header:Subject:asBogus',
    'header:Subject:all:asText',
    'header:Subject:asText:all:all',
    'header:',
    'header:Sub ject',
  ]) {
    const error = await getError(fixture, { ids: [emailId], properties: [property] });
    assert.equal(error.type, 'invalidArguments', property);
  }
  const partError = await getError(fixture, {
    ids: [emailId],
    properties: ['textBody'],
    bodyProperties: ['header:Content-Type:asDate:all', 'header:Subject:asDate', 'partId'],
  });
  assert.equal(partError.type, 'invalidArguments');
});

test('body parts give their own headers and header forms', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', MULTIPART);
  const result = await getEmail(fixture, {
    ids: [emailId],
    properties: ['attachments'],
    bodyProperties: [
      'partId',
      'headers',
      'header:Content-Disposition:asRaw',
      'header:Content-ID:asMessageIds',
    ],
  });
  assert.deepEqual(result.list[0].attachments, [
    {
      partId: '1.2.2',
      headers: [
        { name: 'Content-Type', value: ' image/png' },
        { name: 'Content-ID', value: ' <logo@ac>' },
        { name: 'Content-Transfer-Encoding', value: ' base64' },
      ],
      'header:Content-Disposition:asRaw': null,
      'header:Content-ID:asMessageIds': ['logo@ac'],
    },
    {
      partId: '2',
      headers: [
        { name: 'Content-Type', value: ' application/pdf; name="programme.pdf"' },
        { name: 'Content-Disposition', value: ' attachment; filename="programme.pdf"' },
        { name: 'Content-Language', value: ' fr' },
        { name: 'Content-Transfer-Encoding', value: ' base64' },
      ],
      'header:Content-Disposition:asRaw': ' attachment; filename="programme.pdf"',
      'header:Content-ID:asMessageIds': null,
    },
  ]);
});

test('a large message is read only where the asked properties need it', async (t) => {
  const fixture = await openJmapFixture(t);
  const line = `${'Le conseil de classe se tiendra jeudi. '.repeat(2)}\n`;
  const body = line.repeat(Math.ceil((3 * 1024 * 1024) / line.length));
  const { emailId } = await fixture.deliver(
    'paul',
    `From: marie@ac-test.fr\nSubject: Long\nX-Rare: oui\nContent-Type: text/plain; charset=utf-8\n\n${body}`,
  );
  const reads = t.mock.method(fixture.services.mail, 'readEmailBytes');
  const preview = await getEmail(fixture, { ids: [emailId], properties: ['preview', 'subject'] });
  assert.match(preview.list[0].preview, /^Le conseil de classe se tiendra jeudi\./);
  assert.equal(reads.mock.callCount(), 0);

  // Subject is in the header cache: no read. X-Rare is not: only the header block is read.
  await getEmail(fixture, { ids: [emailId], properties: ['header:Subject:asText'] });
  assert.equal(reads.mock.callCount(), 0);
  const rare = await getEmail(fixture, { ids: [emailId], properties: ['header:X-Rare:asText'] });
  assert.equal(rare.list[0]['header:X-Rare:asText'], 'oui');
  assert.equal(reads.mock.callCount(), 1);
  const headerRange = reads.mock.calls[0]?.arguments[2];
  assert.ok(headerRange !== undefined && headerRange.start === 0 && headerRange.end < 200, 'header only');

  const value = await getEmail(fixture, {
    ids: [emailId],
    properties: ['bodyValues'],
    fetchTextBodyValues: true,
    maxBodyValueBytes: 100,
  });
  assert.deepEqual(value.list[0].bodyValues['1'], {
    value: crlf(line.repeat(2)).slice(0, 100),
    isEncodingProblem: false,
    isTruncated: true,
  });
  assert.equal(reads.mock.callCount(), 2);
  const bodyRange = reads.mock.calls[1]?.arguments[2];
  assert.ok(bodyRange !== undefined && bodyRange.end - bodyRange.start < 1024, JSON.stringify(bodyRange));
});

// Email/import over HTTP (RFC 8621 §4.8): uploaded or stored blobs become emails in the mailboxes and with the
// keywords asked, each accepted or refused alone with the RFC's SetErrors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageBlobId, partBlobId } from '../blob/blob-ids.ts';
import { type JmapFixture, openJmapFixture, readJson, type Who } from '../jmap.fixture.ts';

const MESSAGE = [
  'Received: from mx.ac-grenoble.fr by mail.ac-test.fr; Tue, 3 Feb 2026 14:05:09 +0100',
  'Received: from poste.ac-grenoble.fr by mx.ac-grenoble.fr; Tue, 3 Feb 2026 14:04:00 +0100',
  'From: Marie Clément <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Sortie au musée',
  'Date: Tue, 3 Feb 2026 14:00:00 +0100',
  'Message-ID: <sortie-1@ac-test.fr>',
  '',
  'Départ à 9 h devant le collège.',
  '',
].join('\r\n');

const SIZE = Buffer.byteLength(MESSAGE);

async function upload(fixture: JmapFixture, body: string | Uint8Array, type: string, who: Who = 'paul') {
  const response = await fetch(`${fixture.base}/jmap/upload/${fixture.accounts[who]}/`, {
    method: 'POST',
    headers: { authorization: fixture.authorization(who), 'content-type': type },
    body,
  });
  assert.equal(response.status, 201);
  return (await readJson(response)).blobId as string;
}

async function mailboxIdOf(fixture: JmapFixture, role: string, who: Who = 'paul'): Promise<string> {
  const mailbox = (await fixture.services.mail.listMailboxes(fixture.accounts[who])).find(
    (m) => m.role === role,
  );
  assert.ok(mailbox);
  return mailbox.id;
}

test('an uploaded message is imported into mailboxes made in the same request, with its keywords', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const blobId = await upload(fixture, MESSAGE, 'message/rfc822');
  const before = await fixture.api([['Email/get', { accountId, ids: [] }, 's']]);
  const oldState = before.responses[0]?.[1].state;

  const { body, responses } = await fixture.api(
    [
      ['Mailbox/set', { accountId, create: { sorties: { name: 'Sorties' } } }, 'm'],
      [
        'Email/import',
        {
          accountId,
          ifInState: oldState,
          emails: {
            first: {
              blobId,
              mailboxIds: { '#sorties': true, [inbox]: true },
              keywords: { $seen: true, $Flagged: true },
              receivedAt: '2026-02-04T08:30:00Z',
            },
            // No receivedAt: the most recent Received field's date.
            second: { blobId, mailboxIds: { [inbox]: true } },
          },
        },
        'i',
      ],
      [
        'Email/get',
        {
          accountId,
          ids: ['#first', '#second'],
          properties: ['mailboxIds', 'keywords', 'receivedAt', 'subject', 'size', 'blobId', 'threadId'],
        },
        'g',
      ],
    ],
    { createdIds: {} },
  );
  const sorties = responses[0]?.[1].created.sorties.id;
  const imported = responses[1]?.[1];
  const { first, second } = imported.created;
  assert.deepEqual(imported, {
    accountId,
    oldState,
    newState: imported.newState,
    created: {
      first: { id: first.id, blobId: messageBlobId(first.id), threadId: first.threadId, size: SIZE },
      second: { id: second.id, blobId: messageBlobId(second.id), threadId: first.threadId, size: SIZE },
    },
    notCreated: null,
  });
  assert.notEqual(imported.newState, oldState);
  assert.deepEqual(body.createdIds, { sorties, first: first.id, second: second.id });
  assert.deepEqual(responses[2]?.[1].list, [
    {
      id: first.id,
      mailboxIds: { [sorties]: true, [inbox]: true },
      keywords: { $seen: true, $flagged: true },
      receivedAt: '2026-02-04T08:30:00Z',
      subject: 'Sortie au musée',
      size: SIZE,
      blobId: messageBlobId(first.id),
      threadId: first.threadId,
    },
    {
      id: second.id,
      mailboxIds: { [inbox]: true },
      keywords: {},
      receivedAt: '2026-02-03T13:05:09Z',
      subject: 'Sortie au musée',
      size: SIZE,
      blobId: messageBlobId(second.id),
      threadId: first.threadId,
    },
  ]);
  const raw = await fetch(`${fixture.base}/jmap/download/${accountId}/${messageBlobId(first.id)}/m.eml`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  assert.equal(await raw.text(), MESSAGE, 'stored byte for byte');

  const changes = await fixture.api([['Email/changes', { accountId, sinceState: oldState }, 'c']]);
  assert.deepEqual(changes.responses[0]?.[1].created.sort(), [first.id, second.id].sort());
});

test('a message attached to a stored email imports as an email of its own', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver(
    'paul',
    [
      'From: direction@ac-test.fr',
      'To: paul@ac-test.fr',
      'Subject: Fwd: Sortie au musée',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fw"',
      '',
      '--fw',
      'Content-Type: text/plain',
      '',
      'Pour information.',
      '--fw',
      'Content-Type: message/rfc822',
      '',
      MESSAGE,
      '--fw--',
      '',
    ].join('\r\n'),
  );
  const archive = await mailboxIdOf(fixture, 'archive');
  const { responses } = await fixture.api([
    [
      'Email/import',
      { accountId, emails: { fwd: { blobId: partBlobId(emailId, '2'), mailboxIds: { [archive]: true } } } },
      'i',
    ],
    ['Email/get', { accountId, ids: ['#fwd'], properties: ['subject', 'from', 'mailboxIds'] }, 'g'],
  ]);
  const created = responses[0]?.[1].created.fwd;
  assert.equal(created.size, Buffer.byteLength(MESSAGE));
  assert.deepEqual(responses[1]?.[1].list, [
    {
      id: created.id,
      subject: 'Sortie au musée',
      from: [{ name: 'Marie Clément', email: 'marie@ac-test.fr' }],
      mailboxIds: { [archive]: true },
    },
  ]);
});

test('each email is refused alone, with the SetError of RFC 8621 §4.8', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const message = await upload(fixture, MESSAGE, 'message/rfc822');
  const pdf = await upload(fixture, '%PDF-1.4\n%\u00e9\u00e8\n1 0 obj\n', 'application/pdf');
  const mariesMessage = await upload(fixture, MESSAGE, 'message/rfc822', 'marie');
  const mariesInbox = await mailboxIdOf(fixture, 'inbox', 'marie');
  const inInbox = { [inbox]: true };
  const { responses } = await fixture.api([
    [
      'Email/import',
      {
        accountId,
        emails: {
          ok: { blobId: message, mailboxIds: inInbox },
          noBlob: { blobId: 'uunothing', mailboxIds: inInbox },
          othersBlob: { blobId: mariesMessage, mailboxIds: inInbox },
          notMail: { blobId: pdf, mailboxIds: inInbox },
          noMailbox: { blobId: message, mailboxIds: {} },
          unknownMailbox: { blobId: message, mailboxIds: { [mariesInbox]: true } },
          unknownReference: { blobId: message, mailboxIds: { '#nothing': true } },
          falseMailbox: { blobId: message, mailboxIds: { [inbox]: false } },
          badKeyword: { blobId: message, mailboxIds: inInbox, keywords: { 'deux mots': true } },
          tooManyKeywords: {
            blobId: message,
            mailboxIds: inInbox,
            keywords: Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`k${index}`, true])),
          },
          badDate: { blobId: message, mailboxIds: inInbox, receivedAt: '2026-02-04 08:30' },
          extra: { blobId: message, mailboxIds: inInbox, subject: 'x', threadId: 't' },
          noBlobId: { mailboxIds: inInbox },
        },
      },
      'i',
    ],
  ]);
  const result = responses[0]?.[1];
  assert.deepEqual(Object.keys(result.created), ['ok']);
  const invalid = (properties: string[], description: string) => ({
    type: 'invalidProperties',
    description,
    properties,
  });
  assert.deepEqual(result.notCreated, {
    noBlob: { type: 'blobNotFound', description: 'no blob uunothing' },
    othersBlob: { type: 'blobNotFound', description: `no blob ${mariesMessage}` },
    notMail: {
      type: 'invalidEmail',
      description: `blob ${pdf} is not an RFC 5322 message (it does not start with a header field)`,
    },
    noMailbox: invalid(['mailboxIds'], 'mailboxIds must name at least one mailbox'),
    unknownMailbox: invalid(['mailboxIds'], `no mailbox ${mariesInbox}`),
    unknownReference: invalid(
      ['mailboxIds'],
      'mailboxIds names a mailbox id or creation id that does not exist',
    ),
    falseMailbox: invalid(['mailboxIds'], 'mailboxIds must name at least one mailbox'),
    badKeyword: invalid(['keywords'], result.notCreated.badKeyword.description),
    tooManyKeywords: {
      type: 'tooManyKeywords',
      description: 'keyword "": tooManyKeywords (at most 100)',
    },
    badDate: invalid(['receivedAt'], 'receivedAt must be a UTCDate'),
    extra: invalid(['subject', 'threadId'], 'unknown properties: subject, threadId'),
    noBlobId: invalid(['blobId'], 'blobId must be a blob id'),
  });
  assert.match(result.notCreated.badKeyword.description, /invalid keyword/);
  const inboxEmails = await fixture.services.mail.mailboxStatus(accountId, inbox);
  assert.equal(inboxEmails.totalEmails, 1, 'only the accepted email was stored');
});

test('an import past the quota is overQuota, the emails before it are stored', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const size = Buffer.byteLength(MESSAGE);
  await fixture.services.identity.updateAccount('paul@ac-test.fr', { quotaBytes: 2 * size + 10 });
  const blobId = await upload(fixture, MESSAGE, 'message/rfc822');
  const emails = Object.fromEntries(
    ['a', 'b', 'c'].map((id) => [id, { blobId, mailboxIds: { [inbox]: true } }]),
  );
  const { responses } = await fixture.api([['Email/import', { accountId, emails }, 'i']]);
  const result = responses[0]?.[1];
  assert.deepEqual(Object.keys(result.created), ['a', 'b']);
  assert.deepEqual(Object.keys(result.notCreated), ['c']);
  assert.equal(result.notCreated.c.type, 'overQuota');
  assert.match(result.notCreated.c.description, /the mailbox is full/);
  const stored = await fixture.api([
    ['Email/get', { accountId, ids: [result.created.a.id, result.created.b.id], properties: ['size'] }, 'g'],
  ]);
  assert.deepEqual(
    stored.responses[0]?.[1].list.map((email: { size: number }) => email.size),
    [size, size],
  );
});

test('Email/import checks ifInState and the account, and needs its arguments', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const blobId = await upload(fixture, MESSAGE, 'message/rfc822');
  const inbox = await mailboxIdOf(fixture, 'inbox');
  const emails = { a: { blobId, mailboxIds: { [inbox]: true } } };
  const { responses } = await fixture.api([
    ['Email/import', { accountId, ifInState: '999', emails }, 'state'],
    ['Email/import', { accountId: fixture.accounts.marie, emails }, 'account'],
    ['Email/import', { accountId }, 'args'],
    ['Email/import', { accountId, emails: {} }, 'none'],
  ]);
  assert.deepEqual(
    responses.map(([name, args, id]) => [name, name === 'error' ? args.type : args.created, id]),
    [
      ['error', 'stateMismatch', 'state'],
      ['error', 'accountNotFound', 'account'],
      ['error', 'invalidArguments', 'args'],
      ['Email/import', null, 'none'],
    ],
  );
  assert.equal((await fixture.services.mail.mailboxStatus(accountId, inbox)).totalEmails, 0);
});

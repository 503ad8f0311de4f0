// Email/set over HTTP (RFC 8621 §4.6): keywords and mailboxes by update, destroy, and the refusals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';

const message = (n: number) =>
  `From: Marie <marie@ac-test.fr>\nTo: paul@ac-test.fr\nSubject: Sortie ${n}\nMessage-ID: <s${n}@ac-test.fr>\n\nBonjour\n`;

async function mailboxesOf(
  fixture: JmapFixture,
): Promise<Record<string, { id: string; unreadEmails: number; totalEmails: number }>> {
  const { responses } = await fixture.api([['Mailbox/get', { accountId: fixture.accounts.paul }, 'g']]);
  return Object.fromEntries(
    responses[0]?.[1].list.map((mailbox: { role: string }) => [mailbox.role, mailbox]),
  );
}

async function stored(fixture: JmapFixture, emailId: string) {
  const [email] = await fixture.services.mail.getEmails(fixture.accounts.paul, [emailId], ['mailboxUids']);
  return { keywords: email?.keywords, mailboxIds: Object.keys(email?.mailboxUids ?? {}).sort() };
}

test('keyword updates by path apply together, and Email/changes and the counters follow', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const emails = [
    await fixture.deliver('paul', message(1)),
    await fixture.deliver('paul', message(2)),
    await fixture.deliver('paul', message(3)),
  ];
  const ids = emails.map((email) => email.emailId);
  assert.equal((await mailboxesOf(fixture)).inbox?.unreadEmails, 3);
  const before = (await fixture.api([['Email/changes', { accountId, sinceState: '0' }, 'c']]))
    .responses[0]?.[1].newState;

  const { responses } = await fixture.api([
    [
      'Email/set',
      {
        accountId,
        ifInState: before,
        update: {
          [ids[0] as string]: { 'keywords/$seen': true },
          [ids[1] as string]: { 'keywords/$seen': true },
          [ids[2] as string]: { 'keywords/$seen': true, 'keywords/$flagged': true },
          'no-such-email': { 'keywords/$seen': true },
        },
      },
      's',
    ],
    ['Email/changes', { accountId, sinceState: before }, 'c'],
  ]);
  const set = responses[0]?.[1];
  assert.equal(set.oldState, before);
  assert.deepEqual(Object.keys(set.updated).sort(), [...ids].sort());
  assert.equal(set.notUpdated['no-such-email'].type, 'notFound');
  assert.equal(set.created, null);
  assert.equal(set.destroyed, null);
  assert.deepEqual([...responses[1]?.[1].updated].sort(), [...ids].sort());
  assert.equal(responses[1]?.[1].newState, set.newState);
  assert.equal((await mailboxesOf(fixture)).inbox?.unreadEmails, 0);
  assert.deepEqual((await stored(fixture, ids[2] as string)).keywords, ['$flagged', '$seen']);

  const removed = await fixture.api([
    ['Email/set', { accountId, update: { [ids[2] as string]: { 'keywords/$seen': null } } }, 's'],
    [
      'Email/set',
      { accountId, ifInState: before, update: { [ids[0] as string]: { 'keywords/$seen': null } } },
      'stale',
    ],
  ]);
  assert.deepEqual(removed.responses[0]?.[1].updated, { [ids[2] as string]: null });
  assert.equal(removed.responses[1]?.[1].type, 'stateMismatch');
  assert.deepEqual((await stored(fixture, ids[2] as string)).keywords, ['$flagged']);
  assert.equal((await mailboxesOf(fixture)).inbox?.unreadEmails, 1);
});

test('whole keywords and mailboxIds replace what the email had; paths add and remove mailboxes', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', message(1));
  const boxes = await mailboxesOf(fixture);
  const id = (role: string) => boxes[role]?.id as string;

  const whole = await fixture.api([
    [
      'Email/set',
      {
        accountId,
        update: {
          [emailId]: { keywords: { $Flagged: true, Projet: true }, mailboxIds: { [id('archive')]: true } },
        },
      },
      's',
    ],
  ]);
  assert.deepEqual(whole.responses[0]?.[1].updated, { [emailId]: null });
  assert.deepEqual(await stored(fixture, emailId), {
    keywords: ['$flagged', 'projet'],
    mailboxIds: [id('archive')],
  });
  const after = await mailboxesOf(fixture);
  assert.equal(after.inbox?.totalEmails, 0);
  assert.equal(after.archive?.totalEmails, 1);

  await fixture.api([
    ['Email/set', { accountId, update: { [emailId]: { [`mailboxIds/${id('trash')}`]: true } } }, 's'],
  ]);
  assert.deepEqual((await stored(fixture, emailId)).mailboxIds, [id('archive'), id('trash')].sort());
  await fixture.api([
    ['Email/set', { accountId, update: { [emailId]: { [`mailboxIds/${id('archive')}`]: null } } }, 's'],
  ]);
  assert.deepEqual((await stored(fixture, emailId)).mailboxIds, [id('trash')]);
});

test('refused updates leave the email as it was, each with the reason', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', message(1));
  const others = await Promise.all([2, 3, 4, 5, 6, 7].map((n) => fixture.deliver('paul', message(n))));
  const boxes = await mailboxesOf(fixture);
  const inbox = boxes.inbox?.id as string;
  const updates: Record<string, Record<string, unknown>> = {
    [emailId]: { 'keywords/$seen': true, [`mailboxIds/${inbox}`]: null },
    [others[0]?.emailId as string]: { keywords: { $seen: true }, 'keywords/$flagged': true },
    [others[1]?.emailId as string]: { subject: 'Autre chose' },
    [others[2]?.emailId as string]: { 'keywords/a b': true },
    [others[3]?.emailId as string]: { 'keywords/$seen': false },
    [others[4]?.emailId as string]: { 'keywords/$seen': true, mailboxIds: { 'no-such-mailbox': true } },
    [others[5]?.emailId as string]: { keywords: ['$seen'] },
  };
  const { responses } = await fixture.api([['Email/set', { accountId, update: updates }, 's']]);
  const refused = responses[0]?.[1].notUpdated;
  assert.equal(responses[0]?.[1].updated, null);
  assert.deepEqual(refused[emailId], {
    type: 'invalidProperties',
    description: 'an email must stay in at least one mailbox',
    properties: ['mailboxIds'],
  });
  assert.equal(refused[others[0]?.emailId as string].type, 'invalidPatch');
  assert.deepEqual(refused[others[1]?.emailId as string].properties, ['subject']);
  assert.deepEqual(refused[others[2]?.emailId as string].properties, ['keywords']);
  assert.deepEqual(refused[others[3]?.emailId as string].properties, ['keywords']);
  assert.deepEqual(refused[others[4]?.emailId as string].properties, ['mailboxIds/no-such-mailbox']);
  assert.deepEqual(refused[others[5]?.emailId as string].properties, ['keywords']);
  // Nothing of a refused update was applied, not even its valid part.
  for (const id of [emailId, ...others.map((other) => other.emailId)])
    assert.deepEqual(await stored(fixture, id), { keywords: [], mailboxIds: [inbox] });
});

test('destroy removes emails for good; other accounts’ emails are not found', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', message(1));
  const hers = await fixture.deliver('marie', message(2));
  const { responses } = await fixture.api([
    ['Email/set', { accountId, destroy: [emailId, hers.emailId] }, 's'],
  ]);
  const set = responses[0]?.[1];
  assert.deepEqual(set.destroyed, [emailId]);
  assert.equal(set.notDestroyed[hers.emailId].type, 'notFound');
  assert.equal((await fixture.services.mail.getEmails(accountId, [emailId])).length, 0);
  assert.equal((await fixture.services.mail.getEmails(fixture.accounts.marie, [hers.emailId])).length, 1);
  assert.equal((await mailboxesOf(fixture)).inbox?.totalEmails, 0);
  const changes = await fixture.api([['Email/changes', { accountId, sinceState: set.oldState }, 'c']]);
  assert.deepEqual(changes.responses[0]?.[1].destroyed, [emailId]);
});

const WITH_PDF = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Compte rendu',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Ci-joint.',
  '--b1',
  'Content-Type: application/pdf; name="cr.pdf"',
  'Content-Disposition: attachment; filename="cr.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 compte rendu').toString('base64'),
  '--b1--',
  '',
].join('\n');

test('a draft is composed from its properties, filed, and reads back the same through Email/get', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const received = await fixture.deliver('paul', WITH_PDF);
  const boxes = await mailboxesOf(fixture);
  const { responses } = await fixture.api([
    ['Mailbox/set', { accountId, create: { projets: { name: 'Projets' } } }, 'm'],
    [
      'Email/set',
      {
        accountId,
        create: {
          draft: {
            mailboxIds: { [boxes.drafts?.id as string]: true, '#projets': true },
            keywords: { $draft: true, $seen: true },
            from: [{ name: 'Paul Durand', email: 'paul@ac-test.fr' }],
            to: [{ name: 'Hélène Lefèvre', email: 'helene@ac-test.fr' }],
            bcc: [{ name: null, email: 'direction@ac-test.fr' }],
            subject: 'Réunion du conseil pédagogique',
            sentAt: '2026-11-30T09:15:00+01:00',
            inReplyTo: ['s1@ac-test.fr'],
            'header:X-Vercors-Template:asText': 'convocation',
            textBody: [{ partId: 't', type: 'text/plain' }],
            htmlBody: [{ partId: 'h', type: 'text/html' }],
            bodyValues: {
              t: { value: 'Bonjour à tous,\nla réunion est à 17 h.' },
              h: { value: '<p>Bonjour à tous,</p>' },
            },
            attachments: [
              { blobId: `p2x${received.emailId}`, type: 'application/pdf', name: 'compte rendu.pdf' },
            ],
          },
        },
      },
      's',
    ],
    [
      'Email/get',
      {
        accountId,
        // The draft named by its creation id (RFC 8620 §5.3).
        ids: ['#draft'],
        properties: [
          'mailboxIds',
          'keywords',
          'from',
          'to',
          'bcc',
          'subject',
          'sentAt',
          'inReplyTo',
          'header:X-Vercors-Template:asText',
          'textBody',
          'htmlBody',
          'attachments',
          'bodyValues',
        ],
        fetchAllBodyValues: true,
      },
      'g',
    ],
  ]);
  const created = responses[1]?.[1].created.draft;
  assert.match(created.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(created.blobId, `m${created.id}`);
  assert.ok(created.size > 0);
  const email = responses[2]?.[1].list[0];
  assert.deepEqual(
    Object.keys(email.mailboxIds).sort(),
    [boxes.drafts?.id, responses[0]?.[1].created.projets.id].sort(),
  );
  assert.deepEqual(email.keywords, { $draft: true, $seen: true });
  assert.deepEqual(email.from, [{ name: 'Paul Durand', email: 'paul@ac-test.fr' }]);
  assert.deepEqual(email.to, [{ name: 'Hélène Lefèvre', email: 'helene@ac-test.fr' }]);
  assert.deepEqual(email.bcc, [{ name: null, email: 'direction@ac-test.fr' }]);
  assert.equal(email.subject, 'Réunion du conseil pédagogique');
  assert.equal(email.sentAt, '2026-11-30T09:15:00+01:00');
  assert.deepEqual(email.inReplyTo, ['s1@ac-test.fr']);
  assert.equal(email['header:X-Vercors-Template:asText'], 'convocation');
  const [text] = email.textBody;
  const [html] = email.htmlBody;
  assert.equal(email.bodyValues[text.partId].value, 'Bonjour à tous,\nla réunion est à 17 h.');
  assert.equal(email.bodyValues[html.partId].value, '<p>Bonjour à tous,</p>');
  assert.equal(email.attachments.length, 1);
  assert.equal(email.attachments[0].name, 'compte rendu.pdf');
  assert.equal(email.attachments[0].type, 'application/pdf');
  const pdf = await fetch(
    `${fixture.base}/jmap/download/${accountId}/${email.attachments[0].blobId}/cr.pdf`,
    {
      headers: { authorization: fixture.authorization('paul') },
    },
  );
  assert.equal(Buffer.from(await pdf.arrayBuffer()).toString(), '%PDF-1.4 compte rendu');
  assert.equal((await mailboxesOf(fixture)).drafts?.totalEmails, 1);
});

test('a create that would inject headers, lacks a mailbox or names missing blobs is refused', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const drafts = (await mailboxesOf(fixture)).drafts?.id as string;
  const base = { mailboxIds: { [drafts]: true } };
  const { responses } = await fixture.api([
    [
      'Email/set',
      {
        accountId,
        create: {
          noMailbox: { subject: 'x' },
          injected: { ...base, subject: 'Bonjour\r\nBcc: tout@exemple.org' },
          badName: { ...base, to: [{ name: 'A\nB', email: 'a@ac-test.fr' }] },
          badAddress: { ...base, to: [{ name: 'A', email: 'not an address' }] },
          ownField: { ...base, 'header:Content-Type:asText': 'text/html' },
          structure: { ...base, bodyStructure: { type: 'text/plain', partId: 'a' } },
          wrongType: {
            ...base,
            textBody: [{ partId: 'a', type: 'text/html' }],
            bodyValues: { a: { value: 'x' } },
          },
          noValue: { ...base, textBody: [{ partId: 'a', type: 'text/plain' }] },
          serverSet: { ...base, id: 'mine' },
          missingBlob: { ...base, attachments: [{ blobId: 'mNothingHere', type: 'application/pdf' }] },
          badKeyword: { ...base, keywords: { 'a b': true } },
          badReceivedAt: { ...base, receivedAt: '2026-11-30T09:15:00+01:00' },
        },
      },
      's',
    ],
  ]);
  const refused = responses[0]?.[1].notCreated;
  assert.equal(responses[0]?.[1].created, null);
  const properties = Object.fromEntries(
    Object.entries(refused).map(([id, error]) => [
      id,
      (error as { type: string; properties?: string[] }).properties ?? (error as { type: string }).type,
    ]),
  );
  assert.deepEqual(properties, {
    noMailbox: ['mailboxIds'],
    injected: ['subject'],
    badName: ['to'],
    badAddress: ['to'],
    ownField: ['header:Content-Type:asText'],
    structure: ['bodyStructure'],
    wrongType: ['textBody'],
    noValue: ['textBody'],
    serverSet: ['id'],
    missingBlob: 'blobNotFound',
    badKeyword: ['keywords'],
    badReceivedAt: ['receivedAt'],
  });
  assert.deepEqual(refused.missingBlob.notFound, ['mNothingHere']);
  assert.equal((await mailboxesOf(fixture)).drafts?.totalEmails, 0);
});

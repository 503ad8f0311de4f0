// MDN/send and MDN/parse over HTTP (RFC 9007): a read receipt sent with the implicit Email/set of
// onSuccessUpdateEmail, each refusal of §2.1, and the receipt MDN/send queued parsed back in the sender's account.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import {
  type Answer,
  type JmapFixture,
  MARIE,
  openJmapFixture,
  PAUL,
  readJson,
  type Who,
} from '../jmap.fixture.ts';

const MDN_USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.mdn];
const DISPLAYED = { actionMode: 'manual-action', sendingMode: 'mdn-sent-manually', type: 'displayed' };

/** Marie's message to Paul asking for a read receipt, as both hold it (same Message-ID). */
function question(extra: readonly string[] = [`Disposition-Notification-To: Marie Curie <${MARIE.email}>`]) {
  return [
    `From: Marie Curie <${MARIE.email}>`,
    `To: Paul Durand <${PAUL.email}>`,
    'Subject: Sortie au musée',
    'Message-ID: <sortie-musee@ac-test.fr>',
    ...extra,
    '',
    'Paul, peux-tu confirmer la sortie de jeudi ?',
    '',
  ].join('\r\n');
}

async function identityOf(fixture: JmapFixture, who: Who = 'paul'): Promise<string> {
  const { responses } = await fixture.api([['Identity/get', { accountId: fixture.accounts[who] }, 'i']], {
    who,
    using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.submission],
  });
  return responses[0]?.[1].list[0].id;
}

async function sendMdn(
  fixture: JmapFixture,
  send: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  who: Who = 'paul',
) {
  const accountId = fixture.accounts[who];
  return await fixture.api(
    [['MDN/send', { accountId, identityId: await identityOf(fixture, who), send, ...extra }, 'm']],
    { who, using: MDN_USING },
  );
}

/** The receipts in the queue with their bytes, oldest first. */
async function queuedReceipts(fixture: JmapFixture): Promise<{ sender: string; raw: Buffer }[]> {
  const queued = (await fixture.services.queue.listQueue()).filter((message) => message.source === 'mdn');
  return await Promise.all(
    queued.map(async (message) => {
      const row = await fixture.services.database.db
        .selectFrom('queue_messages')
        .select('blob_id')
        .where('id', '=', message.id)
        .executeTakeFirstOrThrow();
      const content = await fixture.services.blobs.get(row.blob_id as string);
      assert.ok(content, 'the queued receipt has its content');
      return { sender: message.sender, raw: Buffer.from(content) };
    }),
  );
}

async function keywordsOf(fixture: JmapFixture, who: Who, emailId: string): Promise<string[]> {
  const [email] = await fixture.services.mail.getEmails(fixture.accounts[who], [emailId], []);
  return [...(email?.keywords ?? [])].sort();
}

test('the session advertises urn:ietf:params:jmap:mdn as an empty object (RFC 9007 §1.3)', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  const session: Answer = await readJson(response);
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.mdn], {});
  assert.deepEqual(session.accounts[fixture.accounts.paul].accountCapabilities[JMAP_CAPABILITIES.mdn], {});
  assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.mdn], fixture.accounts.paul);
});

test('MDN/send queues a receipt and applies onSuccessUpdateEmail in an implicit Email/set', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', question());
  const { responses } = await sendMdn(
    fixture,
    {
      k1: {
        forEmailId: emailId,
        // Key order is the client's business: the same disposition is not repeated in `sent`.
        disposition: { type: 'displayed', sendingMode: 'mdn-sent-manually', actionMode: 'manual-action' },
        extensionFields: { 'X-Classe': '4e B' },
      },
    },
    { onSuccessUpdateEmail: { '#k1': { 'keywords/$seen': true } } },
  );

  assert.deepEqual(
    responses.map(([name, , callId]) => [name, callId]),
    [
      ['MDN/send', 'm'],
      ['Email/set', 'm'],
    ],
  );
  const result = responses[0]?.[1];
  assert.equal(result.accountId, fixture.accounts.paul);
  assert.equal(result.notSent, null);
  // What the client did not set (RFC 9007 §2.1): the defaults and the server-set properties.
  assert.deepEqual(result.sent, {
    k1: {
      subject: 'Accusé de lecture : Sortie au musée',
      textBody: `Votre message « Sortie au musée », adressé à ${PAUL.email}, a été affiché. Cela ne garantit pas qu’il ait été lu ni compris.\n`,
      includeOriginalMessage: false,
      reportingUA: 'Vercors',
      mdnGateway: null,
      originalRecipient: null,
      finalRecipient: `rfc822; ${PAUL.email}`,
      originalMessageId: '<sortie-musee@ac-test.fr>',
      error: null,
    },
  });
  assert.deepEqual(Object.keys(responses[1]?.[1].updated), [emailId]);
  assert.deepEqual(await keywordsOf(fixture, 'paul', emailId), ['$mdnsent', '$seen']);

  const receipts = await queuedReceipts(fixture);
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0]?.sender, '', 'RFC 8098 §3: MAIL FROM:<>');
  const text = receipts[0]?.raw.toString('utf8') ?? '';
  assert.match(text, /^To: marie@ac-test\.fr\r$/m);
  assert.match(text, /^Disposition: manual-action\/mdn-sent-manually; displayed\r$/m);
  assert.match(text, /^X-Classe: 4e B\r$/m);
});

test('MDN/send refuses each receipt with its own SetError, and the call for a wrong identity', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId: asking } = await fixture.deliver('paul', question());
  const { emailId: notAsking } = await fixture.deliver('paul', question([]));
  const { emailId: alreadySent } = await fixture.deliver('paul', question());
  await fixture.services.mail.addKeywords(accountId, { emailIds: [alreadySent] }, ['$mdnsent']);
  const { emailId: mariesEmail } = await fixture.deliver('marie', question());

  const { responses } = await sendMdn(
    fixture,
    {
      gone: { forEmailId: 'Mnosuchemail', disposition: DISPLAYED },
      foreign: { forEmailId: mariesEmail, disposition: DISPLAYED },
      unasked: { forEmailId: notAsking, disposition: DISPLAYED },
      unknownReference: { forEmailId: '#nothing', disposition: DISPLAYED },
      again: { forEmailId: alreadySent, disposition: DISPLAYED },
      asMarie: { forEmailId: asking, disposition: DISPLAYED, finalRecipient: `rfc822; ${MARIE.email}` },
      shape: { forEmailId: asking, disposition: { ...DISPLAYED, type: 'read' }, colour: 'red' },
      serverSet: { forEmailId: asking, disposition: DISPLAYED, originalMessageId: '<x@y>' },
      values: { forEmailId: asking, disposition: DISPLAYED, subject: 'a\nb' },
    },
    { onSuccessUpdateEmail: { '#asMarie': { 'keywords/$seen': true } } },
  );
  // Nothing was sent: no implicit Email/set follows.
  assert.deepEqual(
    responses.map(([name]) => name),
    ['MDN/send'],
  );
  const result = responses[0]?.[1];
  assert.equal(result.sent, null);
  const types = Object.fromEntries(
    Object.entries(result.notSent as Record<string, Answer>).map(([id, error]) => [
      id,
      error.properties === undefined ? error.type : [error.type, error.properties],
    ]),
  );
  assert.deepEqual(types, {
    gone: 'notFound',
    foreign: 'notFound',
    unasked: 'notFound',
    unknownReference: 'notFound',
    again: 'mdnAlreadySent',
    asMarie: 'forbiddenFrom',
    shape: ['invalidProperties', ['colour', 'disposition']],
    serverSet: ['invalidProperties', ['originalMessageId']],
    values: ['invalidProperties', ['subject']],
  });
  assert.equal(result.notSent.again.description, '$mdnsent keyword is already present');
  assert.equal((await queuedReceipts(fixture)).length, 0);
  assert.deepEqual(await keywordsOf(fixture, 'paul', asking), []);

  // Method-level errors: an identity that is not the account's, more than 64 MDNs, a key naming no MDN, no
  // capability in `using`.
  const { responses: wrongIdentity } = await fixture.api(
    [
      [
        'MDN/send',
        {
          accountId,
          identityId: await identityOf(fixture, 'marie'),
          send: { k: { forEmailId: asking, disposition: DISPLAYED } },
        },
        'w',
      ],
    ],
    { using: MDN_USING },
  );
  assert.deepEqual(wrongIdentity[0]?.slice(0, 1), ['error']);
  assert.equal(wrongIdentity[0]?.[1].type, 'invalidArguments');
  const tooMany = Object.fromEntries(
    Array.from({ length: 65 }, (_, index) => [`k${index}`, { forEmailId: asking, disposition: DISPLAYED }]),
  );
  const { responses: large } = await sendMdn(fixture, tooMany);
  assert.equal(large[0]?.[1].type, 'requestTooLarge');
  const { responses: badKey } = await sendMdn(
    fixture,
    { k: { forEmailId: asking, disposition: DISPLAYED } },
    { onSuccessUpdateEmail: { '#other': { 'keywords/$seen': true } } },
  );
  assert.equal(badKey[0]?.[1].type, 'invalidArguments');
  const { responses: withoutCapability } = await fixture.api([
    ['MDN/send', { accountId, identityId: 'x', send: {} }, 'c'],
  ]);
  assert.equal(withoutCapability[0]?.[1].type, 'unknownMethod');
  assert.equal((await queuedReceipts(fixture)).length, 0);
});

test('MDN/parse reads the receipt MDN/send queued, in the other account, pointing at its original', async (t) => {
  const fixture = await openJmapFixture(t);
  // Marie holds her message (the copy she sent); Paul received it and sends the receipt.
  const { emailId: original } = await fixture.deliver('marie', question(), 'sent');
  const { emailId: received } = await fixture.deliver('paul', question());
  const { responses: sent } = await sendMdn(fixture, {
    k1: {
      forEmailId: received,
      disposition: DISPLAYED,
      reportingUA: 'Thunderbird 140',
      includeOriginalMessage: true,
    },
  });
  assert.ok(sent[0]?.[1].sent.k1);
  const [receipt] = await queuedReceipts(fixture);
  assert.ok(receipt);
  const stored = await fixture.services.mail.importMessage(fixture.accounts.marie, receipt.raw, {
    mailboxRole: 'inbox',
  });
  const { responses: got } = await fixture.api(
    [
      [
        'Email/get',
        { accountId: fixture.accounts.marie, ids: [stored.emailId], properties: ['blobId'] },
        'g',
      ],
    ],
    { who: 'marie' },
  );
  const blobId: string = got[0]?.[1].list[0].blobId;

  const { responses } = await fixture.api(
    [['MDN/parse', { accountId: fixture.accounts.marie, blobIds: [blobId] }, 'p']],
    { who: 'marie', using: MDN_USING },
  );
  assert.deepEqual(responses[0]?.[1], {
    accountId: fixture.accounts.marie,
    parsed: {
      [blobId]: {
        forEmailId: original,
        subject: 'Accusé de lecture : Sortie au musée',
        textBody: `Votre message « Sortie au musée », adressé à ${PAUL.email}, a été affiché. Cela ne garantit pas qu’il ait été lu ni compris.\n`,
        includeOriginalMessage: true,
        reportingUA: 'Thunderbird 140',
        disposition: DISPLAYED,
        mdnGateway: null,
        originalRecipient: null,
        finalRecipient: `rfc822; ${PAUL.email}`,
        originalMessageId: '<sortie-musee@ac-test.fr>',
        error: null,
        extensionFields: null,
      },
    },
    notParsable: null,
    notFound: null,
  });

  // Paul has the original too (the one he received), but not this blob.
  const { responses: paulParse } = await fixture.api(
    [['MDN/parse', { accountId: fixture.accounts.paul, blobIds: [blobId] }, 'p']],
    { using: MDN_USING },
  );
  assert.deepEqual(paulParse[0]?.[1].notFound, [blobId]);
});

test('MDN/parse: a plain message or an upload that is no message is notParsable, a missing blob notFound', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', question());
  const upload = await fetch(`${fixture.base}/jmap/upload/${fixture.accounts.paul}/`, {
    method: 'POST',
    headers: { authorization: fixture.authorization('paul'), 'content-type': 'application/pdf' },
    body: '%PDF-1.7\n',
  });
  const pdf: string = (await readJson(upload)).blobId;
  const { responses } = await fixture.api(
    [
      [
        'MDN/parse',
        { accountId: fixture.accounts.paul, blobIds: [`m${emailId}`, pdf, 'mnosuchemail', `m${emailId}`] },
        'p',
      ],
    ],
    { using: MDN_USING },
  );
  assert.deepEqual(responses[0]?.[1], {
    accountId: fixture.accounts.paul,
    parsed: null,
    notParsable: [`m${emailId}`, pdf],
    notFound: ['mnosuchemail'],
  });
  const { responses: tooMany } = await fixture.api(
    [
      [
        'MDN/parse',
        { accountId: fixture.accounts.paul, blobIds: Array.from({ length: 1001 }, () => pdf) },
        'p',
      ],
    ],
    { using: MDN_USING },
  );
  assert.equal(tooMany[0]?.[1].type, 'invalidArguments');
});

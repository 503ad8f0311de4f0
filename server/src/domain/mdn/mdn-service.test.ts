import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { DomainError } from '#core/errors';
import { silentLogger } from '#core/log';
import { parseMessage } from '#formats/mime';
import { openTestServices } from '../../test-support/test-services.ts';
import { refusedWith } from '../../test-support/refused-with.ts';
import { parseMdnMessage } from './mdn-parse.ts';
import { createMdnService } from './mdn-service.ts';
import { type MdnDisposition, MdnRefused, type MdnSendOutcome, type NewMdn } from './mdn.ts';

const PAUL = 'paul@ac-test.fr';
const MARIE = 'marie@ac-test.fr';
const DISPLAYED: MdnDisposition = {
  actionMode: 'manual-action',
  sendingMode: 'mdn-sent-manually',
  type: 'displayed',
};

/** Real services (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND): Paul writes French, Marie English. */
async function open(t: TestContext) {
  const clock = fixedClock(new Date('2026-03-02T09:30:00Z'));
  const services = await openTestServices(t, { clock, hostname: 'mail.ac-test.fr' });
  await services.identity.addDomain('ac-test.fr');
  const paul = await services.identity.createAccount({ email: PAUL, displayName: 'Paul Durand' });
  const marie = await services.identity.createAccount({ email: MARIE, displayName: 'Marie', locale: 'en' });
  const identityOf = async (accountId: string) =>
    (await services.mail.listIdentities(accountId)).identities[0]?.id as string;
  /** Store `lines` (a message) in the inbox of `accountId`, as delivery does. */
  const deliver = async (accountId: string, lines: readonly string[]) =>
    (await services.mail.importMessage(accountId, Buffer.from(lines.join('\r\n')), { mailboxRole: 'inbox' }))
      .emailId;
  /** The receipts in the queue, oldest first, with their bytes. */
  const receipts = async () => {
    const queued = (await services.queue.listQueue()).filter((message) => message.source === 'mdn');
    return await Promise.all(
      queued.map(async (message) => {
        const row = await services.database.db
          .selectFrom('queue_messages')
          .select('blob_id')
          .where('id', '=', message.id)
          .executeTakeFirstOrThrow();
        const bytes = await services.blobs.get(row.blob_id as string);
        assert.ok(bytes, 'the queued receipt has its content');
        return { message, raw: Buffer.from(bytes) };
      }),
    );
  };
  return { services, paul, marie, identityOf, deliver, receipts };
}

function original(extra: readonly string[] = [], subject = 'Réunion de rentrée'): string[] {
  return [
    `From: Marie <${MARIE}>`,
    `To: Paul Durand <${PAUL}>`,
    `Subject: ${subject}`,
    'Message-ID: <rentree-1@ac-test.fr>',
    ...extra,
    '',
    'Bonjour Paul, la réunion est jeudi.',
    '',
  ];
}

function refusalOf(outcome: MdnSendOutcome | undefined): string {
  assert.ok(outcome !== undefined && !outcome.ok, 'the receipt is refused');
  return outcome.error instanceof MdnRefused ? outcome.error.refusal.reason : outcome.error.code;
}

test('a receipt goes to Disposition-Notification-To with the null reverse-path; the email takes $mdnsent', async (t) => {
  const { services, paul, identityOf, deliver, receipts } = await open(t);
  const emailId = await deliver(
    paul.id,
    original([`Disposition-Notification-To: Marie <${MARIE}>`, `Original-Recipient: rfc822;${PAUL}`]),
  );
  const [outcome] = await services.mdn.sendMdns(paul.id, await identityOf(paul.id), [
    { forEmailId: emailId, disposition: DISPLAYED },
  ]);
  assert.ok(outcome?.ok);
  assert.deepEqual(outcome.mdn, {
    forEmailId: emailId,
    subject: 'Accusé de lecture : Réunion de rentrée',
    textBody: `Votre message « Réunion de rentrée », adressé à ${PAUL}, a été affiché. Cela ne garantit pas qu’il ait été lu ni compris.\n`,
    includeOriginalMessage: false,
    reportingUA: 'Vercors',
    disposition: DISPLAYED,
    mdnGateway: null,
    originalRecipient: `rfc822;${PAUL}`,
    finalRecipient: `rfc822; ${PAUL}`,
    originalMessageId: '<rentree-1@ac-test.fr>',
    error: null,
    extensionFields: null,
  });

  // RFC 8098 §3: MAIL FROM:<>, to the address the original asked, on behalf of Paul's account
  const [receipt, ...others] = await receipts();
  assert.equal(others.length, 0);
  assert.equal(receipt?.message.sender, '');
  assert.equal(receipt?.message.accountId, paul.id);
  assert.deepEqual(
    receipt?.message.recipients.map((recipient) => recipient.address),
    [MARIE],
  );
  const parsed = await parseMessage(receipt?.raw ?? new Uint8Array());
  assert.deepEqual(
    parsed.from.map((address) => address.address),
    [PAUL],
  );
  assert.deepEqual(
    parsed.to.map((address) => address.address),
    [MARIE],
  );
  const { forEmailId: _forEmailId, ...sent } = outcome.mdn;
  assert.deepEqual(await parseMdnMessage(receipt?.raw ?? new Uint8Array()), sent);

  const [email] = await services.mail.getEmails(paul.id, [emailId], []);
  assert.ok(email?.keywords.includes('$mdnsent'));
});

test('a second receipt for the same email is mdnAlreadySent, and nothing more is queued', async (t) => {
  const { services, paul, identityOf, deliver, receipts } = await open(t);
  const emailId = await deliver(paul.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const identityId = await identityOf(paul.id);
  const [first] = await services.mdn.sendMdns(paul.id, identityId, [
    { forEmailId: emailId, disposition: DISPLAYED },
  ]);
  assert.ok(first?.ok);
  const [second] = await services.mdn.sendMdns(paul.id, identityId, [
    { forEmailId: emailId, disposition: { ...DISPLAYED, type: 'deleted' } },
  ]);
  assert.equal(refusalOf(second), 'mdnAlreadySent');
  assert.equal((await receipts()).length, 1);
});

test('two sends racing for one email: exactly one receipt leaves, the other is mdnAlreadySent', async (t) => {
  const { services, paul, identityOf, deliver, receipts } = await open(t);
  const emailId = await deliver(paul.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const identityId = await identityOf(paul.id);
  const send = () =>
    services.mdn.sendMdns(paul.id, identityId, [{ forEmailId: emailId, disposition: DISPLAYED }]);
  const [[one], [two]] = await Promise.all([send(), send()]);
  assert.deepEqual(
    [one?.ok, two?.ok].sort(),
    [false, true],
    'one send goes on, the other finds the keyword taken',
  );
  assert.equal(refusalOf(one?.ok ? two : one), 'mdnAlreadySent');
  assert.equal((await receipts()).length, 1);
});

test('each refusal is the receipt’s own: notFound, forbiddenFrom, invalidProperties', async (t) => {
  const { services, paul, marie, identityOf, deliver, receipts } = await open(t);
  const asking = await deliver(paul.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const notAsking = await deliver(paul.id, original());
  const invalid = await deliver(paul.id, original(['Disposition-Notification-To: Marie <pas une adresse>']));
  const many = Array.from({ length: 11 }, (_, index) => `eleve${index}@exemple.org`).join(', ');
  const tooMany = await deliver(paul.id, original([`Disposition-Notification-To: ${many}`]));
  const mariesEmail = await deliver(marie.id, original([`Disposition-Notification-To: ${PAUL}`]));
  const mdn = (forEmailId: string, extra: Partial<NewMdn> = {}): NewMdn => ({
    forEmailId,
    disposition: DISPLAYED,
    ...extra,
  });

  const outcomes = await services.mdn.sendMdns(paul.id, await identityOf(paul.id), [
    mdn('no-such-email'),
    mdn(mariesEmail),
    mdn(notAsking),
    mdn(invalid),
    mdn(tooMany),
    mdn(asking, { finalRecipient: `rfc822; ${MARIE}` }),
    mdn(asking, { finalRecipient: 'x400; C=FR' }),
    mdn(asking, { subject: 'deux\r\nlignes', reportingUA: 'UA\u0000' }),
    mdn(asking, { extensionFields: { Disposition: 'automatic-action/mdn-sent-automatically; deleted' } }),
    mdn(asking, { extensionFields: { 'X-Bad Name': 'value' } }),
  ]);
  assert.deepEqual(outcomes.map(refusalOf), [
    'notFound',
    'notFound',
    'notFound',
    'notFound',
    'notFound',
    'forbiddenFrom',
    'invalidProperties',
    'invalidProperties',
    'invalidProperties',
    'invalidProperties',
  ]);
  const [, , , , , , badRecipient, badValues] = outcomes;
  assert.ok(badRecipient?.ok === false && badRecipient.error instanceof MdnRefused);
  assert.deepEqual(badRecipient.error.refusal, {
    reason: 'invalidProperties',
    properties: ['finalRecipient'],
  });
  assert.ok(badValues?.ok === false && badValues.error instanceof MdnRefused);
  assert.deepEqual(badValues.error.refusal, {
    reason: 'invalidProperties',
    properties: ['subject', 'reportingUA'],
  });
  assert.equal((await receipts()).length, 0);
  const [email] = await services.mail.getEmails(paul.id, [asking], []);
  assert.ok(!email?.keywords.includes('$mdnsent'), 'no keyword without a receipt');

  // An identity of another account fails the whole call.
  const details = await refusedWith(
    services.mdn.sendMdns(paul.id, await identityOf(marie.id), [mdn(asking)]),
    'notFound',
  );
  assert.equal(details.subject, 'identity');
});

test('an English account writes its defaults in English; the original travels whole when asked', async (t) => {
  const { services, marie, identityOf, deliver, receipts } = await open(t);
  const emailId = await deliver(marie.id, [
    `From: Paul Durand <${PAUL}>`,
    `To: ${MARIE}`,
    'Subject: Notes du trimestre',
    `Disposition-Notification-To: ${PAUL}`,
    '',
    'Les notes sont en ligne.',
    '',
  ]);
  const [outcome] = await services.mdn.sendMdns(marie.id, await identityOf(marie.id), [
    {
      forEmailId: emailId,
      disposition: {
        actionMode: 'automatic-action',
        sendingMode: 'mdn-sent-automatically',
        type: 'processed',
      },
      includeOriginalMessage: true,
      reportingUA: null,
      extensionFields: { 'X-Vercors-Test': 'oui' },
    },
  ]);
  assert.ok(outcome?.ok);
  assert.equal(outcome.mdn.subject, 'Read: Notes du trimestre');
  assert.equal(
    outcome.mdn.textBody,
    `Your message "Notes du trimestre" to ${MARIE} has been processed automatically without being displayed.\n`,
  );
  // No Message-ID in the original: no Original-Message-ID (RFC 8098 §3.2.5), and none to look for.
  assert.equal(outcome.mdn.originalMessageId, null);
  assert.equal(outcome.mdn.reportingUA, null);
  const [receipt] = await receipts();
  const text = receipt?.raw.toString('utf8') ?? '';
  assert.doesNotMatch(text, /^Reporting-UA:/m);
  assert.match(text, /^X-Vercors-Test: oui\r$/m);
  assert.match(text, /^Auto-Submitted: auto-replied\r$/m);
  assert.match(text, /^Content-Type: message\/rfc822\r$/m);
  assert.match(text, /Les notes sont en ligne\./);
});

test('a receipt larger than the largest message sent is tooLarge', async (t) => {
  const { services, paul, identityOf, deliver, receipts } = await open(t);
  const emailId = await deliver(
    paul.id,
    original([`Disposition-Notification-To: ${MARIE}`, `X-Padding: ${'x'.repeat(900)}`]),
  );
  const small = createMdnService({
    database: services.database,
    clock: services.clock,
    log: silentLogger(),
    mail: services.mail,
    queue: services.queue,
    hostname: 'mail.ac-test.fr',
    maxMessageBytes: 1500,
  });
  const identityId = await identityOf(paul.id);
  const [whole, headers] = await small.sendMdns(paul.id, identityId, [
    { forEmailId: emailId, disposition: DISPLAYED, includeOriginalMessage: true },
    { forEmailId: emailId, disposition: DISPLAYED, textBody: 'Lu.\n'.repeat(200) },
  ]);
  assert.equal(refusalOf(whole), 'tooLarge');
  assert.equal(refusalOf(headers), 'tooLarge');
  assert.ok(whole?.ok === false && whole.error instanceof MdnRefused);
  assert.deepEqual(whole.error.refusal, { reason: 'tooLarge', maxSize: 1500 });
  assert.equal((await receipts()).length, 0);
});

test('parsing names the email the receipt is about when exactly one email has its Message-ID', async (t) => {
  const { services, paul, marie, identityOf, deliver, receipts } = await open(t);
  const sent = await deliver(marie.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const received = await deliver(paul.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const [outcome] = await services.mdn.sendMdns(paul.id, await identityOf(paul.id), [
    { forEmailId: received, disposition: DISPLAYED },
  ]);
  assert.ok(outcome?.ok);
  const [receipt] = await receipts();
  const raw = receipt?.raw ?? Buffer.alloc(0);

  assert.equal((await services.mdn.parseMdn(marie.id, raw))?.forEmailId, sent);
  // Another account's email is not found; two copies cannot be told apart (RFC 9007 §2.2: null).
  const jean = await services.identity.createAccount({ email: 'jean@ac-test.fr', displayName: 'Jean' });
  assert.equal((await services.mdn.parseMdn(jean.id, raw))?.forEmailId, null);
  await deliver(marie.id, original([`Disposition-Notification-To: ${MARIE}`]));
  assert.equal((await services.mdn.parseMdn(marie.id, raw))?.forEmailId, null);
  assert.equal(await services.mdn.parseMdn(marie.id, Buffer.from(original().join('\r\n'))), undefined);
});

test('a DomainError that is not a refusal of the receipt still fails that receipt alone', async (t) => {
  const { services, paul, identityOf, deliver } = await open(t);
  const emailId = await deliver(paul.id, original([`Disposition-Notification-To: ${MARIE}`]));
  const failing = createMdnService({
    database: services.database,
    clock: services.clock,
    log: silentLogger(),
    mail: {
      ...services.mail,
      readEmailBytes: () => Promise.reject(new DomainError('notFound', 'expunged meanwhile')),
    },
    queue: services.queue,
    hostname: 'mail.ac-test.fr',
    maxMessageBytes: 1_000_000,
  });
  const [outcome] = await failing.sendMdns(paul.id, await identityOf(paul.id), [
    { forEmailId: emailId, disposition: DISPLAYED },
  ]);
  assert.equal(refusalOf(outcome), 'notFound');
});

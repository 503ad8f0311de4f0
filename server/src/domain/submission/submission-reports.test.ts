import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { type DeliveryAgent, runQueueOnce } from '#domain/delivery';
import { deliveryDependencies } from '../../main.ts';
import { openTestServices } from '../../test-support/test-services.ts';
import { MAX_REPORTS_PER_KIND } from './submission-reports.ts';
import type { SubmissionEnvelope } from './submission.ts';

const PAUL = 'paul@ac-test.fr';
const MARIE = 'marie@ac-test.fr';
const HOUR = 3_600_000;

/** Other servers: lent.example answers later, everyone else accepts. */
const agent: DeliveryAgent = {
  deliver: (request) =>
    Promise.resolve(
      request.recipients.map((recipient) =>
        request.domain === 'lent.example'
          ? { address: recipient.address, outcome: 'deferred' as const, status: '4.4.1', detail: 'timed out' }
          : {
              address: recipient.address,
              outcome: 'delivered' as const,
              status: '2.0.0',
              detail: 'accepted',
              reply: '250 2.0.0 Ok',
            },
      ),
    ),
};

/** Real services (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND), a clock the test moves, Paul and Marie. */
async function open(t: TestContext) {
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const services = await openTestServices(t, { clock });
  await services.identity.addDomain('ac-test.fr');
  const paul = (await services.identity.createAccount({ email: PAUL, displayName: 'Paul Durand' })).id;
  const marie = (await services.identity.createAccount({ email: MARIE, displayName: 'Marie Curie' })).id;
  for (const id of [paul, marie]) await services.mail.ensureDefaultMailboxes(id);

  let drafts = 0;
  /** A draft from `from` to `to`, sent through EmailSubmission; the submission's id and Message-ID. */
  const send = async (
    accountId: string,
    from: string,
    to: readonly string[],
    options: { extra?: readonly string[]; envelope?: SubmissionEnvelope } = {},
  ) => {
    drafts += 1;
    const messageId = `brouillon-${drafts}@ac-test.fr`;
    const raw = [
      `From: <${from}>`,
      `To: ${to.join(', ')}`,
      `Subject: Conseil de classe ${drafts}`,
      `Message-ID: <${messageId}>`,
      ...(options.extra ?? []),
      '',
      'Le conseil est jeudi.',
      '',
    ].join('\r\n');
    const email = await services.mail.importMessage(accountId, Buffer.from(raw), {
      mailboxRole: 'drafts',
      keywords: ['$draft'],
    });
    const identityId = (await services.mail.listIdentities(accountId)).identities[0]?.id as string;
    const submission = await services.submission.createSubmission(accountId, {
      identityId,
      emailId: email.emailId,
      ...(options.envelope && { envelope: options.envelope }),
    });
    return { id: submission.id, messageId };
  };
  const runQueue = () => runQueueOnce(deliveryDependencies(services, silentLogger(), { agent }));
  /** A message from another server, as SMTP hands it over (reports come with the null sender). */
  const receive = async (to: string, lines: readonly string[]) => {
    const result = await services.inbound.deliverInbound({
      envelope: {
        mailFrom: '',
        rcptTo: [{ address: to }],
        remoteAddress: '192.0.2.10',
        helo: 'mx.exemple.org',
        isExtended: true,
        isTls: true,
        isAuthenticated: false,
        isSmtpUtf8: false,
        sessionId: 'test',
      },
      raw: Buffer.from(lines.join('\r\n')),
    });
    const [recipient] = result.recipients;
    assert.equal(recipient?.status, 'delivered', 'a report is delivered like any mail');
    return recipient.emailId;
  };
  const submissionOf = async (accountId: string, id: string) => {
    const [submission] = await services.submission.getSubmissions(accountId, [id]);
    assert.ok(submission, `submission ${id} exists`);
    return submission;
  };
  const state = (accountId: string) => services.mail.state(accountId, 'EmailSubmission');
  const subjectOf = async (accountId: string, emailId: string) =>
    (await services.mail.getEmails(accountId, [emailId], []))[0]?.subject;
  return { services, clock, paul, marie, send, runQueue, receive, submissionOf, state, subjectOf };
}

/** A DSN as another MTA writes it: by default, parent@exemple.org's server refused the message. */
function foreignDsn(options: {
  envid?: string;
  messageId?: string;
  recipients?: readonly (readonly string[])[];
}): string[] {
  const recipients = options.recipients ?? [
    ['Final-Recipient: rfc822; parent@exemple.org', 'Action: failed', 'Status: 5.1.1'],
  ];
  return [
    'From: MAILER-DAEMON@mx.exemple.org (Mail Delivery System)',
    `To: ${PAUL}`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.exemple.org',
    ...(options.envid === undefined ? [] : [`Original-Envelope-Id: ${options.envid}`]),
    '',
    ...recipients.flatMap((block) => [...block, '']),
    '--B1',
    'Content-Type: text/rfc822-headers',
    '',
    `From: <${PAUL}>`,
    ...(options.messageId === undefined ? [] : [`Message-ID: <${options.messageId}>`]),
    '',
    '--B1--',
    '',
  ];
}

test('our queue’s bounce and delay warning to a local sender link to the submission, in arrival order', async (t) => {
  const { services, clock, paul, send, runQueue, submissionOf, state, subjectOf } = await open(t);
  const sent = await send(paul, PAUL, ['inconnu@ac-test.fr', 'lent@lent.example']);
  await runQueue(); // the unknown local address bounces; lent.example defers
  const before = await state(paul);
  await runQueue(); // the bounce reaches Paul's inbox
  const bounced = await submissionOf(paul, sent.id);
  assert.equal(bounced.dsnEmailIds.length, 1);
  assert.deepEqual(bounced.mdnEmailIds, []);
  assert.ok((await state(paul)) > before, 'the link is a change of the submission');
  assert.match((await subjectOf(paul, bounced.dsnEmailIds[0] as string)) ?? '', /non remis|Undelivered/i);

  clock.advance(5 * HOUR);
  await runQueue(); // still deferred, now past queue.delay-warning
  await runQueue(); // the warning reaches Paul's inbox
  const warned = await submissionOf(paul, sent.id);
  assert.equal(warned.dsnEmailIds.length, 2);
  assert.equal(warned.dsnEmailIds[0], bounced.dsnEmailIds[0]);
  const [inbox] = (await services.mail.listMailboxes(paul)).filter((mailbox) => mailbox.role === 'inbox');
  assert.equal(inbox?.totalEmails, 2, 'both reports are ordinary mail in the inbox too');
});

test('a DSN from another server links by ENVID as sent or given, else by the returned Message-ID', async (t) => {
  const { paul, send, runQueue, receive, submissionOf } = await open(t);
  const byDefault = await send(paul, PAUL, ['parent@exemple.org']);
  const given = await send(paul, PAUL, ['parent@exemple.org'], {
    envelope: {
      mailFrom: { email: PAUL, parameters: { ENVID: 'classe+2B4B' } },
      rcptTo: [{ email: 'parent@exemple.org', parameters: null }],
    },
  });
  const byMessageId = await send(paul, PAUL, ['parent@exemple.org']);
  await runQueue();

  const first = await receive(PAUL, foreignDsn({ envid: byDefault.id }));
  // RFC 3464 §2.2.1: the ENVID decoded from xtext.
  const second = await receive(PAUL, foreignDsn({ envid: 'classe+4B' }));
  const third = await receive(PAUL, foreignDsn({ envid: 'envoi-inconnu', messageId: byMessageId.messageId }));
  assert.deepEqual((await submissionOf(paul, byDefault.id)).dsnEmailIds, [first]);
  assert.deepEqual((await submissionOf(paul, given.id)).dsnEmailIds, [second]);
  assert.deepEqual((await submissionOf(paul, byMessageId.id)).dsnEmailIds, [third]);
});

test('a receipt saying displayed links and marks its recipient displayed', async (t) => {
  const { services, paul, marie, send, runQueue, receive, submissionOf } = await open(t);
  const sent = await send(paul, PAUL, [MARIE, 'parent@exemple.org'], {
    extra: [`Disposition-Notification-To: <${PAUL}>`],
  });
  await runQueue(); // Marie's copy, and exemple.org's acceptance
  const [copy] = await services.mail.findEmailsByMessageId(marie, sent.messageId);
  assert.ok(copy, 'Marie received the message');
  const marieIdentity = (await services.mail.listIdentities(marie)).identities[0]?.id as string;
  const [outcome] = await services.mdn.sendMdns(marie, marieIdentity, [
    {
      forEmailId: copy,
      disposition: { actionMode: 'manual-action', sendingMode: 'mdn-sent-manually', type: 'displayed' },
    },
  ]);
  assert.ok(outcome?.ok, 'Marie sent a receipt');
  await runQueue(); // the receipt reaches Paul's inbox through our queue

  const read = await submissionOf(paul, sent.id);
  assert.equal(read.mdnEmailIds.length, 1);
  assert.deepEqual(read.dsnEmailIds, []);
  assert.equal(read.deliveryStatus[MARIE]?.displayed, 'yes');
  assert.equal(read.deliveryStatus[MARIE]?.delivered, 'yes');
  assert.equal(read.deliveryStatus['parent@exemple.org']?.displayed, 'unknown');

  // A receipt from another server, saying deleted: linked, displayed left alone.
  const deleted = await receive(PAUL, [
    'From: parent@exemple.org',
    `To: ${PAUL}`,
    'Subject: Supprimé',
    'Content-Type: multipart/report; report-type=disposition-notification; boundary="M"',
    '',
    '--M',
    'Content-Type: message/disposition-notification',
    '',
    'Final-Recipient: rfc822; parent@exemple.org',
    `Original-Message-ID: <${sent.messageId}>`,
    'Disposition: manual-action/MDN-sent-manually; deleted',
    '',
    '--M--',
    '',
  ]);
  const after = await submissionOf(paul, sent.id);
  assert.deepEqual(after.mdnEmailIds, [read.mdnEmailIds[0], deleted]);
  assert.equal(after.deliveryStatus['parent@exemple.org']?.displayed, 'unknown');
});

test('a report about another account’s submission is delivered but never linked', async (t) => {
  const { paul, marie, send, runQueue, receive, submissionOf, state } = await open(t);
  const paulSent = await send(paul, PAUL, ['parent@exemple.org']);
  const marieSent = await send(marie, MARIE, ['parent@exemple.org']);
  await runQueue();
  const paulState = await state(paul);
  const marieState = await state(marie);

  // Marie receives a DSN naming Paul's submission; Paul a receipt about Marie's message.
  await receive(MARIE, foreignDsn({ envid: paulSent.id, messageId: paulSent.messageId }));
  await receive(PAUL, [
    'Content-Type: multipart/report; report-type=disposition-notification; boundary="M"',
    '',
    '--M',
    'Content-Type: message/disposition-notification',
    '',
    'Final-Recipient: rfc822; parent@exemple.org',
    `Original-Message-ID: <${marieSent.messageId}>`,
    'Disposition: manual-action/MDN-sent-manually; displayed',
    '',
    '--M--',
    '',
  ]);
  for (const [accountId, id] of [
    [paul, paulSent.id],
    [marie, marieSent.id],
  ] as const) {
    const submission = await submissionOf(accountId, id);
    assert.deepEqual([submission.dsnEmailIds, submission.mdnEmailIds], [[], []]);
    assert.equal(submission.deliveryStatus['parent@exemple.org']?.displayed, 'unknown');
  }
  assert.equal(await state(paul), paulState);
  assert.equal(await state(marie), marieState);
});

test('malformed reports are delivered like any mail and linked to nothing', async (t) => {
  const { paul, send, runQueue, receive, submissionOf, state } = await open(t);
  const sent = await send(paul, PAUL, ['parent@exemple.org']);
  await runQueue();
  const before = await state(paul);
  const malformed: Record<string, string[]> = {
    'no boundary': [
      'Content-Type: multipart/report; report-type=delivery-status',
      '',
      `Original-Envelope-Id: ${sent.id}`,
    ],
    'status part unterminated and garbled': [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      '%%%% not base64 %%%%',
    ],
    'receipt without a Disposition': [
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="M"',
      '',
      '--M',
      'Content-Type: message/disposition-notification',
      '',
      `Original-Message-ID: <${sent.messageId}>`,
      '--M--',
    ],
    'header folded past any sense': [
      `Content-Type: multipart/report;${'\r\n '.repeat(5000)}report-type=delivery-status; boundary="B"`,
      '',
      '--B--',
    ],
  };
  for (const lines of Object.values(malformed)) await receive(PAUL, ['Subject: rapport', ...lines, '']);
  const submission = await submissionOf(paul, sent.id);
  assert.deepEqual([submission.dsnEmailIds, submission.mdnEmailIds], [[], []]);
  assert.equal(await state(paul), before);
});

test('a submission keeps at most 100 reports of a kind, and forgets them when it is pruned', async (t) => {
  const { services, clock, paul, send, runQueue, submissionOf, state } = await open(t);
  const sent = await send(paul, PAUL, ['parent@exemple.org']);
  await runQueue();
  const reference = {
    kind: 'dsn' as const,
    envelopeIds: [sent.id],
    messageId: null,
    displayedBy: [],
    recipients: [],
  };
  await services.database.write(async (tx) => {
    for (let index = 0; index <= MAX_REPORTS_PER_KIND; index++) {
      await services.submission.reports.link(tx, { accountId: paul, emailId: `e${index}`, reference });
    }
  });
  const full = await submissionOf(paul, sent.id);
  assert.equal(full.dsnEmailIds.length, MAX_REPORTS_PER_KIND);
  assert.equal(full.dsnEmailIds[0], 'e0');
  assert.ok(!full.dsnEmailIds.includes(`e${MAX_REPORTS_PER_KIND}`));

  // Past the bound, a report is still worth a change when it settles a recipient, and only then.
  const refused = {
    ...reference,
    recipients: [
      { addresses: ['parent@exemple.org'], action: 'failed' as const, smtpReply: '550 5.1.1 gone' },
    ],
  };
  for (const [emailId, isChange] of [
    ['settles', true],
    ['again', false],
  ] as const) {
    const before = await state(paul);
    await services.database.write((tx) =>
      services.submission.reports.link(tx, { accountId: paul, emailId, reference: refused }),
    );
    assert.equal((await state(paul)) > before, isChange, emailId);
  }
  const settled = await submissionOf(paul, sent.id);
  assert.deepEqual(settled.deliveryStatus['parent@exemple.org'], {
    smtpReply: '550 5.1.1 gone',
    delivered: 'no',
    displayed: 'unknown',
  });
  assert.equal(settled.dsnEmailIds.length, MAX_REPORTS_PER_KIND);

  clock.advance(31 * 24 * HOUR);
  const pruned = await services.submission.pruneSubmissions(clock.nowMs());
  assert.equal(pruned.expired, 1);
  const left = await services.database.db.selectFrom('submission_reports').select('email_id').execute();
  assert.deepEqual(left, []);
});

test('a DSN settles what another server accepted: failed is no with its reply, delivered yes', async (t) => {
  const { paul, send, runQueue, receive, submissionOf, state } = await open(t);
  const to = ['refus@exemple.org', 'recu@exemple.org', 'lent@exemple.org', 'relais@exemple.org'];
  const sent = await send(paul, PAUL, to);
  await runQueue(); // exemple.org accepts all four: unknown
  const accepted = await submissionOf(paul, sent.id);
  for (const address of to) {
    assert.deepEqual(accepted.deliveryStatus[address], {
      smtpReply: '250 2.0.0 Ok',
      delivered: 'unknown',
      displayed: 'unknown',
    });
  }
  const before = await state(paul);

  await receive(
    PAUL,
    foreignDsn({
      envid: sent.id,
      recipients: [
        [
          'Final-Recipient: rfc822; refus@exemple.org',
          'Action: failed',
          'Status: 5.1.1',
          'Diagnostic-Code: smtp; 550 5.1.1 <refus@exemple.org>: Recipient address rejected',
        ],
        // Addresses compare case-insensitively; Original-Recipient when Final-Recipient is no recipient.
        ['Final-Recipient: rfc822; RECU@Exemple.org', 'Action: delivered', 'Status: 2.0.0'],
        ['Final-Recipient: rfc822; lent@exemple.org', 'Action: delayed', 'Status: 4.4.1'],
        ['Final-Recipient: rfc822; relais@exemple.org', 'Action: relayed', 'Status: 2.0.0'],
        [
          'Final-Recipient: rfc822; inconnu@exemple.org',
          'Original-Recipient: rfc822; autre@exemple.org',
          'Action: failed',
          'Status: 5.1.1',
        ],
      ],
    }),
  );
  const settled = await submissionOf(paul, sent.id);
  assert.ok((await state(paul)) > before, 'one change of the submission');
  assert.equal(settled.dsnEmailIds.length, 1);
  assert.deepEqual(settled.deliveryStatus, {
    'refus@exemple.org': {
      smtpReply: '550 5.1.1 <refus@exemple.org>: Recipient address rejected',
      delivered: 'no',
      displayed: 'unknown',
    },
    // The reply that accepted the message still holds; delayed and relayed say nothing definitive.
    'recu@exemple.org': { smtpReply: '250 2.0.0 Ok', delivered: 'yes', displayed: 'unknown' },
    'lent@exemple.org': { smtpReply: '250 2.0.0 Ok', delivered: 'unknown', displayed: 'unknown' },
    'relais@exemple.org': { smtpReply: '250 2.0.0 Ok', delivered: 'unknown', displayed: 'unknown' },
  });

  // The first definitive answer wins: a later report does not turn yes into no, nor no into yes.
  await receive(
    PAUL,
    foreignDsn({
      envid: sent.id,
      recipients: [
        ['Original-Recipient: rfc822; refus@exemple.org', 'Action: delivered', 'Status: 2.0.0'],
        ['Final-Recipient: rfc822; recu@exemple.org', 'Action: failed', 'Status: 5.2.2'],
        ['Final-Recipient: rfc822; relais@exemple.org', 'Action: failed', 'Status: 5.4.4'],
      ],
    }),
  );
  const later = await submissionOf(paul, sent.id);
  assert.equal(later.dsnEmailIds.length, 2);
  assert.deepEqual(later.deliveryStatus, {
    ...settled.deliveryStatus,
    'relais@exemple.org': { smtpReply: '550 5.4.4', delivered: 'no', displayed: 'unknown' },
  });
});

test('a local recipient’s status is the queue’s: our own reports agree with it, and foreign ones are ignored', async (t) => {
  const { paul, send, runQueue, receive, submissionOf } = await open(t);
  const sent = await send(paul, PAUL, [MARIE, 'inconnu@ac-test.fr'], {
    envelope: {
      mailFrom: { email: PAUL, parameters: null },
      rcptTo: [
        { email: MARIE, parameters: null },
        { email: 'inconnu@ac-test.fr', parameters: null },
        // Our queue reports a relay to a server that takes no DSN request as `relayed`.
        { email: 'parent@exemple.org', parameters: { NOTIFY: 'SUCCESS,FAILURE' } },
      ],
    },
  });
  await runQueue(); // Marie's copy, the unknown address bounces, exemple.org accepts
  const recorded = await submissionOf(paul, sent.id);
  assert.deepEqual(
    Object.fromEntries(Object.entries(recorded.deliveryStatus).map(([address, s]) => [address, s.delivered])),
    { [MARIE]: 'yes', 'inconnu@ac-test.fr': 'no', 'parent@exemple.org': 'unknown' },
  );
  await runQueue(); // our bounce and our relayed notice reach Paul's inbox
  const ours = await submissionOf(paul, sent.id);
  assert.equal(ours.dsnEmailIds.length, 2);
  assert.deepEqual(ours.deliveryStatus, recorded.deliveryStatus, 'our reports say what the queue recorded');

  await receive(
    PAUL,
    foreignDsn({
      envid: sent.id,
      recipients: [
        ['Final-Recipient: rfc822; marie@ac-test.fr', 'Action: failed', 'Status: 5.1.1'],
        ['Final-Recipient: rfc822; inconnu@ac-test.fr', 'Action: delivered', 'Status: 2.0.0'],
      ],
    }),
  );
  const after = await submissionOf(paul, sent.id);
  assert.equal(after.dsnEmailIds.length, 3);
  assert.deepEqual(after.deliveryStatus, recorded.deliveryStatus);
});

// EmailSubmission over HTTP (RFC 8621 §7): sending a draft and moving it to Sent in one request, the derived
// envelope, Bcc kept out of what is sent, the queue holding every recipient, and each refusal of §7.5.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';
import { draft, type Sender, SUBMISSION_USING, senderOf } from './submission.fixture.ts';

async function queuedContent(fixture: JmapFixture, queueId: string): Promise<string> {
  const row = await fixture.services.database.db
    .selectFrom('queue_messages')
    .select('blob_id')
    .where('id', '=', queueId)
    .executeTakeFirstOrThrow();
  const content = await fixture.services.blobs.get(row.blob_id as string);
  assert.ok(content, 'the queued message has its content');
  return Buffer.from(content).toString('utf8');
}

async function queueIdOf(fixture: JmapFixture, submissionId: string): Promise<string> {
  const row = await fixture.services.database.db
    .selectFrom('email_submissions')
    .select('queue_id')
    .where('id', '=', submissionId)
    .executeTakeFirstOrThrow();
  return row.queue_id as string;
}

async function sendDraft(
  fixture: JmapFixture,
  sender: Sender,
  submission: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
) {
  const accountId = fixture.accounts.paul;
  return await fixture.api(
    [
      ['Email/set', { accountId, create: { d: draft(sender, overrides) } }, 'e'],
      [
        'EmailSubmission/set',
        {
          accountId,
          create: { s: { identityId: sender.identityId, emailId: '#d', ...submission } },
          onSuccessUpdateEmail: {
            '#s': {
              [`mailboxIds/${sender.drafts}`]: null,
              [`mailboxIds/${sender.sent}`]: true,
              'keywords/$draft': null,
            },
          },
        },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
}

test('a draft is sent and moved to Sent in one request; the envelope comes from its headers', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const sender = await senderOf(fixture);
  const before = Date.now();
  const { responses } = await sendDraft(fixture, sender);

  assert.deepEqual(
    responses.map(([name, , callId]) => [name, callId]),
    [
      ['Email/set', 'e'],
      ['EmailSubmission/set', 's'],
      ['Email/set', 's'],
    ],
  );
  const emailId = responses[0]?.[1].created.d.id;
  const created = responses[1]?.[1].created.s;
  assert.equal(responses[1]?.[1].notCreated, null);
  assert.equal(created.undoStatus, 'final');
  assert.equal(created.threadId, responses[0]?.[1].created.d.threadId);
  assert.ok(Date.parse(created.sendAt) >= before - 1000 && Date.parse(created.sendAt) <= Date.now());
  assert.deepEqual(created.envelope, {
    mailFrom: { email: 'paul@ac-test.fr', parameters: null },
    rcptTo: [
      { email: 'marie@ac-test.fr', parameters: null },
      { email: 'parent@exemple.org', parameters: null },
      { email: 'direction@ac-test.fr', parameters: null },
    ],
  });
  assert.deepEqual(Object.keys(created.deliveryStatus).sort(), [
    'direction@ac-test.fr',
    'marie@ac-test.fr',
    'parent@exemple.org',
  ]);
  assert.deepEqual(created.deliveryStatus['parent@exemple.org'], {
    smtpReply: '250 2.0.0 queued',
    delivered: 'queued',
    displayed: 'unknown',
  });

  // The implicit Email/set moved the draft to Sent and took its $draft keyword away; the sender's copy keeps
  // its Bcc.
  assert.deepEqual(Object.keys(responses[2]?.[1].updated), [emailId]);
  const [email] = await fixture.services.mail.getEmails(accountId, [emailId], ['mailboxUids']);
  assert.deepEqual(
    email?.bcc.map((address) => address.address),
    ['direction@ac-test.fr'],
  );
  assert.deepEqual(Object.keys(email?.mailboxUids ?? {}), [sender.sent]);
  assert.deepEqual([...(email?.keywords ?? [])].sort(), ['$seen']);

  // Every recipient, local or not, waits in the queue, and what is sent has no Bcc.
  const queueId = await queueIdOf(fixture, created.id);
  const queued = await fixture.services.queue.showQueued(queueId);
  assert.equal(queued?.source, 'submission');
  assert.equal(queued?.accountId, accountId);
  assert.equal(queued?.sender, 'paul@ac-test.fr');
  assert.deepEqual(queued?.recipients.map((recipient) => recipient.address).sort(), [
    'direction@ac-test.fr',
    'marie@ac-test.fr',
    'parent@exemple.org',
  ]);
  const content = await queuedContent(fixture, queueId);
  assert.match(content, /^Subject: Conseil de classe\r$/m);
  assert.match(content, /^To: Marie Curie <marie@ac-test\.fr>\r$/m);
  assert.doesNotMatch(content, /^bcc:/im);
  assert.doesNotMatch(content, /direction@ac-test\.fr/);
});

test('onSuccessDestroyEmail destroys the sent draft; the message still leaves', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const sender = await senderOf(fixture);
  const { responses } = await fixture.api(
    [
      ['Email/set', { accountId, create: { d: draft(sender) } }, 'e'],
      [
        'EmailSubmission/set',
        {
          accountId,
          create: { s: { identityId: sender.identityId, emailId: '#d' } },
          onSuccessDestroyEmail: ['#s'],
        },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const emailId = responses[0]?.[1].created.d.id;
  assert.deepEqual(responses[2]?.slice(0, 1), ['Email/set']);
  assert.deepEqual(responses[2]?.[1].destroyed, [emailId]);
  assert.deepEqual(await fixture.services.mail.getEmails(accountId, [emailId], []), []);
  const submissionId = responses[1]?.[1].created.s.id;
  const content = await queuedContent(fixture, await queueIdOf(fixture, submissionId));
  assert.match(content, /Conseil de classe/);
});

test('a given envelope is used as written, with its DSN parameters passed to the queue', async (t) => {
  const fixture = await openJmapFixture(t);
  const sender = await senderOf(fixture);
  const envelope = {
    mailFrom: { email: 'paul@ac-test.fr', parameters: { RET: 'HDRS', ENVID: 'conseil-42' } },
    rcptTo: [{ email: 'parent@exemple.org', parameters: { NOTIFY: 'SUCCESS,FAILURE' } }],
  };
  const { responses } = await sendDraft(fixture, sender, { envelope });
  const created = responses[1]?.[1].created.s;
  // The client sent the envelope: the response does not repeat it.
  assert.equal(created.envelope, undefined);
  const queueId = await queueIdOf(fixture, created.id);
  const queued = await fixture.services.queue.showQueued(queueId);
  assert.deepEqual(
    queued?.recipients.map((recipient) => [recipient.address, recipient.notify]),
    [['parent@exemple.org', 'SUCCESS,FAILURE']],
  );
  const row = await fixture.services.database.db
    .selectFrom('queue_messages')
    .select(['envid', 'dsn_ret'])
    .where('id', '=', queueId)
    .executeTakeFirstOrThrow();
  assert.deepEqual({ ...row }, { envid: 'conseil-42', dsn_ret: 'HDRS' });
  const { responses: got } = await fixture.api(
    [
      [
        'EmailSubmission/get',
        { accountId: fixture.accounts.paul, ids: [created.id], properties: ['envelope'] },
        'g',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(got[0]?.[1].list, [{ id: created.id, envelope }]);
});

test('every refusal of RFC 8621 §7.5 is a SetError of its own, and nothing is queued', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const sender = await senderOf(fixture);
  const { responses: drafts } = await fixture.api(
    [
      [
        'Email/set',
        {
          accountId,
          create: {
            ok: draft(sender),
            foreignFrom: draft(sender, { from: [{ name: 'Recteur', email: 'recteur@exemple.org' }] }),
            noRecipient: draft(sender, { to: null, cc: null, bcc: null }),
          },
        },
        'e',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const ids = Object.fromEntries(
    Object.entries(drafts[0]?.[1].created).map(([key, value]) => [key, (value as { id: string }).id]),
  );
  const path = (email: string, parameters: Record<string, string | null> | null = null) => ({
    email,
    parameters,
  });
  const base = { identityId: sender.identityId, emailId: ids.ok };
  const tooMany = Array.from({ length: 201 }, (_, n) => path(`eleve${n}@exemple.org`));
  const { responses } = await fixture.api(
    [
      [
        'EmailSubmission/set',
        {
          accountId,
          create: {
            noIdentity: { ...base, identityId: 'sNothing' },
            noEmail: { ...base, emailId: 'eNothing' },
            serverSet: { ...base, undoStatus: 'pending' },
            foreignFrom: { ...base, emailId: ids.foreignFrom },
            noRecipients: { ...base, emailId: ids.noRecipient },
            foreignMailFrom: {
              ...base,
              envelope: { mailFrom: path('recteur@exemple.org'), rcptTo: [path('a@exemple.org')] },
            },
            badRecipients: {
              ...base,
              envelope: {
                mailFrom: path('paul@ac-test.fr'),
                rcptTo: [path('a@exemple.org'), path('pas une adresse')],
              },
            },
            tooMany: { ...base, envelope: { mailFrom: path('paul@ac-test.fr'), rcptTo: tooMany } },
            unknownParameter: {
              ...base,
              envelope: {
                mailFrom: path('paul@ac-test.fr', { MT_PRIORITY: '3' }),
                rcptTo: [path('a@exemple.org')],
              },
            },
            tooLate: {
              ...base,
              envelope: {
                mailFrom: path('paul@ac-test.fr', { HOLDFOR: '99999999' }),
                rcptTo: [path('a@exemple.org')],
              },
            },
          },
        },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const refused = responses[0]?.[1].notCreated;
  const summary = Object.fromEntries(
    Object.entries(refused).map(([key, error]) => {
      const { type, description, ...rest } = error as Record<string, unknown>;
      assert.equal(typeof description, 'string');
      return [key, { type, ...rest }];
    }),
  );
  assert.deepEqual(summary, {
    noIdentity: { type: 'invalidProperties', properties: ['identityId'] },
    noEmail: { type: 'invalidProperties', properties: ['emailId'] },
    serverSet: { type: 'invalidProperties', properties: ['undoStatus'] },
    foreignFrom: { type: 'forbiddenFrom' },
    noRecipients: { type: 'noRecipients' },
    foreignMailFrom: { type: 'forbiddenMailFrom' },
    badRecipients: { type: 'invalidRecipients', invalidRecipients: ['pas une adresse'] },
    tooMany: { type: 'tooManyRecipients', maxRecipients: 200 },
    unknownParameter: { type: 'invalidProperties', properties: ['envelope'] },
    tooLate: { type: 'invalidProperties', properties: ['envelope'] },
  });
  assert.equal(responses[0]?.[1].created, null);
  // No success: no implicit Email/set, and nothing in the queue.
  assert.equal(responses.length, 1);
  assert.deepEqual(await fixture.services.queue.listQueue(), []);
});

test('past the hourly limit the account is forbiddenToSend until the hour is over', async (t) => {
  const clock = fixedClock(new Date());
  const fixture = await openJmapFixture(t, { clock, env: { VERCORS_SUBMISSION_MAX_MESSAGES_PER_HOUR: '2' } });
  const sender = await senderOf(fixture);
  const send = async () => {
    const { responses } = await sendDraft(fixture, sender);
    return responses[1]?.[1].created?.s ? 'sent' : responses[1]?.[1].notCreated.s.type;
  };
  const outcomes = [await send(), await send()];
  // Destroying the records does not give the sends back.
  const { responses } = await fixture.api(
    [['EmailSubmission/get', { accountId: fixture.accounts.paul, ids: null, properties: ['id'] }, 'g']],
    { using: SUBMISSION_USING },
  );
  const ids = responses[0]?.[1].list.map((record: { id: string }) => record.id);
  const { responses: destroyed } = await fixture.api(
    [['EmailSubmission/set', { accountId: fixture.accounts.paul, destroy: ids }, 'd']],
    { using: SUBMISSION_USING },
  );
  assert.equal(destroyed[0]?.[1].destroyed.length, 2);
  outcomes.push(await send());
  clock.advance(3_600_000 + 1000);
  outcomes.push(await send());
  assert.deepEqual(outcomes, ['sent', 'sent', 'forbiddenToSend', 'sent']);
});

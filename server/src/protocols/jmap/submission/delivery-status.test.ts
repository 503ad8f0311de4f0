// deliveryStatus (RFC 8621 §7): the queue's attempts show on the submission — a local recipient's copy in
// its inbox is `yes`, a remote server's acceptance `unknown` with its reply, a deferral `queued`, a refusal
// `no` — each report a change that EmailSubmission/changes and the push stream see.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { type DeliveryAgent, runQueueOnce } from '#domain/delivery';
import { deliveryDependencies } from '../../../main.ts';
import { openJmapFixture } from '../jmap.fixture.ts';
import { draft, SUBMISSION_USING, senderOf } from './submission.fixture.ts';

/** The other servers: exemple.org accepts, refus.example refuses, lent.example answers later. */
const agent: DeliveryAgent = {
  deliver(request) {
    return Promise.resolve(
      request.recipients.map((recipient) => {
        if (request.domain === 'exemple.org')
          return {
            address: recipient.address,
            outcome: 'delivered' as const,
            status: '2.0.0',
            detail: 'accepted',
            reply: '250 2.0.0 Ok: queued as 4F2A',
          };
        if (request.domain === 'refus.example')
          return {
            address: recipient.address,
            outcome: 'bounced' as const,
            status: '5.1.1',
            detail: 'unknown user',
            reply:
              '550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check it.',
          };
        return {
          address: recipient.address,
          outcome: 'deferred' as const,
          status: '4.4.1',
          detail: 'connection timed out',
        };
      }),
    );
  },
};

test('each attempt updates deliveryStatus; a local copy arrives without the Bcc', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const sender = await senderOf(fixture);
  const overrides = {
    to: [{ name: 'Marie Curie', email: 'marie@ac-test.fr' }],
    cc: [
      { name: null, email: 'parent@exemple.org' },
      { name: null, email: 'ancien@refus.example' },
      { name: null, email: 'lent@lent.example' },
    ],
  };
  const { responses } = await fixture.api(
    [
      ['Email/set', { accountId, create: { d: draft(sender, overrides) } }, 'e'],
      [
        'EmailSubmission/set',
        { accountId, create: { s: { identityId: sender.identityId, emailId: '#d' } } },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const submission = responses[1]?.[1].created.s;
  const state = responses[1]?.[1].newState;

  const report = await runQueueOnce(deliveryDependencies(fixture.services, silentLogger(), { agent }));
  assert.equal(report.recipients, 5);

  const { responses: after } = await fixture.api(
    [
      ['EmailSubmission/changes', { accountId, sinceState: state }, 'c'],
      [
        'EmailSubmission/get',
        { accountId, ids: [submission.id], properties: ['undoStatus', 'deliveryStatus'] },
        'g',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(after[0]?.[1].updated, [submission.id]);
  const [got] = after[1]?.[1].list;
  assert.equal(got.undoStatus, 'final');
  const status = got.deliveryStatus;
  assert.deepEqual(status['marie@ac-test.fr'].delivered, 'yes');
  assert.match(status['marie@ac-test.fr'].smtpReply, /^250 2\.\d\.\d /);
  // No such mailbox here: refused by our own local delivery.
  assert.equal(status['direction@ac-test.fr'].delivered, 'no');
  assert.match(status['direction@ac-test.fr'].smtpReply, /^550 5\.1\.1 /);
  assert.deepEqual(status['parent@exemple.org'], {
    smtpReply: '250 2.0.0 Ok: queued as 4F2A',
    delivered: 'unknown',
    displayed: 'unknown',
  });
  assert.deepEqual(status['ancien@refus.example'], {
    smtpReply: '550 5.1.1 The email account that you tried to reach does not exist. Please check it.',
    delivered: 'no',
    displayed: 'unknown',
  });
  assert.equal(status['lent@lent.example'].delivered, 'queued');
  assert.match(status['lent@lent.example'].smtpReply, /^451 4\.4\.1 /);

  // Marie's copy: in her inbox, without the Bcc naming the principal.
  const { responses: inbox } = await fixture.api(
    [
      ['Email/query', { accountId: fixture.accounts.marie, filter: { subject: 'Conseil de classe' } }, 'q'],
      [
        'Email/get',
        {
          accountId: fixture.accounts.marie,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['from', 'bcc', 'subject'],
        },
        'g',
      ],
    ],
    { who: 'marie' },
  );
  const [received] = inbox[1]?.[1].list;
  assert.deepEqual(received.from, [{ name: 'Paul Durand', email: 'paul@ac-test.fr' }]);
  assert.equal(received.bcc, null);
});

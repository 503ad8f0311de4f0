// dsnBlobIds, mdnBlobIds, displayed and delivered (RFC 8621 §7) over HTTP: our bounce and Marie's read
// receipt reach Paul's inbox, EmailSubmission/changes reports his submission updated, /get lists the reports'
// blobs, which Paul downloads and Marie cannot; another server's DSN settles what it had accepted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { silentLogger } from '#core/log';
import { type DeliveryAgent, runQueueOnce } from '#domain/delivery';
import { deliveryDependencies } from '../../../main.ts';
import { openJmapFixture } from '../jmap.fixture.ts';
import { draft, SUBMISSION_USING, senderOf } from './submission.fixture.ts';

/** Other servers accept everything (what they do with it later, their DSNs tell). */
const agent: DeliveryAgent = {
  deliver: (request) =>
    Promise.resolve(
      request.recipients.map((recipient) => ({
        address: recipient.address,
        outcome: 'delivered' as const,
        status: '2.0.0',
        detail: 'accepted',
      })),
    ),
};

test('EmailSubmission links its bounce and read receipt, reports the change, and serves their blobs', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = fixture.accounts.paul;
  const marie = fixture.accounts.marie;
  const runQueue = () => runQueueOnce(deliveryDependencies(fixture.services, silentLogger(), { agent }));
  const sender = await senderOf(fixture);
  const { responses } = await fixture.api(
    [
      [
        'Email/set',
        {
          accountId: paul,
          create: {
            d: draft(sender, {
              cc: [{ name: null, email: 'inconnu@ac-test.fr' }],
              bcc: null,
              // Clients ask for a receipt with this field (RFC 8098 §2.1); Email/set creates it as text.
              'header:Disposition-Notification-To:asText': '<paul@ac-test.fr>',
            }),
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        { accountId: paul, create: { s: { identityId: sender.identityId, emailId: '#d' } } },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const submissionId: string = responses[1]?.[1].created.s.id;
  await runQueue(); // Marie's copy; the unknown address bounces
  const { responses: sentState } = await fixture.api(
    [['EmailSubmission/get', { accountId: paul, ids: [submissionId], properties: ['dsnBlobIds'] }, 'g']],
    { using: SUBMISSION_USING },
  );
  const state: string = sentState[0]?.[1].state;

  // Marie reads the message and sends a receipt
  const { responses: found } = await fixture.api(
    [['Email/query', { accountId: marie, filter: { subject: 'Conseil de classe' } }, 'q']],
    { who: 'marie' },
  );
  const marieIdentity = await fixture.api([['Identity/get', { accountId: marie }, 'i']], {
    who: 'marie',
    using: SUBMISSION_USING,
  });
  const { responses: mdn } = await fixture.api(
    [
      [
        'MDN/send',
        {
          accountId: marie,
          identityId: marieIdentity.responses[0]?.[1].list[0].id,
          send: {
            k: {
              forEmailId: found[0]?.[1].ids[0],
              disposition: {
                actionMode: 'manual-action',
                sendingMode: 'mdn-sent-manually',
                type: 'displayed',
              },
            },
          },
        },
        'm',
      ],
    ],
    { who: 'marie', using: [...SUBMISSION_USING, JMAP_CAPABILITIES.mdn] },
  );
  assert.ok(mdn[0]?.[1].sent.k, 'Marie sent a receipt');
  await runQueue(); // the bounce and the receipt reach Paul's inbox

  const { responses: after } = await fixture.api(
    [
      ['EmailSubmission/changes', { accountId: paul, sinceState: state }, 'c'],
      [
        'EmailSubmission/get',
        { accountId: paul, ids: [submissionId], properties: ['dsnBlobIds', 'mdnBlobIds', 'deliveryStatus'] },
        'g',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(after[0]?.[1].updated, [submissionId]);
  const [submission] = after[1]?.[1].list;
  assert.equal(submission.dsnBlobIds.length, 1);
  assert.equal(submission.mdnBlobIds.length, 1);
  assert.equal(submission.deliveryStatus['marie@ac-test.fr'].displayed, 'yes');
  assert.equal(submission.deliveryStatus['inconnu@ac-test.fr'].delivered, 'no');
  assert.equal(submission.deliveryStatus['inconnu@ac-test.fr'].displayed, 'unknown');

  // Paul downloads both reports; Marie, in her account or in Paul's, gets nothing.
  const download = (who: 'paul' | 'marie', accountId: string, blobId: string) =>
    fetch(`${fixture.base}/jmap/download/${accountId}/${blobId}/report.eml?accept=message/rfc822`, {
      headers: { authorization: fixture.authorization(who) },
    });
  const dsn = await download('paul', paul, submission.dsnBlobIds[0]);
  assert.equal(dsn.status, 200);
  const dsnText = await dsn.text();
  assert.match(dsnText, /Content-Type: multipart\/report; report-type=delivery-status/);
  assert.match(dsnText, new RegExp(`Original-Envelope-Id: ${submissionId}`));
  const receipt = await download('paul', paul, submission.mdnBlobIds[0]);
  assert.equal(receipt.status, 200);
  assert.match(await receipt.text(), /Disposition: manual-action\/MDN-sent-manually; displayed/i);
  for (const blobId of [submission.dsnBlobIds[0], submission.mdnBlobIds[0]]) {
    assert.equal((await download('marie', marie, blobId)).status, 404);
    assert.equal((await download('marie', paul, blobId)).status, 404);
  }
});

test('another server’s DSN turns an accepted recipient’s delivered from unknown to no, seen by /changes', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = fixture.accounts.paul;
  const runQueue = () => runQueueOnce(deliveryDependencies(fixture.services, silentLogger(), { agent }));
  const sender = await senderOf(fixture);
  const { responses } = await fixture.api(
    [
      ['Email/set', { accountId: paul, create: { d: draft(sender, { bcc: null }) } }, 'e'],
      [
        'EmailSubmission/set',
        { accountId: paul, create: { s: { identityId: sender.identityId, emailId: '#d' } } },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const submissionId: string = responses[1]?.[1].created.s.id;
  await runQueue(); // Marie's copy; exemple.org accepts parent's
  const get = () =>
    fixture.api(
      [
        [
          'EmailSubmission/get',
          { accountId: paul, ids: [submissionId], properties: ['deliveryStatus'] },
          'g',
        ],
      ],
      { using: SUBMISSION_USING },
    );
  const { responses: accepted } = await get();
  const state: string = accepted[0]?.[1].state;
  assert.equal(accepted[0]?.[1].list[0].deliveryStatus['parent@exemple.org'].delivered, 'unknown');

  const dsn = [
    'From: MAILER-DAEMON@mx.exemple.org',
    'To: paul@ac-test.fr',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.exemple.org',
    `Original-Envelope-Id: ${submissionId}`,
    '',
    'Final-Recipient: rfc822; parent@exemple.org',
    'Action: failed',
    'Status: 5.2.2',
    'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
    '',
    '--B1--',
    '',
  ];
  const received = await fixture.services.inbound.deliverInbound({
    envelope: {
      mailFrom: '',
      rcptTo: [{ address: 'paul@ac-test.fr' }],
      remoteAddress: '192.0.2.10',
      helo: 'mx.exemple.org',
      isExtended: true,
      isTls: true,
      isAuthenticated: false,
      isSmtpUtf8: false,
      sessionId: 'test',
    },
    raw: Buffer.from(dsn.join('\r\n')),
  });
  assert.equal(received.recipients[0]?.status, 'delivered');

  const { responses: changes } = await fixture.api(
    [['EmailSubmission/changes', { accountId: paul, sinceState: state }, 'c']],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(changes[0]?.[1].updated, [submissionId]);
  const { responses: after } = await get();
  const status = after[0]?.[1].list[0].deliveryStatus;
  assert.deepEqual(status['parent@exemple.org'], {
    smtpReply: '552 5.2.2 Mailbox full',
    delivered: 'no',
    displayed: 'unknown',
  });
  assert.equal(status['marie@ac-test.fr'].delivered, 'yes', 'a local recipient is the queue’s to say');
});

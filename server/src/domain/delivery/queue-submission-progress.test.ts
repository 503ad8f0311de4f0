import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecipientDelivery } from './queue-delivery-agent.ts';
import type { MessageSource } from './queue-model.ts';
import {
  oneLineReply,
  smtpReplyOf,
  type SubmissionProgress,
  type SubmissionProgressHook,
} from './queue-submission-progress.ts';
import {
  answers,
  HOUR,
  LOCAL_DOMAIN,
  openQueueFixture,
  sampleMessage,
  type QueueFixture,
} from './queue.fixture.ts';

const SENDER = `marie.dupont@${LOCAL_DOMAIN}`;

interface RecordingHook {
  readonly hook: SubmissionProgressHook;
  readonly calls: SubmissionProgress[];
  /** Each recipient's row state as the hook's transaction sees it, by address. */
  readonly seenStates: Map<string, unknown>;
}

function recordingHook(): RecordingHook {
  const calls: SubmissionProgress[] = [];
  const seenStates = new Map<string, unknown>();
  return {
    calls,
    seenStates,
    async hook(tx, progress) {
      calls.push(progress);
      for (const { address } of progress.recipients) {
        const row = await tx.db
          .selectFrom('queue_recipients')
          .select('state')
          .where('message_id', '=', progress.queueId)
          .where('recipient', '=', address)
          .executeTakeFirstOrThrow();
        seenStates.set(address, row.state);
      }
    },
  };
}

/** A fixture with Marie's account, the one that submits. */
async function withAccount(t: Parameters<typeof openQueueFixture>[0]) {
  const fixture = await openQueueFixture(t);
  const account = await fixture.services.identity.createAccount({
    email: SENDER,
    displayName: 'Marie Dupont',
  });
  return { fixture, accountId: account.id };
}

async function submit(
  fixture: QueueFixture,
  recipients: readonly string[],
  options: { source?: MessageSource; accountId?: string | null; sender?: string } = {},
) {
  return await fixture.services.queue.submit(sampleMessage(), recipients, {
    sender: options.sender ?? SENDER,
    source: options.source ?? 'submission',
    accountId: options.accountId ?? null,
  });
}

/** The calls, one recipient per line, sorted: order between groups is not specified. */
function lines(calls: readonly SubmissionProgress[]): string[] {
  return calls
    .flatMap((call) =>
      call.recipients.map(
        (r) => `${r.address} ${r.state} ${r.isLocal ? 'local' : 'remote'} | ${r.smtpReply}`,
      ),
    )
    .sort();
}

test('the submitting account hears of every recipient delivered, locally and remotely, in the recording transaction', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  const recording = recordingHook();
  const queued = await submit(fixture, [`paul@${LOCAL_DOMAIN}`, 'jean@example.org'], { accountId });
  await fixture.runner({ onSubmissionProgress: recording.hook }).runOnce();

  assert.equal(recording.calls.length, 2, 'one call per group (destination domain)');
  for (const call of recording.calls) {
    assert.equal(call.queueId, queued.id);
    assert.equal(call.accountId, accountId);
  }
  assert.deepEqual(lines(recording.calls), [
    'jean@example.org delivered remote | 250 2.0.0 Ok: queued',
    `paul@${LOCAL_DOMAIN} delivered local | 250 2.0.0 delivered to the mailbox`,
  ]);
  assert.deepEqual(
    Object.fromEntries(recording.seenStates),
    { 'jean@example.org': 'delivered', [`paul@${LOCAL_DOMAIN}`]: 'delivered' },
    'the hook runs after the outcomes are written, in their transaction',
  );
});

test('deferred and bounced recipients are reported with the remote reply, or one built from the local failure', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  fixture.agent.script = (address) => {
    if (address.startsWith('nobody')) return answers.bounced(address);
    // A multi-line greylisting reply, as the SMTP agent stores it: its lines joined by spaces.
    return {
      ...answers.deferred(address),
      status: '4.7.1',
      reply: '451-4.7.1 Greylisted, please come back 451 4.7.1 in five minutes',
    };
  };
  fixture.local.answer = (address) =>
    address.startsWith('plein')
      ? { temporary: '4.2.2 the mailbox is full' }
      : { permanent: '5.1.1 no such mailbox here' };
  const recording = recordingHook();
  await submit(
    fixture,
    ['jean@example.org', 'nobody@example.org', `plein@${LOCAL_DOMAIN}`, `inconnu@${LOCAL_DOMAIN}`],
    { accountId },
  );
  await fixture.runner({ onSubmissionProgress: recording.hook }).runOnce();

  assert.deepEqual(lines(recording.calls), [
    `inconnu@${LOCAL_DOMAIN} bounced local | 550 5.1.1 no such mailbox here`,
    'jean@example.org deferred remote | 451 4.7.1 Greylisted, please come back in five minutes',
    'nobody@example.org bounced remote | 550 5.1.1 <nobody@example.org>: no such user',
    `plein@${LOCAL_DOMAIN} deferred local | 451 4.2.2 the mailbox is full`,
  ]);
});

test('a recipient still deferred at the end of the queue lifetime is reported bounced', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  fixture.agent.script = (address) => answers.deferred(address);
  fixture.local.answer = () => ({ temporary: '4.2.2 the mailbox is full' });
  const recording = recordingHook();
  await submit(fixture, ['jean@example.org', `plein@${LOCAL_DOMAIN}`], { accountId });
  const runner = fixture.runner({ onSubmissionProgress: recording.hook });
  await runner.runOnce();
  assert.deepEqual(
    recording.calls.flatMap((c) => c.recipients.map((r) => r.state)),
    ['deferred', 'deferred'],
  );

  recording.calls.length = 0;
  fixture.clock.advance(fixture.settings.lifetime);
  assert.equal((await runner.runOnce()).recipients, 2);
  const hours = Math.round(fixture.settings.lifetime / HOUR);
  assert.deepEqual(lines(recording.calls), [
    'jean@example.org bounced remote | 451 4.2.0 try later',
    `plein@${LOCAL_DOMAIN} bounced local | 451 4.2.2 the mailbox is full (gave up after ${hours} hours in the queue)`,
  ]);
});

test('the hook is told nothing about forwards, bounces, or mail sent without an account', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  const recording = recordingHook();
  await submit(fixture, ['a@example.org'], { source: 'forward', accountId });
  await submit(fixture, ['b@example.org'], { source: 'bounce', accountId, sender: '' });
  await submit(fixture, ['c@example.org'], { source: 'list', accountId });
  await submit(fixture, ['d@example.org'], { source: 'submission', accountId: null });
  const control = await submit(fixture, ['e@example.org'], { accountId });
  assert.equal((await fixture.runner({ onSubmissionProgress: recording.hook }).runOnce()).recipients, 5);

  assert.deepEqual(
    recording.calls.map((c) => [c.queueId, c.recipients.map((r) => r.address)]),
    [[control.id, ['e@example.org']]],
    'only the submission with an account was reported',
  );
});

test('recipients whose lease this runner lost are left out, and a group with none left is not reported', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  const { database } = fixture.services;
  // While the attempt runs, another runner takes over b@ and z@ (as it would after their lease ran out).
  fixture.agent.script = async (address) => {
    if (address.startsWith('b@') || address.startsWith('z@')) {
      await database.write(({ db }) =>
        db
          .updateTable('queue_recipients')
          .set({ lease_owner: 'another-runner' })
          .where('recipient', '=', address)
          .execute(),
      );
    }
    return answers.delivered(address);
  };
  const recording = recordingHook();
  const kept = await submit(fixture, ['a@example.org', 'b@example.org'], { accountId });
  await submit(fixture, ['z@other.example'], { accountId });
  await fixture.runner({ onSubmissionProgress: recording.hook }).runOnce();

  assert.deepEqual(
    recording.calls.map((c) => [c.queueId, c.recipients.map((r) => r.address)]),
    [[kept.id, ['a@example.org']]],
  );
});

test('a hook that throws rolls the results back: the leases are given back and the recipient is delivered again', async (t) => {
  const { fixture, accountId } = await withAccount(t);
  let calls = 0;
  const failing: SubmissionProgressHook = async (tx, progress) => {
    calls++;
    const row = await tx.db
      .selectFrom('queue_recipients')
      .select('state')
      .where('message_id', '=', progress.queueId)
      .executeTakeFirstOrThrow();
    throw new Error(`the submission record cannot be written (recipient ${row.state})`);
  };
  const queued = await submit(fixture, ['jean@example.org'], { accountId });
  const report = await fixture.runner({ onSubmissionProgress: failing }).runOnce();
  assert.deepEqual(report, { recipients: 1, groups: 1 }, 'the runner itself carries on');
  assert.equal(calls, 1);
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 1, 'the remote server has the message');

  // Nothing of the attempt was recorded; the runner gave the lease back, so the recipient is due again now.
  const row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'deferred');
  assert.equal(row.lease_owner, null);
  assert.equal(Number(row.attempts), 1, 'the claim had counted the attempt');
  assert.equal(row.last_status, null);
  assert.equal(row.delivered_at, null);
  assert.equal(Number(row.next_attempt_at), fixture.clock.nowMs());
  const shown = await fixture.services.queue.showQueued(queued.id);
  assert.equal(shown?.completedAt, null, 'the message was not completed');

  // So the next pass sends it a second time: a hook must not throw for an outcome it could take.
  const recording = recordingHook();
  await fixture.runner({ onSubmissionProgress: recording.hook }).runOnce();
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 2);
  assert.equal((await fixture.recipientRow('jean@example.org')).state, 'delivered');
  assert.equal(recording.calls.length, 1);
});

test('smtpReply follows RFC 8621 §7: one line, continuation prefixes removed, synthetic when there is no reply', () => {
  const cases: [string, string][] = [
    ['250 2.0.0 Ok: queued as 4Xyz', '250 2.0.0 Ok: queued as 4Xyz'],
    // RFC 8621 §7's own example, with its line break, and as the SMTP agent stores it (break → space).
    [
      '550-5.7.1 Our system has detected that this message is\r\n550 5.7.1 unsolicited mail.',
      '550 5.7.1 Our system has detected that this message is unsolicited mail.',
    ],
    [
      '550-5.7.1 Our system has detected that this message is 550 5.7.1 unsolicited mail.',
      '550 5.7.1 Our system has detected that this message is unsolicited mail.',
    ],
    ['421-mx.example.org busy\n421-try again\n421 later', '421 mx.example.org busy try again later'],
    // A reply that does not open with a continuation line is one line: "550 5.1.1" inside it stays.
    ['550 5.1.1 user said 550 5.1.1 twice', '550 5.1.1 user said 550 5.1.1 twice'],
  ];
  for (const [reply, expected] of cases) assert.equal(oneLineReply(reply), expected, reply);

  const local = (result: Partial<RecipientDelivery>): RecipientDelivery => ({
    address: 'x@example.org',
    outcome: 'bounced',
    status: '5.1.1',
    detail: 'no such mailbox here',
    ...result,
  });
  assert.equal(smtpReplyOf(local({}), 'no such mailbox here'), '550 5.1.1 no such mailbox here');
  assert.equal(
    smtpReplyOf(local({ outcome: 'delivered', status: '2.0.0' }), 'delivered to the mailbox'),
    '250 2.0.0 delivered to the mailbox',
  );
  assert.equal(
    smtpReplyOf(local({ outcome: 'deferred', status: 'garbage' }), 'store\r\ndown'),
    '451 4.0.0 store down',
  );
  assert.equal(
    smtpReplyOf(local({ reply: 'not an SMTP reply' }), 'refused'),
    '550 5.1.1 refused',
    'a reply without a code is no reply',
  );
});

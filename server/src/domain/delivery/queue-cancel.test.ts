import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CANCEL_MARGIN_MS, cancelScheduled } from './queue-cancel.ts';
import {
  answers,
  HOUR,
  LOCAL_DOMAIN,
  MINUTE,
  openQueueFixture,
  type QueueFixture,
  sampleMessage,
} from './queue.fixture.ts';

const SENDER = `marie.dupont@${LOCAL_DOMAIN}`;

/** Queue a submission for jean@example.org, due `inMs` from the fixture's now. */
async function schedule(fixture: QueueFixture, inMs: number, recipients = ['jean@example.org']) {
  return await fixture.services.queue.submit(sampleMessage(), recipients, {
    sender: SENDER,
    source: 'submission',
    notBefore: new Date(fixture.clock.nowMs() + inMs),
  });
}

async function cancel(fixture: QueueFixture, queueId: string, nowMs = fixture.clock.nowMs()) {
  return await fixture.services.database.write((tx) => cancelScheduled(tx, queueId, nowMs, fixture.clock));
}

/**
 * `work`, run when `start` is called but in the async context of this call: so a write transaction calling
 * `start` can stand for another process, whose own write would otherwise be refused as nested.
 */
function elsewhere<T>(work: () => Promise<T>): { start(): void; readonly done: Promise<T> } {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { start: () => resolve(), done: promise.then(work) };
}

async function rowCount(
  fixture: QueueFixture,
  queueId: string,
): Promise<{ messages: number; recipients: number }> {
  const { db } = fixture.services.database;
  const messages = await db.selectFrom('queue_messages').select('id').where('id', '=', queueId).execute();
  const recipients = await db
    .selectFrom('queue_recipients')
    .select('id')
    .where('message_id', '=', queueId)
    .execute();
  return { messages: messages.length, recipients: recipients.length };
}

async function refcounts(fixture: QueueFixture): Promise<number[]> {
  const blobs = await fixture.services.database.db.selectFrom('blobs').select('refcount').execute();
  return blobs.map((b) => Number(b.refcount));
}

test('a send scheduled for later and untouched is canceled: its rows go and its content reference is dropped', async (t) => {
  const fixture = await openQueueFixture(t);
  const queued = await schedule(fixture, HOUR, ['jean@example.org', `paul@${LOCAL_DOMAIN}`]);
  assert.deepEqual(await refcounts(fixture), [1]);

  assert.equal(await cancel(fixture, queued.id), 'canceled');
  assert.deepEqual(await rowCount(fixture, queued.id), { messages: 0, recipients: 0 });
  assert.deepEqual(await refcounts(fixture), [0], 'the collector may take the content');
  fixture.clock.advance(HOUR);
  assert.equal((await fixture.runner().runOnce()).recipients, 0, 'nothing is sent at the scheduled time');
  assert.equal(fixture.agent.requests.length + fixture.local.stored.length, 0);
});

test('a send due now, or within the safety margin, is too late to cancel and stays queued', async (t) => {
  const fixture = await openQueueFixture(t);
  const dueNow = await schedule(fixture, 0);
  const withinMargin = await schedule(fixture, CANCEL_MARGIN_MS);
  const justAfter = await schedule(fixture, CANCEL_MARGIN_MS + 1);

  assert.equal(await cancel(fixture, dueNow.id), 'tooLate');
  assert.equal(await cancel(fixture, withinMargin.id), 'tooLate');
  assert.equal(await cancel(fixture, justAfter.id), 'canceled');
  assert.deepEqual(await rowCount(fixture, dueNow.id), { messages: 1, recipients: 1 });
  assert.deepEqual(await rowCount(fixture, withinMargin.id), { messages: 1, recipients: 1 });
  assert.deepEqual((await refcounts(fixture)).sort(), [0, 1, 1].sort());

  fixture.clock.advance(CANCEL_MARGIN_MS);
  assert.equal((await fixture.runner().runOnce()).recipients, 2, 'both are still sent');
});

test('a send already attempted is too late to cancel, even while it waits for its next try', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) => answers.deferred(address);
  const queued = await schedule(fixture, 0);
  await fixture.runner().runOnce();
  const row = await fixture.recipientRow('jean@example.org');
  assert.equal(row.state, 'deferred');
  assert.ok(Number(row.next_attempt_at) > fixture.clock.nowMs() + CANCEL_MARGIN_MS, 'not due again yet');

  assert.equal(await cancel(fixture, queued.id), 'tooLate');
  assert.deepEqual(await rowCount(fixture, queued.id), { messages: 1, recipients: 1 });
});

test('a send is too late to cancel as soon as one of its recipients was attempted', async (t) => {
  const fixture = await openQueueFixture(t);
  fixture.agent.script = (address) => answers.deferred(address);
  const queued = await schedule(fixture, HOUR, ['jean@example.org', `paul@${LOCAL_DOMAIN}`]);
  // An administrator made one recipient due now; the other still waits for its time.
  await fixture.services.database.write(({ db }) =>
    db
      .updateTable('queue_recipients')
      .set({ next_attempt_at: fixture.clock.nowMs() })
      .where('recipient', '=', 'jean@example.org')
      .execute(),
  );
  assert.equal((await fixture.runner().runOnce()).recipients, 1);
  fixture.clock.advance(MINUTE);
  assert.equal(await cancel(fixture, queued.id), 'tooLate');
  assert.deepEqual(await rowCount(fixture, queued.id), { messages: 1, recipients: 2 });
});

test('a held send that was never attempted can be canceled, whatever its due time', async (t) => {
  const fixture = await openQueueFixture(t);
  const queued = await schedule(fixture, 0);
  await fixture.services.queue.holdQueued(queued.id);
  assert.equal(await cancel(fixture, queued.id), 'canceled');
  assert.equal(await fixture.services.queue.showQueued(queued.id), undefined);
});

test('an unknown queue id, or one canceled already, is not found', async (t) => {
  const fixture = await openQueueFixture(t);
  assert.equal(await cancel(fixture, 'q-unknown'), 'notFound');
  const queued = await schedule(fixture, HOUR);
  assert.equal(await cancel(fixture, queued.id), 'canceled');
  assert.equal(await cancel(fixture, queued.id), 'notFound');
  assert.deepEqual(await refcounts(fixture), [0], 'the reference is dropped once');
});

test('a cancel racing a runner that is claiming the send finds it too late, and the send goes out once', async (t) => {
  const fixture = await openQueueFixture(t);
  const queued = await schedule(fixture, HOUR);
  // The canceling node's clock is behind the runner's: by its own clock the send is not due yet.
  const cancelerNow = fixture.clock.nowMs() + HOUR - 10 * MINUTE;
  fixture.clock.advance(HOUR);
  const canceling = elsewhere(() => cancel(fixture, queued.id, cancelerNow));
  const runner = fixture.runner({
    // Asked inside the claim's transaction, once the due rows are selected (and, on PostgreSQL, locked).
    isLocalDomain: async () => {
      canceling.start();
      // Time for the cancel to reach the locked rows (PostgreSQL); SQLite queues it behind this transaction.
      await sleep(200);
      return false;
    },
  });
  assert.equal((await runner.runOnce()).recipients, 1);
  assert.equal(await canceling.done, 'tooLate');
  assert.equal(fixture.agent.delivered.get('jean@example.org'), 1);
  assert.equal((await fixture.recipientRow('jean@example.org')).state, 'delivered');
});

test('a runner polling while a cancel holds the send claims nothing of it', async (t) => {
  const fixture = await openQueueFixture(t);
  const queued = await schedule(fixture, HOUR);
  const runner = fixture.runner();
  const claiming = elsewhere(() => runner.runOnce());
  const outcome = await fixture.services.database.write(async (tx) => {
    const result = await cancelScheduled(tx, queued.id, fixture.clock.nowMs(), fixture.clock);
    // Before this transaction ends, another runner whose clock is an hour ahead polls.
    fixture.clock.advance(HOUR);
    claiming.start();
    await sleep(200);
    return result;
  });
  assert.equal(outcome, 'canceled');
  assert.deepEqual(await claiming.done, { recipients: 0, groups: 0 });
  assert.equal(fixture.agent.requests.length, 0);
});

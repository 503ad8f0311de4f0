// Scheduled send and undo (RFC 8621 §7, RFC 4865 FUTURERELEASE): a send held by HOLDFOR or HOLDUNTIL is
// pending until its time and may be canceled until then (its message leaves the queue); a final one cannot
// be. EmailSubmission/get, /changes and /query follow every step.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import { openJmapFixture, type JmapFixture } from '../jmap.fixture.ts';
import { draft, type Sender, SUBMISSION_USING, senderOf } from './submission.fixture.ts';

async function submit(
  fixture: JmapFixture,
  sender: Sender,
  mailFromParameters: Record<string, string> | null,
) {
  const accountId = fixture.accounts.paul;
  const { responses } = await fixture.api(
    [
      ['Email/set', { accountId, create: { d: draft(sender) } }, 'e'],
      [
        'EmailSubmission/set',
        {
          accountId,
          create: {
            s: {
              identityId: sender.identityId,
              emailId: '#d',
              envelope: {
                mailFrom: { email: 'paul@ac-test.fr', parameters: mailFromParameters },
                rcptTo: [
                  { email: 'marie@ac-test.fr', parameters: null },
                  { email: 'parent@exemple.org', parameters: null },
                ],
              },
            },
          },
        },
        's',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  const created = responses[1]?.[1].created?.s;
  assert.ok(created, JSON.stringify(responses[1]));
  return { ...created, emailId: responses[0]?.[1].created.d.id as string };
}

async function call(fixture: JmapFixture, name: string, args: Record<string, unknown>) {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts.paul, ...args }, 'c']], {
    using: SUBMISSION_USING,
  });
  assert.equal(responses[0]?.[0], name, JSON.stringify(responses[0]));
  return responses[0]?.[1];
}

test('HOLDFOR holds the send; canceling it takes the message out of the queue', async (t) => {
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const fixture = await openJmapFixture(t, { clock });
  const sender = await senderOf(fixture);
  const state0 = (await call(fixture, 'EmailSubmission/get', { ids: [] })).state;

  const held = await submit(fixture, sender, { HOLDFOR: '600' });
  assert.equal(held.undoStatus, 'pending');
  assert.equal(held.sendAt, '2026-11-30T08:10:00Z');
  const [queued] = await fixture.services.queue.listQueue();
  assert.deepEqual(
    queued?.recipients.map((recipient) => recipient.nextAttemptAt?.toISOString()),
    ['2026-11-30T08:10:00.000Z', '2026-11-30T08:10:00.000Z'],
  );
  const changes = await call(fixture, 'EmailSubmission/changes', { sinceState: state0 });
  assert.deepEqual([changes.created, changes.updated, changes.destroyed], [[held.id], [], []]);

  clock.advance(300_000);
  const set = await call(fixture, 'EmailSubmission/set', {
    update: { [held.id]: { undoStatus: 'canceled' } },
  });
  assert.deepEqual(set.updated, { [held.id]: { deliveryStatus: {} } });
  assert.deepEqual(await fixture.services.queue.listQueue(), []);
  const got = await call(fixture, 'EmailSubmission/get', { ids: [held.id], properties: ['undoStatus'] });
  assert.deepEqual(got.list, [{ id: held.id, undoStatus: 'canceled' }]);
  const after = await call(fixture, 'EmailSubmission/changes', { sinceState: changes.newState });
  assert.deepEqual([after.created, after.updated, after.destroyed], [[], [held.id], []]);

  // Canceling again is harmless; any other change is refused.
  const again = await call(fixture, 'EmailSubmission/set', {
    update: { [held.id]: { undoStatus: 'canceled' } },
  });
  assert.equal(again.notUpdated, null);
  const other = await call(fixture, 'EmailSubmission/set', {
    update: { [held.id]: { undoStatus: 'final' }, unknownId: { undoStatus: 'canceled' } },
  });
  assert.equal(other.notUpdated[held.id].type, 'invalidProperties');
  assert.equal(other.notUpdated.unknownId.type, 'notFound');
});

test('a send that is due or not held cannot be unsent', async (t) => {
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const fixture = await openJmapFixture(t, { clock });
  const sender = await senderOf(fixture);
  const now = await submit(fixture, sender, null);
  assert.equal(now.undoStatus, 'final');
  const until = await submit(fixture, sender, { HOLDUNTIL: '2026-11-30T08:05:00Z' });
  assert.equal(until.undoStatus, 'pending');
  assert.equal(until.sendAt, '2026-11-30T08:05:00Z');
  // Its time has come: a runner may be taking it now.
  clock.advance(300_000);
  const set = await call(fixture, 'EmailSubmission/set', {
    update: { [now.id]: { undoStatus: 'canceled' }, [until.id]: { undoStatus: 'canceled' } },
  });
  assert.equal(set.notUpdated[now.id].type, 'cannotUnsend');
  assert.equal(set.notUpdated[until.id].type, 'cannotUnsend');
  assert.equal((await fixture.services.queue.listQueue()).length, 2);
});

test('EmailSubmission/query filters and sorts; destroy forgets the record but not the send', async (t) => {
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const fixture = await openJmapFixture(t, { clock });
  const sender = await senderOf(fixture);
  const first = await submit(fixture, sender, null);
  clock.advance(1000);
  const second = await submit(fixture, sender, { HOLDFOR: '3600' });
  clock.advance(1000);
  const third = await submit(fixture, sender, null);

  const query = async (args: Record<string, unknown>) =>
    (await call(fixture, 'EmailSubmission/query', args)).ids;
  assert.deepEqual(await query({ sort: [{ property: 'sentAt', isAscending: false }] }), [
    second.id,
    third.id,
    first.id,
  ]);
  assert.deepEqual(await query({ filter: { undoStatus: 'pending' } }), [second.id]);
  assert.deepEqual(await query({ filter: { emailIds: [first.emailId, third.emailId] } }), [
    first.id,
    third.id,
  ]);
  assert.deepEqual(
    await query({ filter: { after: '2026-11-30T08:00:01Z', before: '2026-11-30T08:30:00Z' } }),
    [third.id],
  );
  assert.deepEqual(await query({ filter: { operator: 'NOT', conditions: [{ undoStatus: 'final' }] } }), [
    second.id,
  ]);
  const total = await call(fixture, 'EmailSubmission/query', { calculateTotal: true, limit: 1 });
  assert.deepEqual([total.ids.length, total.total, total.canCalculateChanges], [1, 3, false]);
  const badSort = await fixture.api(
    [['EmailSubmission/query', { accountId: fixture.accounts.paul, sort: [{ property: 'size' }] }, 'q']],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(badSort.responses[0]?.[1].type, 'unsupportedSort');
  const queryChanges = await fixture.api(
    [
      [
        'EmailSubmission/queryChanges',
        { accountId: fixture.accounts.paul, sinceQueryState: total.queryState },
        'q',
      ],
    ],
    { using: SUBMISSION_USING },
  );
  assert.deepEqual(queryChanges.responses[0]?.[1].type, 'cannotCalculateChanges');

  const state = (await call(fixture, 'EmailSubmission/get', { ids: [] })).state;
  const set = await call(fixture, 'EmailSubmission/set', { destroy: [first.id, 'nothing'] });
  assert.deepEqual(set.destroyed, [first.id]);
  assert.equal(set.notDestroyed.nothing.type, 'notFound');
  const got = await call(fixture, 'EmailSubmission/get', { ids: [first.id] });
  assert.deepEqual(got.notFound, [first.id]);
  const changes = await call(fixture, 'EmailSubmission/changes', { sinceState: state });
  assert.deepEqual(changes.destroyed, [first.id]);
  assert.deepEqual(await query({}), [third.id, second.id]);
  // Its message is still on its way.
  assert.equal((await fixture.services.queue.listQueue()).length, 3);
});

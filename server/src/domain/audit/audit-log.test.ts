import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { openTestServices } from '../../test-support/test-services.ts';
import type { AuditEvent, AuditEventInput, AuditParty } from './audit-event.ts';
import {
  createAuditLog,
  listAuditEvents,
  MAX_AUDIT_DETAILS,
  MAX_AUDIT_PAGE,
  recordAuditEvent,
} from './audit-log.ts';

const START = new Date('2026-09-01T08:00:00Z');
const MINUTE = 60_000;
const CLAIRE: AuditParty = { accountId: 'aClaire', email: 'claire.dupont@ac-test.fr' };
const PAUL: AuditParty = { accountId: 'aPaul', email: 'paul.martin@ac-test.fr' };
const ADMIN: AuditParty = { accountId: 'aAdmin', email: 'admin@ac-test.fr' };

/** Real services (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND), a clock the test moves, and the audit log. */
async function open(t: TestContext) {
  const clock = fixedClock(START);
  const services = await openTestServices(t, { clock });
  const { database } = services;
  const audit = createAuditLog({ database, clock });
  const all = () => listAuditEvents(database.db, { limit: MAX_AUDIT_PAGE });
  return { clock, database, audit, all };
}

/** `count` events, one a second, each `login.failed` with its number in the details; one transaction. */
async function seed(fixture: Awaited<ReturnType<typeof open>>, count: number): Promise<void> {
  await fixture.database.write(async (tx) => {
    for (let index = 0; index < count; index++) {
      await recordAuditEvent(tx, fixture.clock, {
        type: 'login.failed',
        subject: CLAIRE,
        details: { index },
      });
      fixture.clock.advance(1000);
    }
  });
}

const summary = (events: readonly AuditEvent[]) =>
  events.map((event) => `${event.type} ${event.actor?.accountId ?? '-'} ${event.subject?.accountId ?? '-'}`);

test('an event recorded alone is read back with every field, at the clock’s time', async (t) => {
  const { audit, all } = await open(t);
  await audit.record({
    type: 'role.granted',
    actor: ADMIN,
    subject: CLAIRE,
    remoteAddress: '192.0.2.10',
    details: { role: 'helpdesk', scope: null, count: 2, isNew: true },
  });
  const [event, ...rest] = await all();
  assert.deepEqual(rest, []);
  assert.ok(event);
  assert.equal(typeof event.seq, 'number');
  assert.deepEqual(
    { ...event, seq: 0 },
    {
      seq: 0,
      at: START.getTime(),
      type: 'role.granted',
      actor: ADMIN,
      subject: CLAIRE,
      remoteAddress: '192.0.2.10',
      details: { role: 'helpdesk', scope: null, count: 2, isNew: true },
    },
  );
});

test('an event without actor, subject, address or details keeps them as null and an empty object', async (t) => {
  const { audit, all } = await open(t);
  await audit.record({ type: 'policy.changed' });
  const events = await all();
  assert.equal(events.length, 1);
  assert.deepEqual(
    { ...events[0], seq: 0 },
    {
      seq: 0,
      at: START.getTime(),
      type: 'policy.changed',
      actor: null,
      subject: null,
      remoteAddress: null,
      details: {},
    },
  );
});

test('an event recorded in a write transaction commits with the change it records', async (t) => {
  const { database, clock, all } = await open(t);
  await database.write(async (tx) => {
    await tx.db
      .insertInto('trusted_networks')
      .values({
        id: 'n1',
        cidr: '192.0.2.0/24',
        establishment_uai: null,
        label: '',
        created_at: clock.nowMs(),
      })
      .execute();
    await recordAuditEvent(tx, clock, {
      type: 'policy.changed',
      actor: ADMIN,
      details: { change: 'trustedNetwork.added', cidr: '192.0.2.0/24' },
    });
  });
  assert.deepEqual(summary(await all()), ['policy.changed aAdmin -']);
  const networks = await database.db.selectFrom('trusted_networks').select('cidr').execute();
  assert.deepEqual(networks, [{ cidr: '192.0.2.0/24' }]);
});

test('an event recorded in a transaction that fails afterwards is rolled back with it', async (t) => {
  const { database, clock, audit, all } = await open(t);
  await audit.record({ type: 'login.failed', subject: CLAIRE });
  await assert.rejects(
    database.write(async (tx) => {
      await tx.db
        .insertInto('trusted_networks')
        .values({
          id: 'n1',
          cidr: '192.0.2.0/24',
          establishment_uai: null,
          label: '',
          created_at: clock.nowMs(),
        })
        .execute();
      await recordAuditEvent(tx, clock, { type: 'policy.changed', actor: ADMIN });
      await recordAuditEvent(tx, clock, { type: 'role.granted', actor: ADMIN, subject: PAUL });
      throw new Error('the change failed after its events were written');
    }),
    /the change failed/,
  );
  assert.deepEqual(summary(await all()), ['login.failed - aClaire'], 'only the event written on its own');
  assert.deepEqual(await database.db.selectFrom('trusted_networks').selectAll().execute(), []);
  // The log still takes events afterwards.
  await audit.record({ type: 'login.succeeded', subject: PAUL });
  assert.deepEqual(summary(await all()), ['login.failed - aClaire', 'login.succeeded - aPaul']);
});

test('events are listed in the order they were written, even when the clock went back', async (t) => {
  const { audit, clock } = await open(t);
  await audit.record({ type: 'login.failed', subject: CLAIRE });
  clock.advance(-10 * MINUTE);
  await audit.record({ type: 'login.succeeded', subject: CLAIRE });
  clock.advance(20 * MINUTE);
  await audit.record({ type: 'session.ended', subject: CLAIRE });
  clock.advance(-5 * MINUTE);
  await audit.record({ type: 'password.changed', actor: CLAIRE, subject: CLAIRE });
  const events = await audit.list({});
  assert.deepEqual(
    events.map((event) => event.type),
    ['login.failed', 'login.succeeded', 'session.ended', 'password.changed'],
  );
  const seqs = events.map((event) => event.seq);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
  );
  assert.equal(new Set(seqs).size, 4, 'every seq is distinct');
});

test('events of one account are those where it is the actor or the subject', async (t) => {
  const { audit } = await open(t);
  await audit.record({ type: 'login.succeeded', subject: CLAIRE });
  await audit.record({ type: 'role.granted', actor: ADMIN, subject: PAUL });
  await audit.record({ type: 'account.updated', actor: CLAIRE, subject: PAUL });
  await audit.record({ type: 'policy.changed', actor: ADMIN });
  await audit.record({ type: 'password.changed', actor: CLAIRE, subject: CLAIRE });
  await audit.record({ type: 'login.failed' });

  assert.deepEqual(summary(await audit.list({ accountId: CLAIRE.accountId })), [
    'login.succeeded - aClaire',
    'account.updated aClaire aPaul',
    'password.changed aClaire aClaire',
  ]);
  assert.deepEqual(summary(await audit.list({ accountId: PAUL.accountId })), [
    'role.granted aAdmin aPaul',
    'account.updated aClaire aPaul',
  ]);
  assert.deepEqual(summary(await audit.list({ accountId: ADMIN.accountId })), [
    'role.granted aAdmin aPaul',
    'policy.changed aAdmin -',
  ]);
  assert.deepEqual(await audit.list({ accountId: 'aNobody' }), []);
  assert.equal((await audit.list({})).length, 6, 'no filter: every event');
});

test('events are filtered by type, and an empty list of types filters nothing', async (t) => {
  const { audit } = await open(t);
  for (const type of [
    'login.failed',
    'login.succeeded',
    'login.failed',
    'role.granted',
    'session.ended',
  ] as const) {
    await audit.record({ type, subject: CLAIRE });
  }
  assert.deepEqual(
    (await audit.list({ types: ['login.failed'] })).map((event) => event.type),
    ['login.failed', 'login.failed'],
  );
  assert.deepEqual(
    (await audit.list({ types: ['session.ended', 'role.granted'] })).map((event) => event.type),
    ['role.granted', 'session.ended'],
  );
  assert.deepEqual(await audit.list({ types: ['account.deleted'] }), []);
  assert.equal((await audit.list({ types: [] })).length, 5);
});

test('since and until bound the events’ time, both inclusive', async (t) => {
  const { audit, clock } = await open(t);
  const at: number[] = [];
  for (let index = 0; index < 5; index++) {
    at.push(clock.nowMs());
    await audit.record({ type: 'login.failed', subject: CLAIRE, details: { index } });
    clock.advance(MINUTE);
  }
  const indexes = async (query: Parameters<typeof audit.list>[0]) =>
    (await audit.list(query)).map((event) => event.details.index);
  assert.deepEqual(await indexes({ since: at[1] }), [1, 2, 3, 4]);
  assert.deepEqual(await indexes({ since: (at[1] ?? 0) + 1 }), [2, 3, 4]);
  assert.deepEqual(await indexes({ until: at[2] }), [0, 1, 2]);
  assert.deepEqual(await indexes({ until: (at[2] ?? 0) - 1 }), [0, 1]);
  assert.deepEqual(await indexes({ since: at[1], until: at[3] }), [1, 2, 3]);
  assert.deepEqual(await indexes({ since: at[2], until: at[2] }), [2]);
  assert.deepEqual(await indexes({ since: at[3], until: at[1] }), []);
  assert.deepEqual(await indexes({ since: (at[4] ?? 0) + 1 }), []);
});

test('after pages by seq, and every filter combines with the others', async (t) => {
  const { audit, clock } = await open(t);
  for (let index = 0; index < 6; index++) {
    await audit.record({
      type: index % 2 === 0 ? 'login.failed' : 'login.succeeded',
      subject: index < 3 ? CLAIRE : PAUL,
      details: { index },
    });
    clock.advance(MINUTE);
  }
  const everything = await audit.list({});
  const indexes = (events: readonly AuditEvent[]) => events.map((event) => event.details.index);
  assert.deepEqual(indexes(await audit.list({ after: everything[1]?.seq })), [2, 3, 4, 5]);
  assert.deepEqual(indexes(await audit.list({ after: everything[5]?.seq })), []);
  assert.deepEqual(indexes(await audit.list({ after: 0 })), [0, 1, 2, 3, 4, 5]);

  // Paging by two with `after`, as a caller would.
  const pages: unknown[][] = [];
  let after: number | undefined;
  for (;;) {
    const page = await audit.list({ after, limit: 2 });
    if (page.length === 0) break;
    pages.push(indexes(page));
    after = page.at(-1)?.seq;
  }
  assert.deepEqual(pages, [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);

  assert.deepEqual(
    indexes(
      await audit.list({
        accountId: PAUL.accountId,
        types: ['login.failed'],
        since: START.getTime() + 3 * MINUTE,
        until: START.getTime() + 4 * MINUTE,
        after: everything[0]?.seq,
      }),
    ),
    [4],
  );
  assert.deepEqual(
    indexes(await audit.list({ accountId: CLAIRE.accountId, types: ['login.succeeded'] })),
    [1],
  );
});

test('a page holds 100 events by default, at least 1 and at most MAX_AUDIT_PAGE', async (t) => {
  const fixture = await open(t);
  const { audit } = fixture;
  await seed(fixture, MAX_AUDIT_PAGE + 5);
  const size = async (limit: number | undefined) => (await audit.list({ limit })).length;
  assert.equal(await size(undefined), 100);
  assert.equal(await size(7), 7);
  assert.equal(await size(7.9), 7, 'a fraction is cut');
  assert.equal(await size(1), 1);
  assert.equal(await size(0), 1);
  assert.equal(await size(-5), 1);
  assert.equal(await size(Number.NEGATIVE_INFINITY), 1);
  assert.equal(await size(MAX_AUDIT_PAGE), MAX_AUDIT_PAGE);
  assert.equal(await size(MAX_AUDIT_PAGE + 1), MAX_AUDIT_PAGE);
  assert.equal(await size(1e12), MAX_AUDIT_PAGE);
  assert.equal(await size(Number.POSITIVE_INFINITY), MAX_AUDIT_PAGE);
  assert.equal(await size(Number.NaN), 100, 'not a number: the default');
  const first = await audit.list({ limit: 3 });
  assert.deepEqual(
    first.map((event) => event.details.index),
    [0, 1, 2],
    'the oldest first',
  );
});

test('all() reads every matching event past MAX_AUDIT_PAGE, in order, and ignores the limit', async (t) => {
  const fixture = await open(t);
  const { audit } = fixture;
  const count = 2 * MAX_AUDIT_PAGE + 37;
  await seed(fixture, count);
  await audit.record({ type: 'policy.changed', actor: ADMIN });

  const read: AuditEvent[] = [];
  for await (const event of audit.all({ types: ['login.failed'], limit: 3 })) read.push(event);
  assert.equal(read.length, count);
  assert.deepEqual(
    read.map((event) => event.details.index),
    Array.from({ length: count }, (_, index) => index),
  );
  for (let index = 1; index < read.length; index++) {
    assert.ok((read[index]?.seq ?? 0) > (read[index - 1]?.seq ?? 0), 'seq increases');
  }

  // It starts after `after` and keeps the other filters.
  const from = read[MAX_AUDIT_PAGE - 1]?.seq;
  const rest: unknown[] = [];
  for await (const event of audit.all({ after: from, accountId: CLAIRE.accountId }))
    rest.push(event.details.index);
  assert.equal(rest.length, count - MAX_AUDIT_PAGE);
  assert.equal(rest[0], MAX_AUDIT_PAGE);

  let everything = 0;
  for await (const event of audit.all({})) {
    assert.ok(event);
    everything++;
  }
  assert.equal(everything, count + 1);
});

test('all() over exactly one full page, or over nothing, ends', async (t) => {
  const fixture = await open(t);
  const { audit } = fixture;
  let none = 0;
  for await (const event of audit.all({})) {
    assert.ok(event);
    none++;
  }
  assert.equal(none, 0);
  await seed(fixture, MAX_AUDIT_PAGE);
  let full = 0;
  for await (const event of audit.all({})) {
    assert.ok(event);
    full++;
  }
  assert.equal(full, MAX_AUDIT_PAGE);
});

test('long fields are cut to 256 characters so a hostile value cannot bloat the log', async (t) => {
  const { audit, all } = await open(t);
  const long = (letter: string) => letter.repeat(10_000);
  await audit.record({
    type: 'login.failed',
    actor: { accountId: 'aX', email: `${long('a')}@ac-test.fr` },
    subject: { accountId: 'aY', email: long('b') },
    remoteAddress: long('c'),
    details: { userAgent: long('d'), [long('k')]: 'short', count: 123_456_789, isShared: false, none: null },
  });
  const [event] = await all();
  assert.ok(event);
  assert.equal(event.actor?.email, 'a'.repeat(256));
  assert.equal(event.subject?.email, 'b'.repeat(256));
  assert.equal(event.remoteAddress, 'c'.repeat(256));
  assert.deepEqual(event.details, {
    userAgent: 'd'.repeat(256),
    ['k'.repeat(64)]: 'short',
    count: 123_456_789,
    isShared: false,
    none: null,
  });
  assert.equal(event.actor?.accountId, 'aX');
});

test('values of 256 characters or fewer are kept whole', async (t) => {
  const { audit, all } = await open(t);
  const exact = 'é'.repeat(256);
  await audit.record({
    type: 'login.failed',
    subject: { accountId: 'aY', email: exact },
    remoteAddress: '2001:db8::1',
    details: { text: exact, [`${'k'.repeat(64)}`]: 1 },
  });
  const [event] = await all();
  assert.equal(event?.subject?.email, exact);
  assert.deepEqual(event?.details, { text: exact, ['k'.repeat(64)]: 1 });
});

test('details keep their first 16 keys and drop the rest', async (t) => {
  const { audit, all } = await open(t);
  const details: Record<string, number> = {};
  for (let index = 0; index < 40; index++) details[`key${String(index).padStart(2, '0')}`] = index;
  const input: AuditEventInput = { type: 'account.updated', actor: ADMIN, subject: PAUL, details };
  await audit.record(input);
  const [event] = await all();
  assert.equal(MAX_AUDIT_DETAILS, 16);
  assert.deepEqual(
    event?.details,
    Object.fromEntries(
      Array.from({ length: 16 }, (_, index) => [`key${String(index).padStart(2, '0')}`, index]),
    ),
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { INACTIVITY_REASON, LIFECYCLE_LIMITS } from './account-lifecycle.ts';
import { changesOf, openIdentityFixture, withDomainAndSchool } from './identity.fixture.ts';

const DAY = 24 * 3_600_000;
const PASSWORD = 'cheval-agrafe-lune-42';
const WHEN_ENROLLED = { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' };
const imap = { protocol: 'imap', remoteAddress: '198.51.100.7' } as const;

test('people unused for a year are suspended for inactivity, audited and signed out; others are not', async (t) => {
  const fixture = await openIdentityFixture(t, WHEN_ENROLLED);
  await withDomainAndSchool(fixture);
  const { identity } = fixture;
  const gone = await identity.createAccount({
    email: 'gone@ac-test.fr',
    displayName: 'Parti',
    password: PASSWORD,
  });
  const here = await identity.createAccount({
    email: 'here@ac-test.fr',
    displayName: 'Présent',
    password: PASSWORD,
  });
  await identity.createAccount({
    email: 'secretariat@ac-test.fr',
    displayName: 'Secrétariat',
    kind: 'shared',
  });
  await identity.createAccount({ email: 'salle-b12@ac-test.fr', displayName: 'Salle B12', kind: 'resource' });
  const session = await identity.loginWithPassword({
    email: 'gone@ac-test.fr',
    password: PASSWORD,
    isSharedComputer: false,
    remoteAddress: '203.0.113.9',
    userAgent: 'Firefox',
  });
  assert.equal(session.outcome, 'signedIn');
  if (session.outcome !== 'signedIn') return;
  const lastSeen = fixture.clock.now();

  // Eight months later one of them reads mail on a phone; the other never comes back.
  fixture.clock.advance(240 * DAY);
  assert.ok((await identity.verifyProtocolLogin('here@ac-test.fr', PASSWORD, imap)).ok);
  fixture.clock.advance(125 * DAY);
  assert.deepEqual(
    await identity.suspendInactiveAccounts(1000),
    { suspended: 0, hasMore: false },
    '365 days less 1 ms',
  );
  fixture.clock.advance(1);
  assert.deepEqual(await identity.suspendInactiveAccounts(1000), { suspended: 1, hasMore: false });

  const suspended = await identity.findAccount('gone@ac-test.fr');
  assert.equal(suspended?.status, 'suspended');
  assert.equal(suspended?.statusReason, INACTIVITY_REASON);
  assert.deepEqual(suspended?.statusChangedAt, fixture.clock.now());
  assert.equal((await changesOf(fixture.database, gone.id)).at(-1)?.endsWith('updated Account'), true);
  const events = await listAuditEvents(fixture.database.db, {
    accountId: gone.id,
    types: ['account.suspended'],
  });
  assert.deepEqual(
    events.map((event) => [event.actor, event.subject?.email, event.details]),
    [
      [
        null,
        'gone@ac-test.fr',
        // Its session timed out long ago (a live one would have been activity): its row goes all the same.
        { reason: 'inactivity', lastActivityAt: lastSeen.toISOString(), sessionsEnded: 0 },
      ],
    ],
  );
  assert.equal(await identity.resumeWebSession(session.token), undefined);
  const rows = await fixture.database.db
    .selectFrom('web_sessions')
    .select('id')
    .where('account_id', '=', gone.id)
    .execute();
  assert.equal(rows.length, 0);
  assert.equal((await identity.verifyProtocolLogin('gone@ac-test.fr', PASSWORD, imap)).ok, false);

  // The person on the phone, the shared mailbox and the resource stay active; a second run does nothing.
  for (const email of ['here@ac-test.fr', 'secretariat@ac-test.fr', 'salle-b12@ac-test.fr'])
    assert.equal((await identity.findAccount(email))?.status, 'active', email);
  assert.equal((await identity.findAccount(here.email))?.id, here.id);
  assert.deepEqual(await identity.suspendInactiveAccounts(1000), { suspended: 0, hasMore: false });
});

test('reactivation restarts the period, so the next run does not suspend the person again', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const { identity } = fixture;
  const account = await identity.createAccount({ email: 'retour@ac-test.fr', displayName: 'Retour' });
  fixture.clock.advance(366 * DAY);
  assert.equal((await identity.suspendInactiveAccounts(10)).suspended, 1);
  const helpdesk = {
    actor: { accountId: 'a-helpdesk', email: 'assistance@ac-test.fr' },
    remoteAddress: '192.0.2.9',
  };
  const reactivated = await identity.reactivateAccount('retour@ac-test.fr', helpdesk);
  assert.deepEqual(reactivated.lastActivityAt, fixture.clock.now());
  assert.equal((await identity.suspendInactiveAccounts(10)).suspended, 0);
  const [event] = await listAuditEvents(fixture.database.db, {
    accountId: account.id,
    types: ['account.reactivated'],
  });
  assert.deepEqual(event && [event.actor?.email, event.remoteAddress, event.details], [
    'assistance@ac-test.fr',
    '192.0.2.9',
    { previousStatus: 'suspended', previousReason: 'inactivity' },
  ]);
  fixture.clock.advance(366 * DAY);
  assert.equal((await identity.suspendInactiveAccounts(10)).suspended, 1, 'a year unused again');
});

test('with lifecycle.inactivity-suspension off nobody is suspended; the period is a setting', async (t) => {
  const off = await openIdentityFixture(t, { VERCORS_LIFECYCLE_INACTIVITY_SUSPENSION: 'off' });
  await withDomainAndSchool(off);
  await off.identity.createAccount({ email: 'jamais@ac-test.fr', displayName: 'Jamais' });
  off.clock.advance(3650 * DAY);
  assert.deepEqual(await off.identity.suspendInactiveAccounts(10), { suspended: 0, hasMore: false });
  assert.equal((await off.identity.findAccount('jamais@ac-test.fr'))?.status, 'active');

  const short = await openIdentityFixture(t, { VERCORS_LIFECYCLE_INACTIVITY_SUSPENSION: '30d' });
  await withDomainAndSchool(short);
  await short.identity.createAccount({ email: 'court@ac-test.fr', displayName: 'Court' });
  short.clock.advance(31 * DAY);
  assert.equal((await short.identity.suspendInactiveAccounts(10)).suspended, 1);
});

test('suspensions go in bounded batches, the longest unused first, and say when more are due', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const { identity } = fixture;
  const total = LIFECYCLE_LIMITS.suspensionBatch + 30;
  await identity.createAccounts(
    Array.from({ length: total - 1 }, (_, index) => ({
      email: `agent${index}@ac-test.fr`,
      displayName: `Agent ${index}`,
    })),
  );
  // The oldest activity goes first: this one, created a day before the others.
  fixture.clock.advance(-DAY);
  await identity.createAccount({ email: 'doyen@ac-test.fr', displayName: 'Doyen' });
  fixture.clock.advance(DAY + 366 * DAY);

  const first = await identity.suspendInactiveAccounts(1);
  assert.deepEqual(first, { suspended: 1, hasMore: true });
  assert.equal((await identity.findAccount('doyen@ac-test.fr'))?.status, 'suspended');
  const limit = LIFECYCLE_LIMITS.suspensionBatch + 10;
  assert.deepEqual(await identity.suspendInactiveAccounts(limit), { suspended: limit, hasMore: true });
  assert.deepEqual(await identity.suspendInactiveAccounts(limit), {
    suspended: total - 1 - limit,
    hasMore: false,
  });
  assert.equal((await identity.listAccounts({ status: 'active' })).total, 0);
});

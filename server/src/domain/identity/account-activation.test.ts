// Activation with the helpdesk's code: a clean slate (new password; no second factor, session or app password
// left; active again), everything audited; codes that expire and work once, even when sent twice at once; and
// the new second factor set up afterwards, from any network for a while.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import {
  MARIE,
  NEW_PASSWORD,
  openHelpdeskFixture,
  ORIGIN,
  type HelpdeskFixture,
} from './helpdesk.fixture.ts';
import { refusedWith } from './identity.fixture.ts';

const CARD = { numenChecked: false, professionalCardSeen: true };
const HOME = '198.51.100.77';

const issue = (fixture: HelpdeskFixture) =>
  fixture.identity.issueActivationCode(fixture.actors.helpdesk, fixture.marie.id, CARD, ORIGIN);

const login = (fixture: HelpdeskFixture, password: string, remoteAddress = HOME) =>
  fixture.identity.loginWithPassword({
    email: MARIE.email,
    password,
    isSharedComputer: false,
    remoteAddress,
    userAgent: 'test',
  });

test('activation sets the password and ends every second factor, session and app password', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, marie, clock, database } = fixture;
  await enrolTotpFor(identity, clock, MARIE);
  const session = await identity.startWebSession(marie, {
    state: 'active',
    secondFactor: 'totp',
    isSharedComputer: false,
    remoteAddress: HOME,
    userAgent: 'Firefox',
  });
  await identity.createAppPassword(marie.id, { name: 'Téléphone', scope: 'mail' }, {});
  const { code } = await issue(fixture);
  clock.advance(5 * 60_000);

  const result = await identity.activateWithCode(MARIE.email, code.toLowerCase(), NEW_PASSWORD, {
    remoteAddress: HOME,
  });
  assert.equal(result.outcome, 'activated');
  assert.deepEqual(await identity.listSecondFactors(marie.id), { factors: [], recoveryCodesLeft: 0 });
  assert.deepEqual(await identity.listAppPasswords(marie.id), []);
  assert.equal(await identity.resumeWebSession(session.token), undefined);
  assert.equal(
    await identity.verifyPassword(MARIE.email, MARIE.password),
    undefined,
    'the old password is gone',
  );
  assert.equal((await identity.verifyPassword(MARIE.email, NEW_PASSWORD))?.id, marie.id);
  const row = await database.db
    .selectFrom('accounts')
    .select(['last_activity_at', 'password_changed_at'])
    .where('id', '=', marie.id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(row.password_changed_at), clock.nowMs());
  assert.equal(Number(row.last_activity_at), clock.nowMs(), 'the inactivity period starts again');

  await fixture.identity.settleAudit();
  const events = await listAuditEvents(database.db, { accountId: marie.id, since: clock.nowMs() });
  assert.deepEqual(
    events.map((e) => [e.type, e.actor?.email, e.remoteAddress, e.details.reason]),
    [
      ['password.changed', MARIE.email, HOME, 'helpdeskRecovery'],
      ['secondFactor.removed', MARIE.email, HOME, 'helpdeskRecovery'],
      ['session.revoked', MARIE.email, HOME, 'helpdeskRecovery'],
      ['appPassword.revoked', MARIE.email, HOME, 'helpdeskRecovery'],
      ['helpdesk.activationUsed', MARIE.email, HOME, 'helpdeskRecovery'],
    ],
  );
  const used = events.at(-1)?.details;
  assert.deepEqual(
    [used?.issuedBy, used?.reactivated, used?.secondFactorsRemoved, used?.recoveryCodesRemoved],
    [fixture.actors.helpdesk.email, false, 1, 10],
  );
  assert.deepEqual([used?.sessionsEnded, used?.appPasswordsRevoked], [2, 1], 'the enrolment login’s too');
  await fixture.identity.settleAudit();
  const everything = JSON.stringify(await listAuditEvents(database.db, {}));
  assert.ok(!everything.includes(code) && !everything.includes(NEW_PASSWORD), 'no code or password audited');
});

test('a suspended account is active again, and the person signs in', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, marie, database } = fixture;
  await identity.suspendAccount(MARIE.email, 'inactivité');
  assert.deepEqual(await login(fixture, MARIE.password), { outcome: 'refused', reason: 'invalid' });
  const { code } = await issue(fixture);
  const result = await identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN);
  assert.equal(result.outcome === 'activated' && result.account.status, 'active');
  assert.equal(result.outcome === 'activated' && result.account.statusReason, null);
  await fixture.identity.settleAudit();
  const [reactivated] = await listAuditEvents(database.db, {
    accountId: marie.id,
    types: ['account.reactivated'],
  });
  assert.deepEqual(reactivated?.details, {
    reason: 'helpdeskRecovery',
    previousStatus: 'suspended',
    previousReason: 'inactivité',
  });
  await fixture.identity.settleAudit();
  const [used] = await listAuditEvents(database.db, { types: ['helpdesk.activationUsed'] });
  assert.equal(used?.details.reactivated, true);
  // Signed in, to set up the second factor the staff rule wants away from a school network.
  assert.equal((await login(fixture, NEW_PASSWORD)).outcome, 'enrol');
});

test('then the person sets up a new factor: from home for a while, then only from a school network', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, clock } = fixture;
  await enrolTotpFor(identity, clock, MARIE);
  const pending = await login(fixture, MARIE.password);
  assert.equal(pending.outcome, 'secondFactor', 'before: the old factor is asked');
  const { code } = await issue(fixture);
  assert.equal(
    (await identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN)).outcome,
    'activated',
  );

  const recovering = await login(fixture, NEW_PASSWORD);
  assert.equal(recovering.outcome, 'enrol', 'an enrolment session, off the trusted networks');
  assert.equal(recovering.outcome === 'enrol' && recovering.session.state, 'enrolment');
  clock.advance(31 * 60_000);
  const later = await login(fixture, NEW_PASSWORD);
  assert.deepEqual(later, { outcome: 'refused', reason: 'secondFactorNotEnrolled' });
  // At school the staff rule asks for no second factor at all.
  const atSchool = await login(fixture, NEW_PASSWORD, '192.0.2.200');
  assert.equal(atSchool.outcome, 'signedIn');
});

test('a code works once, even sent twice at the same time, and not after it expires', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, clock, database, marie } = fixture;
  const { code } = await issue(fixture);
  const [one, two] = await Promise.all([
    identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN),
    identity.activateWithCode(MARIE.email, code, `${NEW_PASSWORD}-autre`, ORIGIN),
  ]);
  assert.deepEqual([one.outcome, two.outcome].sort(), ['activated', 'refused']);
  const winner = one.outcome === 'activated' ? NEW_PASSWORD : `${NEW_PASSWORD}-autre`;
  assert.ok(await identity.verifyPassword(MARIE.email, winner), 'the password of the one that won');
  const again = await identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN);
  assert.deepEqual(again, { outcome: 'refused', reason: 'invalidCode' });

  const late = await issue(fixture);
  clock.advance(fixture.settings.helpdeskActivationCodeValidity);
  const expired = await identity.activateWithCode(MARIE.email, late.code, NEW_PASSWORD, ORIGIN);
  assert.deepEqual(expired, { outcome: 'refused', reason: 'invalidCode' });

  await fixture.identity.settleAudit();
  const failures = await listAuditEvents(database.db, {
    accountId: marie.id,
    types: ['helpdesk.activationFailed'],
  });
  assert.deepEqual(
    failures.map((e) => e.details.reason),
    ['used', 'used', 'expired'],
  );
  await fixture.identity.settleAudit();
  assert.equal(
    (await listAuditEvents(database.db, { types: ['helpdesk.activationUsed'] })).length,
    1,
    'one activation',
  );
});

test('the validity is a setting', async (t) => {
  const fixture = await openHelpdeskFixture(t, { VERCORS_HELPDESK_ACTIVATION_CODE_VALIDITY: '2h' });
  const { expiresAt } = await issue(fixture);
  assert.equal(expiresAt.getTime() - fixture.clock.nowMs(), 2 * 3_600_000);
  fixture.clock.advance(90 * 60_000);
  const { code } = await issue(fixture);
  fixture.clock.advance(90 * 60_000);
  assert.equal(
    (await fixture.identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN)).outcome,
    'activated',
  );
});

test('wrong codes and unknown addresses answer alike; a weak password leaves the code unused', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, database, marie } = fixture;
  const { code } = await issue(fixture);
  const refused = { outcome: 'refused', reason: 'invalidCode' };
  assert.deepEqual(
    await identity.activateWithCode(MARIE.email, 'ABCD-EFGH-JKMN', NEW_PASSWORD, ORIGIN),
    refused,
  );
  assert.deepEqual(await identity.activateWithCode(MARIE.email, 'not a code', NEW_PASSWORD, ORIGIN), refused);
  assert.deepEqual(await identity.activateWithCode('nobody@ac-test.fr', code, NEW_PASSWORD, ORIGIN), refused);
  assert.deepEqual(await identity.activateWithCode('not an address', code, NEW_PASSWORD, ORIGIN), refused);
  await refusedWith(
    identity.activateWithCode(MARIE.email, code, 'court', ORIGIN),
    'invalid',
    'passwordTooShort',
  );
  await refusedWith(
    identity.activateWithCode(MARIE.email, code, 'marie.martin2026', ORIGIN),
    'invalid',
    'passwordTooPersonal',
  );
  assert.equal(
    (await identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN)).outcome,
    'activated',
  );
  // Audited for the existing account only: two wrong codes.
  await fixture.identity.settleAudit();
  const failures = await listAuditEvents(database.db, { types: ['helpdesk.activationFailed'] });
  assert.deepEqual(
    failures.map((e) => [e.subject?.accountId, e.details.reason]),
    [
      [marie.id, 'wrongCode'],
      [marie.id, 'wrongCode'],
    ],
  );
});

test('a disabled account cannot be activated, even with a code issued before', async (t) => {
  const fixture = await openHelpdeskFixture(t);
  const { identity, database, marie } = fixture;
  const { code } = await issue(fixture);
  await database.write((tx) =>
    tx.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', marie.id).execute(),
  );
  const result = await identity.activateWithCode(MARIE.email, code, NEW_PASSWORD, ORIGIN);
  assert.deepEqual(result, { outcome: 'refused', reason: 'invalidCode' });
  const row = await database.db.selectFrom('activation_codes').select('used_at').executeTakeFirstOrThrow();
  assert.equal(row.used_at, null, 'not spent');
});

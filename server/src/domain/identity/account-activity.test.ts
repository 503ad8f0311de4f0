import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVITY_RESOLUTION_MS } from './account-activity.ts';
import { openIdentityFixture, withDomainAndSchool, type IdentityFixture } from './identity.fixture.ts';
import { totpCode } from './second-factor/second-factor.fixture.ts';

const CLAIRE = 'claire.bernard@ac-test.fr';
const PASSWORD = 'cheval-agrafe-lune-42';
const HOME = '203.0.113.9';
const SCHOOL = '192.0.2.40';
const HOUR = 3_600_000;
const login = {
  email: CLAIRE,
  password: PASSWORD,
  isSharedComputer: false,
  remoteAddress: HOME,
  userAgent: 'Firefox',
};
const request = (protocol: 'imap' | 'smtp' | 'jmap' | 'dav') => ({ protocol, remoteAddress: HOME }) as const;

async function withClaire(fixture: IdentityFixture) {
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({ email: CLAIRE, displayName: 'Claire Bernard' });
  await fixture.identity.setPassword(CLAIRE, PASSWORD);
  return account;
}

/** Claire's last activity as stored, in ms. */
async function lastActivity(fixture: IdentityFixture): Promise<number | undefined> {
  return (await fixture.identity.findAccount(CLAIRE))?.lastActivityAt?.getTime();
}

test('a new account starts its activity at creation', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  assert.deepEqual(claire.lastActivityAt, fixture.clock.now());
});

test('protocol logins count as activity, written at most once an hour; failures do not count', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const created = fixture.clock.nowMs();
  const phone = await fixture.identity.createAppPassword(claire.id, { name: 'Phone', scope: 'all' }, {});

  fixture.clock.advance(2 * HOUR);
  assert.equal(
    (await fixture.identity.verifyProtocolLogin(CLAIRE, 'wrong password', request('imap'))).ok,
    false,
  );
  assert.equal(await lastActivity(fixture), created, 'a failed login is not activity');
  const byPassword = await fixture.identity.verifyProtocolLogin(CLAIRE, PASSWORD, request('imap'));
  assert.ok(byPassword.ok);
  assert.deepEqual(
    byPassword.account.lastActivityAt,
    fixture.clock.now(),
    'the account handed back is current',
  );
  const first = fixture.clock.nowMs();
  assert.equal(await lastActivity(fixture), first);

  // Within the hour: nothing is written, whatever the protocol.
  fixture.clock.advance(ACTIVITY_RESOLUTION_MS - 60_000);
  assert.ok((await fixture.identity.verifyProtocolLogin(CLAIRE, phone.secret, request('smtp'))).ok);
  assert.ok((await fixture.identity.verifyBearerToken(phone.secret, request('jmap'))).ok);
  assert.equal(await lastActivity(fixture), first);

  // An hour on: an app password (SMTP AUTH), then a Bearer token (JMAP) an hour later again.
  fixture.clock.advance(60_000);
  assert.ok((await fixture.identity.verifyProtocolLogin(CLAIRE, phone.secret, request('smtp'))).ok);
  assert.equal(await lastActivity(fixture), fixture.clock.nowMs());
  fixture.clock.advance(HOUR);
  assert.ok((await fixture.identity.verifyBearerToken(phone.secret, request('dav'))).ok);
  assert.equal(await lastActivity(fixture), fixture.clock.nowMs());
});

test('a web sign-in and the use of a signed-in session count as activity', async (t) => {
  const fixture = await openIdentityFixture(t, { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' });
  await withClaire(fixture);
  fixture.clock.advance(2 * HOUR);
  assert.equal(
    (await fixture.identity.loginWithPassword({ ...login, password: 'wrong' })).outcome,
    'refused',
  );
  assert.notEqual(await lastActivity(fixture), fixture.clock.nowMs(), 'a refused login is not activity');

  const signedIn = await fixture.identity.loginWithPassword(login);
  assert.equal(signedIn.outcome, 'signedIn');
  if (signedIn.outcome !== 'signedIn') return;
  assert.deepEqual(signedIn.account.lastActivityAt, fixture.clock.now());
  assert.equal(await lastActivity(fixture), fixture.clock.nowMs());

  // The web app keeps the session alive for hours without a new login: each hour of use counts.
  const signedInAt = fixture.clock.nowMs();
  fixture.clock.advance(30 * 60_000);
  assert.ok(await fixture.identity.resumeWebSession(signedIn.token));
  assert.equal(await lastActivity(fixture), signedInAt, 'within the hour, not written');
  fixture.clock.advance(31 * 60_000);
  const resumed = await fixture.identity.resumeWebSession(signedIn.token);
  assert.deepEqual(resumed?.account.lastActivityAt, fixture.clock.now());
  assert.equal(await lastActivity(fixture), fixture.clock.nowMs());
});

test('a password waiting for its second factor is not activity; completing the second factor is', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withClaire(fixture);
  await fixture.identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, {});
  // Claire sets an authenticator app up from her school (signed in there without one, by the staff rule).
  const atSchool = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  assert.equal(atSchool.outcome, 'signedIn');
  if (atSchool.outcome !== 'signedIn') return;
  const enrolment = await fixture.identity.startTotpSetup(atSchool.account, 'Académie de Test');
  await fixture.identity.confirmTotpSetup(
    atSchool.token,
    {
      enrolmentId: enrolment.enrolmentId,
      code: totpCode(enrolment.secret, fixture.clock.nowMs()),
      label: 'Téléphone',
    },
    { remoteAddress: SCHOOL },
  );
  const before = await lastActivity(fixture);

  fixture.clock.advance(2 * HOUR);
  const pending = await fixture.identity.loginWithPassword(login);
  assert.equal(pending.outcome, 'secondFactor');
  if (pending.outcome !== 'secondFactor') return;
  assert.equal((await fixture.identity.resumeWebSession(pending.token))?.session.state, 'pending');
  assert.equal(await lastActivity(fixture), before, 'the password alone is not the person');

  const done = await fixture.identity.completeSecondFactor(
    pending.token,
    { method: 'totp', code: totpCode(enrolment.secret, fixture.clock.nowMs()) },
    { relyingParty: { rpId: 'localhost', expectedOrigins: ['http://localhost'] }, remoteAddress: HOME },
  );
  assert.equal(done.outcome, 'signedIn');
  assert.equal(await lastActivity(fixture), fixture.clock.nowMs());
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import {
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
  type IdentityFixture,
} from './identity.fixture.ts';
import { csrfTokenFor, isCsrfTokenValid } from './session-token.ts';

const CLAIRE = 'claire.bernard@ac-test.fr';
const PASSWORD = 'cheval-agrafe-lune-42';
const HOME = '203.0.113.9';
const SCHOOL = '192.0.2.40';
const login = {
  email: CLAIRE,
  password: PASSWORD,
  isSharedComputer: false,
  remoteAddress: HOME,
  userAgent: 'Firefox',
};
const MINUTE = 60_000;

async function withClaire(fixture: IdentityFixture) {
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({ email: CLAIRE, displayName: 'Claire Bernard' });
  await fixture.identity.setPassword(CLAIRE, PASSWORD);
  return account;
}

// Staff without a second factor sign in from anywhere when their rule only asks for one they set up.
const WHEN_ENROLLED = { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' };

test('a right password signs in; the session resumes, is listed and audited; a wrong one is refused', async (t) => {
  const fixture = await openIdentityFixture(t, WHEN_ENROLLED);
  const claire = await withClaire(fixture);
  const result = await fixture.identity.loginWithPassword(login);
  assert.equal(result.outcome, 'signedIn');
  if (result.outcome !== 'signedIn') return;
  assert.equal(result.session.state, 'active');
  assert.equal(result.session.secondFactor, 'notRequired');
  assert.equal(
    result.session.idleExpiresAt.getTime() - fixture.clock.now().getTime(),
    fixture.settings.sessionIdleTimeout,
  );
  const resumed = await fixture.identity.resumeWebSession(result.token);
  assert.equal(resumed?.account.id, claire.id);
  assert.equal(resumed?.session.id, result.session.id);
  assert.deepEqual(
    (await fixture.identity.listWebSessions(claire.id)).map((s) => [s.id, s.userAgent, s.remoteAddress]),
    [[result.session.id, 'Firefox', HOME]],
  );
  const rows = await fixture.database.db.selectFrom('web_sessions').selectAll().execute();
  assert.ok(!JSON.stringify(rows).includes(result.token), 'only a hash of the token is stored');

  assert.deepEqual(await fixture.identity.loginWithPassword({ ...login, password: 'not-the-password' }), {
    outcome: 'refused',
    reason: 'invalid',
  });
  assert.deepEqual(await fixture.identity.loginWithPassword({ ...login, email: 'nobody@ac-test.fr' }), {
    outcome: 'refused',
    reason: 'invalid',
  });
  await fixture.identity.settleAudit();
  const events = await listAuditEvents(fixture.database.db, { accountId: claire.id });
  assert.deepEqual(
    events.map((e) => [e.type, e.details.reason ?? e.details.secondFactor]),
    [
      ['account.created', undefined],
      ['password.changed', undefined],
      ['login.succeeded', 'notRequired'],
      ['login.failed', 'password'],
    ],
  );
});

test('a suspended account is refused like a wrong password, and its sessions stop working', async (t) => {
  const fixture = await openIdentityFixture(t, WHEN_ENROLLED);
  const claire = await withClaire(fixture);
  const result = await fixture.identity.loginWithPassword(login);
  assert.equal(result.outcome, 'signedIn');
  if (result.outcome !== 'signedIn') return;
  await fixture.identity.suspendAccount(CLAIRE, 'departure');
  assert.equal(await fixture.identity.resumeWebSession(result.token), undefined);
  assert.deepEqual(await fixture.identity.loginWithPassword(login), {
    outcome: 'refused',
    reason: 'invalid',
  });
  await fixture.identity.settleAudit();
  const [failure] = await listAuditEvents(fixture.database.db, {
    accountId: claire.id,
    types: ['login.failed'],
  });
  assert.equal(failure?.details.reason, 'suspended');
});

test('idle and absolute timeouts end sessions; use within the idle time keeps one alive', async (t) => {
  const fixture = await openIdentityFixture(t, WHEN_ENROLLED);
  await withClaire(fixture);
  const normal = await fixture.identity.loginWithPassword(login);
  const shared = await fixture.identity.loginWithPassword({ ...login, isSharedComputer: true });
  assert.ok(normal.outcome === 'signedIn' && shared.outcome === 'signedIn');
  if (normal.outcome !== 'signedIn' || shared.outcome !== 'signedIn') return;
  assert.equal(shared.session.isSharedComputer, true);

  fixture.clock.advance(fixture.settings.sessionSharedIdleTimeout - MINUTE);
  assert.ok(await fixture.identity.resumeWebSession(shared.token), 'still within the shared idle time');
  fixture.clock.advance(fixture.settings.sessionSharedIdleTimeout - MINUTE);
  assert.ok(await fixture.identity.resumeWebSession(shared.token), 'the last use counts, not the login');
  fixture.clock.advance(fixture.settings.sessionSharedIdleTimeout);
  assert.equal(await fixture.identity.resumeWebSession(shared.token), undefined, 'idle on a shared computer');
  assert.ok(await fixture.identity.resumeWebSession(normal.token), 'the normal session lives longer');

  // Used every hour, the normal session still ends at its absolute timeout.
  let elapsed =
    2 * fixture.settings.sessionSharedIdleTimeout - 2 * MINUTE + fixture.settings.sessionSharedIdleTimeout;
  while (elapsed + 60 * MINUTE < fixture.settings.sessionAbsoluteTimeout) {
    fixture.clock.advance(60 * MINUTE);
    elapsed += 60 * MINUTE;
    assert.ok(await fixture.identity.resumeWebSession(normal.token));
  }
  fixture.clock.advance(fixture.settings.sessionAbsoluteTimeout - elapsed);
  assert.equal(await fixture.identity.resumeWebSession(normal.token), undefined);
});

test('logout, revoking one session and revoking all others', async (t) => {
  const fixture = await openIdentityFixture(t, WHEN_ENROLLED);
  const claire = await withClaire(fixture);
  const sessions = [];
  for (const agent of ['Firefox', 'Safari iPhone', 'Chrome']) {
    const result = await fixture.identity.loginWithPassword({ ...login, userAgent: agent });
    assert.equal(result.outcome, 'signedIn');
    if (result.outcome === 'signedIn') sessions.push(result);
    fixture.clock.advance(MINUTE);
  }
  const [firefox, safari, chrome] = sessions;
  assert.ok(firefox && safari && chrome);
  const origin = { actor: { accountId: claire.id, email: CLAIRE }, remoteAddress: HOME };

  await fixture.identity.endWebSession(firefox.token, origin);
  assert.equal(await fixture.identity.resumeWebSession(firefox.token), undefined);
  await fixture.identity.endWebSession(firefox.token, origin);

  await refusedWith(
    fixture.identity.revokeWebSession('another-account', safari.session.id, origin),
    'notFound',
  );
  await fixture.identity.revokeWebSession(claire.id, safari.session.id, origin);
  assert.equal(await fixture.identity.resumeWebSession(safari.token), undefined);

  const fourth = await fixture.identity.loginWithPassword(login);
  assert.equal(fourth.outcome, 'signedIn');
  if (fourth.outcome !== 'signedIn') return;
  assert.equal(await fixture.identity.revokeAllWebSessions(claire.id, origin, fourth.session.id), 1);
  assert.equal(await fixture.identity.resumeWebSession(chrome.token), undefined);
  assert.ok(await fixture.identity.resumeWebSession(fourth.token), 'the current session stays');
  await fixture.identity.settleAudit();
  const types = (await listAuditEvents(fixture.database.db, { accountId: claire.id }))
    .map((e) => e.type)
    .filter((type) => type.startsWith('session.'));
  assert.deepEqual(types, ['session.ended', 'session.revoked', 'session.revoked']);
});

test('from a trusted network the staff rule skips the second factor; elsewhere it is owed', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withClaire(fixture);
  await fixture.identity.addTrustedNetwork(
    { cidr: '192.0.2.0/24', establishmentUai: '0380027Y', label: 'Lycée' },
    {},
  );
  const atSchool = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  assert.equal(atSchool.outcome, 'signedIn');
  if (atSchool.outcome === 'signedIn') assert.equal(atSchool.session.secondFactor, 'trustedNetwork');
  // Claire has no second factor: from home she must set one up first, at school or with the helpdesk.
  assert.deepEqual(await fixture.identity.loginWithPassword(login), {
    outcome: 'refused',
    reason: 'secondFactorNotEnrolled',
  });
});

test('an administrator without a second factor gets an enrolment session on a trusted network only', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withClaire(fixture);
  await fixture.identity.grantRole(CLAIRE, 'admin');
  await fixture.identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, {});
  const atSchool = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  assert.equal(atSchool.outcome, 'enrol');
  if (atSchool.outcome !== 'enrol') return;
  assert.equal(atSchool.session.state, 'enrolment');
  assert.equal(
    atSchool.session.idleExpiresAt.getTime() - fixture.clock.now().getTime(),
    5 * MINUTE,
    'a short-lived session',
  );
  assert.deepEqual(await fixture.identity.loginWithPassword(login), {
    outcome: 'refused',
    reason: 'secondFactorNotEnrolled',
  });
  // Activation rotates the token: the enrolment token stops working (no session fixation).
  const active = await fixture.identity.activateWebSession(atSchool.token, 'totp');
  assert.notEqual(active.token, atSchool.token);
  assert.equal(await fixture.identity.resumeWebSession(atSchool.token), undefined);
  assert.equal((await fixture.identity.resumeWebSession(active.token))?.session.state, 'active');
  await refusedWith(fixture.identity.activateWebSession(atSchool.token, 'totp'), 'notFound');
});

test('the CSRF token belongs to one session token', () => {
  const token = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const other = 'BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  assert.ok(isCsrfTokenValid(token, csrfTokenFor(token)));
  assert.ok(!isCsrfTokenValid(other, csrfTokenFor(token)));
  assert.ok(!isCsrfTokenValid(token, undefined));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import {
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
  type IdentityFixture,
} from './identity.fixture.ts';
import { totpCode } from './second-factor/second-factor.fixture.ts';
import {
  createSoftwareAuthenticator,
  TEST_ORIGIN,
  TEST_RP_ID,
} from './second-factor/software-authenticator.fixture.ts';
import { MAX_SECOND_FACTOR_FAILURES } from './web-second-factor.ts';

const CLAIRE = 'claire.bernard@ac-test.fr';
const PASSWORD = 'cheval-agrafe-lune-42';
const HOME = '203.0.113.9';
const SCHOOL = '192.0.2.40';
const RP = { rpId: TEST_RP_ID, expectedOrigins: [TEST_ORIGIN] };
const login = {
  email: CLAIRE,
  password: PASSWORD,
  isSharedComputer: false,
  remoteAddress: HOME,
  userAgent: 'Firefox',
};

async function withClaire(fixture: IdentityFixture) {
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({ email: CLAIRE, displayName: 'Claire Bernard' });
  await fixture.identity.setPassword(CLAIRE, PASSWORD);
  await fixture.identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, {});
  return account;
}

/** Claire sets up an authenticator app from her school (an enrolment session); returns its secret. */
async function enrolFromSchool(fixture: IdentityFixture) {
  const first = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  assert.equal(first.outcome, 'signedIn', 'the staff rule lets the school network in without one');
  if (first.outcome !== 'signedIn') throw new Error('unreachable');
  const enrolment = await fixture.identity.startTotpSetup(first.account, 'Académie de Test');
  assert.match(enrolment.otpauthUri, /^otpauth:\/\/totp\//);
  const setup = await fixture.identity.confirmTotpSetup(
    first.token,
    {
      enrolmentId: enrolment.enrolmentId,
      code: totpCode(enrolment.secret, fixture.clock.nowMs()),
      label: 'Téléphone',
    },
    { remoteAddress: SCHOOL },
  );
  assert.equal(setup.recoveryCodes?.length, 10, 'the first factor comes with recovery codes');
  assert.equal(setup.activated, undefined, 'an active session stays as it is');
  return { secret: enrolment.secret, recoveryCodes: setup.recoveryCodes ?? [] };
}

test('from home, a right password then a TOTP code signs in under a new token', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  const { secret } = await enrolFromSchool(fixture);
  fixture.clock.advance(60_000);

  const first = await fixture.identity.loginWithPassword(login);
  assert.equal(first.outcome, 'secondFactor');
  if (first.outcome !== 'secondFactor') return;
  assert.equal((await fixture.identity.resumeWebSession(first.token))?.session.state, 'pending');

  const wrong = await fixture.identity.completeSecondFactor(
    first.token,
    { method: 'totp', code: '000000' },
    { relyingParty: RP, remoteAddress: HOME },
  );
  assert.deepEqual(wrong, { outcome: 'refused', reason: 'wrong' });
  const right = await fixture.identity.completeSecondFactor(
    first.token,
    { method: 'totp', code: totpCode(secret, fixture.clock.nowMs()) },
    { relyingParty: RP, remoteAddress: HOME },
  );
  assert.equal(right.outcome, 'signedIn');
  if (right.outcome !== 'signedIn') return;
  assert.notEqual(right.token, first.token);
  assert.equal(right.session.secondFactor, 'totp');
  assert.equal(await fixture.identity.resumeWebSession(first.token), undefined, 'the pending token is gone');
  assert.equal((await fixture.identity.resumeWebSession(right.token))?.session.state, 'active');

  await fixture.identity.settleAudit();
  const types = (await listAuditEvents(fixture.database.db, { accountId: claire.id })).map((e) => e.type);
  assert.deepEqual(types, [
    'account.created',
    'password.changed',
    'login.succeeded',
    'secondFactor.added',
    'recoveryCodes.generated',
    'login.secondFactorFailed',
    'login.succeeded',
  ]);
});

test('too many wrong codes end the pending session; the password is asked again', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withClaire(fixture);
  await enrolFromSchool(fixture);
  const first = await fixture.identity.loginWithPassword(login);
  assert.equal(first.outcome, 'secondFactor');
  if (first.outcome !== 'secondFactor') return;
  const context = { relyingParty: RP, remoteAddress: HOME };
  for (let attempt = 1; attempt < MAX_SECOND_FACTOR_FAILURES; attempt++) {
    assert.deepEqual(
      await fixture.identity.completeSecondFactor(first.token, { method: 'totp', code: '123456' }, context),
      {
        outcome: 'refused',
        reason: 'wrong',
      },
    );
  }
  assert.deepEqual(
    await fixture.identity.completeSecondFactor(
      first.token,
      { method: 'recoveryCode', code: 'aaaa-bbbb-cccc' },
      context,
    ),
    {
      outcome: 'refused',
      reason: 'ended',
    },
  );
  assert.equal(await fixture.identity.resumeWebSession(first.token), undefined);
});

test('a recovery code signs in once and says how many are left', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withClaire(fixture);
  const { recoveryCodes } = await enrolFromSchool(fixture);
  const code = recoveryCodes[0] ?? '';
  const context = { relyingParty: RP, remoteAddress: HOME };
  const first = await fixture.identity.loginWithPassword(login);
  if (first.outcome !== 'secondFactor') throw new Error(first.outcome);
  const used = await fixture.identity.completeSecondFactor(
    first.token,
    { method: 'recoveryCode', code: code.toUpperCase() },
    context,
  );
  assert.equal(used.outcome, 'signedIn');
  if (used.outcome === 'signedIn') assert.equal(used.recoveryCodesLeft, 9);
  const again = await fixture.identity.loginWithPassword(login);
  if (again.outcome !== 'secondFactor') throw new Error(again.outcome);
  assert.deepEqual(
    await fixture.identity.completeSecondFactor(again.token, { method: 'recoveryCode', code }, context),
    {
      outcome: 'refused',
      reason: 'wrong',
    },
  );
});

test('an administrator enrols a passkey in an enrolment session, then signs in with it from home', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  await fixture.identity.grantRole(CLAIRE, 'admin');
  const enrol = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  assert.equal(enrol.outcome, 'enrol');
  if (enrol.outcome !== 'enrol') return;
  const authenticator = createSoftwareAuthenticator();
  const creation = await fixture.identity.startPasskeySetup(enrol.account, { ...RP, rpName: 'Vercors' });
  const setup = await fixture.identity.confirmPasskeySetup(
    enrol.token,
    {
      response: authenticator.register(creation as Parameters<typeof authenticator.register>[0]),
      label: 'Clé USB',
    },
    RP,
    { remoteAddress: SCHOOL },
  );
  assert.equal(setup.factor.kind, 'passkey');
  assert.ok(setup.activated, 'the enrolment session became active');
  assert.equal(setup.activated?.session.secondFactor, 'passkey');
  assert.equal(await fixture.identity.resumeWebSession(enrol.token), undefined, 'under a new token');

  const away = await fixture.identity.loginWithPassword(login);
  assert.equal(away.outcome, 'secondFactor');
  if (away.outcome !== 'secondFactor') return;
  const request = await fixture.identity.passkeyLoginOptions(away.token, RP);
  assert.ok(request);
  const signedIn = await fixture.identity.completeSecondFactor(
    away.token,
    {
      method: 'passkey',
      response: authenticator.authenticate(request as Parameters<typeof authenticator.authenticate>[0]),
    },
    { relyingParty: RP, remoteAddress: HOME },
  );
  assert.equal(signedIn.outcome, 'signedIn');
  await fixture.identity.settleAudit();
  assert.deepEqual(
    (await listAuditEvents(fixture.database.db, { accountId: claire.id, types: ['login.succeeded'] })).map(
      (e) => e.details.secondFactor,
    ),
    ['passkey'],
  );
});

test('sensitive changes: reauthentication, removal and new recovery codes are audited', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  await enrolFromSchool(fixture);
  const session = await fixture.identity.loginWithPassword({ ...login, remoteAddress: SCHOOL });
  if (session.outcome !== 'signedIn') throw new Error(session.outcome);
  fixture.clock.advance(30 * 60_000);
  assert.equal(await fixture.identity.reauthenticate(session.token, 'not-it-at-all'), false);
  assert.equal(await fixture.identity.reauthenticate(session.token, PASSWORD), true);
  assert.deepEqual(
    (await fixture.identity.resumeWebSession(session.token))?.session.authenticatedAt,
    fixture.clock.now(),
  );

  const origin = { actor: { accountId: claire.id, email: CLAIRE }, remoteAddress: SCHOOL };
  const codes = await fixture.identity.regenerateRecoveryCodes(claire.id, origin);
  assert.equal(codes.length, 10);
  const [factor] = (await fixture.identity.listSecondFactors(claire.id)).factors;
  assert.ok(factor);
  const removed = await fixture.identity.removeSecondFactor(claire.id, factor.id, origin);
  assert.equal(removed.hasSecondFactor, false);
  await refusedWith(fixture.identity.removeSecondFactor(claire.id, factor.id, origin), 'notFound');
  await fixture.identity.settleAudit();
  const events = await listAuditEvents(fixture.database.db, {
    accountId: claire.id,
    types: ['recoveryCodes.generated', 'secondFactor.removed'],
  });
  assert.deepEqual(
    events.map((e) => [e.type, e.details.reason ?? e.details.kind]),
    [
      ['recoveryCodes.generated', 'firstFactor'],
      ['recoveryCodes.generated', 'regenerated'],
      ['secondFactor.removed', 'totp'],
    ],
  );
  // With no factor left, protocol clients may use the password again (the staff rule allows it).
  assert.ok(
    (await fixture.identity.verifyProtocolLogin(CLAIRE, PASSWORD, { protocol: 'imap', remoteAddress: HOME }))
      .ok,
  );
});

test('with a second factor, protocol clients must use app passwords', async (t) => {
  const fixture = await openIdentityFixture(t);
  const claire = await withClaire(fixture);
  await enrolFromSchool(fixture);
  const imap = { protocol: 'imap', remoteAddress: HOME } as const;
  assert.deepEqual(await fixture.identity.verifyProtocolLogin(CLAIRE, PASSWORD, imap), {
    ok: false,
    reason: 'appPasswordRequired',
  });
  const { secret } = await fixture.identity.createAppPassword(
    claire.id,
    { name: 'iPhone', scope: 'mail' },
    {},
  );
  assert.ok((await fixture.identity.verifyProtocolLogin(CLAIRE, secret, imap)).ok);
});

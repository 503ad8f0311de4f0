import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeAllSecondFactors } from './factor-removal.ts';
import {
  advanceSteps,
  changesOf,
  enrolTotp,
  openSecondFactorFixture,
  refusedWith,
  totpCode,
} from './second-factor.fixture.ts';
import { SECOND_FACTOR_LIMITS } from './second-factor.ts';
import { createSoftwareAuthenticator, TEST_ORIGIN, TEST_RP_ID } from './software-authenticator.fixture.ts';

const NAMES = { rpId: TEST_RP_ID, rpName: 'Vercors', userName: 'marie', userDisplayName: 'Marie' };

test('only the account that owns a factor can remove it', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { factorId } = await enrolTotp(fixture);
  await refusedWith(
    fixture.service.removeFactor(fixture.otherAccountId, factorId),
    'notFound',
    'factorNotFound',
  );
  await refusedWith(
    fixture.service.removeFactor(fixture.accountId, 'f-unknown'),
    'notFound',
    'factorNotFound',
  );
  assert.equal(await fixture.service.hasSecondFactor(fixture.accountId), true);
});

test('the recovery codes go with the last factor, not before', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const phone = await enrolTotp(fixture, accountId, 'téléphone');
  const tablet = await enrolTotp(fixture, accountId, 'tablette');
  const codes = await service.generateRecoveryCodes(accountId);
  const before = await changesOf(fixture.database, accountId);

  const first = await service.removeFactor(accountId, phone.factorId);
  assert.deepEqual(
    {
      kind: first.factor.kind,
      label: first.factor.label,
      codes: first.recoveryCodesDeleted,
      left: first.hasSecondFactor,
    },
    { kind: 'totp', label: 'téléphone', codes: 0, left: true },
  );
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 10);

  const last = await service.removeFactor(accountId, tablet.factorId);
  assert.equal(last.recoveryCodesDeleted, 10);
  assert.equal(last.hasSecondFactor, false);
  assert.deepEqual(await service.listFactors(accountId), { factors: [], recoveryCodesLeft: 0 });
  assert.equal(await service.useRecoveryCode(accountId, codes[0] ?? ''), false);
  assert.equal((await changesOf(fixture.database, accountId)).length, before.length + 2);
});

test('the helpdesk removes everything in its own transaction: factors, codes, enrolments, challenges', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId, otherAccountId } = fixture;
  const { secret } = await enrolTotp(fixture);
  const authenticator = createSoftwareAuthenticator();
  const options = await service.startPasskeyRegistration(accountId, NAMES);
  await service.finishPasskeyRegistration(accountId, authenticator.register(options), {
    rpId: TEST_RP_ID,
    expectedOrigins: [TEST_ORIGIN],
    label: 'clé',
  });
  await service.generateRecoveryCodes(accountId);
  await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' });
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  await enrolTotp(fixture, otherAccountId);
  const before = await changesOf(fixture.database, accountId);

  // A rollback takes the removal back with the rest of the helpdesk's work.
  await assert.rejects(
    fixture.database.write(async (tx) => {
      await removeAllSecondFactors(tx, accountId);
      throw new Error('identity check failed');
    }),
    /identity check failed/,
  );
  assert.equal(await service.hasSecondFactor(accountId), true);

  const removed = await fixture.database.write((tx) => removeAllSecondFactors(tx, accountId));
  assert.deepEqual(removed, { totpFactors: 1, passkeys: 1, recoveryCodes: 10 });
  assert.deepEqual(await service.listFactors(accountId), { factors: [], recoveryCodesLeft: 0 });
  for (const table of ['totp_enrolments', 'webauthn_challenges'] as const) {
    const rows = await fixture.database.db
      .selectFrom(table)
      .select('account_id')
      .where('account_id', '=', accountId)
      .execute();
    assert.deepEqual(rows, [], table);
  }
  assert.equal((await changesOf(fixture.database, accountId)).length, before.length + 1);
  advanceSteps(fixture, 2);
  assert.equal(await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs())), undefined);
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(request), {
      rpId: TEST_RP_ID,
      expectedOrigins: [TEST_ORIGIN],
    }),
    undefined,
  );
  // Nothing to remove: no change recorded. The other account kept its factor.
  assert.deepEqual(await fixture.database.write((tx) => removeAllSecondFactors(tx, accountId)), {
    totpFactors: 0,
    passkeys: 0,
    recoveryCodes: 0,
  });
  assert.equal((await changesOf(fixture.database, accountId)).length, before.length + 1);
  assert.equal(await service.hasSecondFactor(otherAccountId), true);
});

test('expired enrolments and challenges are purged, live ones kept', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId, otherAccountId } = fixture;
  const minute = 60_000;
  assert.equal(SECOND_FACTOR_LIMITS.challengeMs, 5 * minute);
  assert.equal(SECOND_FACTOR_LIMITS.totpEnrolmentMs, 10 * minute);
  await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' }); // until 10 min
  await service.startPasskeyAuthentication(otherAccountId, { rpId: TEST_RP_ID }); // until 5 min
  fixture.clock.advance(5 * minute);
  assert.equal(await service.purgeExpired(), 1, "Paul's challenge");
  fixture.clock.advance(1 * minute);
  await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID }); // until 11 min
  fixture.clock.advance(4 * minute);
  assert.equal(await service.purgeExpired(), 1, "Marie's enrolment");
  fixture.clock.advance(1 * minute);
  assert.equal(await service.purgeExpired(), 1, "Marie's challenge");
  assert.equal(await service.purgeExpired(), 0);
});

test('deleting the account deletes its second factors', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  await enrolTotp(fixture);
  await fixture.service.generateRecoveryCodes(fixture.accountId);
  await fixture.database.write(async (tx) => {
    await tx.db.deleteFrom('accounts').where('id', '=', fixture.accountId).execute();
  });
  const left = await fixture.database.db.selectFrom('recovery_codes').select('account_id').execute();
  assert.deepEqual(left, []);
  assert.equal(await fixture.service.hasSecondFactor(fixture.accountId), false);
});

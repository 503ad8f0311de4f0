import assert from 'node:assert/strict';
import { test } from 'node:test';
import { URI } from 'otpauth';
import { hasSecondFactor } from './factor-queries.ts';
import {
  advanceSteps,
  changesOf,
  enrolTotp,
  openSecondFactorFixture,
  refusedWith,
  totpCode,
} from './second-factor.fixture.ts';
import { SECOND_FACTOR_LIMITS } from './second-factor.ts';
import { matchTotpStep, normalizeTotpCode, totpStep } from './totp-codes.ts';

test('an authenticator app is enrolled by confirming a code from its secret', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  assert.equal(await service.hasSecondFactor(accountId), false);
  const before = await changesOf(fixture.database, accountId);

  const enrolment = await service.startTotpEnrolment(accountId, {
    issuer: 'Académie de Test',
    accountName: 'marie.martin@ac-test.fr',
  });
  assert.match(enrolment.secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
  const uri = URI.parse(enrolment.otpauthUri);
  assert.equal(uri.issuer, 'Académie de Test');
  assert.equal(uri.label, 'marie.martin@ac-test.fr');
  assert.equal(uri.secret.base32, enrolment.secret);
  assert.equal(uri.algorithm, 'SHA1');
  assert.equal(uri.digits, 6);
  assert.equal((uri as unknown as { period: number }).period, 30);
  assert.deepEqual(enrolment.expiresAt, new Date(fixture.clock.nowMs() + 10 * 60_000));
  // Pending: not a factor yet, and nothing other sessions need to hear about.
  assert.equal(await service.hasSecondFactor(accountId), false);
  assert.deepEqual(await changesOf(fixture.database, accountId), before);

  fixture.clock.advance(40_000);
  const code = totpCode(enrolment.secret, fixture.clock.nowMs());
  const factor = await service.confirmTotpEnrolment(
    accountId,
    enrolment.enrolmentId,
    `${code.slice(0, 3)} ${code.slice(3)}`,
    '  Téléphone   de Marie ',
  );
  assert.equal(factor.kind, 'totp');
  assert.equal(factor.label, 'Téléphone de Marie');
  assert.deepEqual(factor.createdAt, fixture.clock.now());
  assert.equal(factor.lastUsedAt, null);
  assert.deepEqual(await service.listFactors(accountId), { factors: [factor], recoveryCodesLeft: 0 });
  assert.equal(await service.hasSecondFactor(accountId), true);
  assert.equal(await hasSecondFactor(fixture.database.db, accountId), true);
  assert.equal(await hasSecondFactor(fixture.database.db, fixture.otherAccountId), false);
  const after = await changesOf(fixture.database, accountId);
  assert.equal(after.length, before.length + 1);
  assert.match(after.at(-1) ?? '', / updated Account$/);

  // The confirmed enrolment is gone: it cannot be confirmed twice.
  await refusedWith(
    service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, code, 'encore'),
    'notFound',
    'enrolmentNotFound',
  );
});

test('a wrong code does not confirm an enrolment, which stays pending for the right one', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const enrolment = await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' });
  const right = totpCode(enrolment.secret, fixture.clock.nowMs());
  const wrong = right === '000000' ? '000001' : '000000';
  const details = await refusedWith(
    service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, wrong, 'téléphone'),
    'invalid',
    'wrongCode',
  );
  assert.equal(details.subject, 'secondFactor');
  await refusedWith(
    service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, 'abcdef', 'téléphone'),
    'invalid',
    'wrongCode',
  );
  assert.equal(await service.hasSecondFactor(accountId), false);
  await service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, right, 'téléphone');
  assert.equal(await service.hasSecondFactor(accountId), true);
});

test('an enrolment expires after ten minutes and belongs to its account only', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const enrolment = await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' });
  await refusedWith(
    service.confirmTotpEnrolment(
      fixture.otherAccountId,
      enrolment.enrolmentId,
      totpCode(enrolment.secret, fixture.clock.nowMs()),
      'volé',
    ),
    'notFound',
    'enrolmentNotFound',
  );
  fixture.clock.advance(SECOND_FACTOR_LIMITS.totpEnrolmentMs);
  await refusedWith(
    service.confirmTotpEnrolment(
      accountId,
      enrolment.enrolmentId,
      totpCode(enrolment.secret, fixture.clock.nowMs()),
      'tard',
    ),
    'notFound',
    'enrolmentNotFound',
  );
  assert.equal(await service.hasSecondFactor(accountId), false);
});

test('an account keeps at most three pending enrolments, the newest ones', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const started = [];
  for (let index = 0; index < 4; index++) {
    started.push(await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' }));
    fixture.clock.advance(1000);
  }
  const pending = await fixture.database.db
    .selectFrom('totp_enrolments')
    .select('id')
    .where('account_id', '=', accountId)
    .execute();
  assert.deepEqual(
    pending.map((row) => row.id).sort(),
    started
      .slice(1)
      .map((enrolment) => enrolment.enrolmentId)
      .sort(),
  );
  const [oldest] = started;
  assert.ok(oldest);
  await refusedWith(
    service.confirmTotpEnrolment(
      accountId,
      oldest.enrolmentId,
      totpCode(oldest.secret, fixture.clock.nowMs()),
      'x',
    ),
    'notFound',
    'enrolmentNotFound',
  );
});

test('labels and the number of authenticator apps are bounded', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const enrolment = await service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' });
  const code = totpCode(enrolment.secret, fixture.clock.nowMs());
  for (const label of ['', '   ', 'x'.repeat(65), 'a\u0007b']) {
    await refusedWith(
      service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, code, label),
      'invalid',
      'invalidLabel',
    );
  }
  await service.confirmTotpEnrolment(accountId, enrolment.enrolmentId, code, 'é'.repeat(64));
  for (let index = 1; index < SECOND_FACTOR_LIMITS.maxTotpFactors; index++)
    await enrolTotp(fixture, accountId, `app ${index}`);
  const details = await refusedWith(
    service.startTotpEnrolment(accountId, { issuer: 'Vercors', accountName: 'marie' }),
    'limit',
    'tooManyFactors',
  );
  assert.equal(details.max, SECOND_FACTOR_LIMITS.maxTotpFactors);
  await refusedWith(
    service.startTotpEnrolment('a-nobody', { issuer: 'Vercors', accountName: 'x' }),
    'notFound',
    'accountNotFound',
  );
});

test('a code of the step before or after is accepted, two steps away it is not', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const { factorId, secret } = await enrolTotp(fixture);
  advanceSteps(fixture, 10);
  const now = fixture.clock.nowMs();
  assert.equal(
    await service.verifyTotp(accountId, totpCode(secret, now - 60_000)),
    undefined,
    'two steps late',
  );
  assert.equal(
    await service.verifyTotp(accountId, totpCode(secret, now - 30_000)),
    factorId,
    'one step late',
  );
  advanceSteps(fixture, 10);
  assert.equal(
    await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs() + 60_000)),
    undefined,
  );
  assert.equal(
    await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs() + 30_000)),
    factorId,
  );
  const [factor] = (await service.listFactors(accountId)).factors;
  assert.deepEqual(factor?.lastUsedAt, fixture.clock.now());
});

test('a code is accepted once: replays, and older steps after a newer one, are refused', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const { factorId, secret } = await enrolTotp(fixture);
  // The code that confirmed the enrolment is spent too.
  assert.equal(await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs())), undefined);

  advanceSteps(fixture, 2);
  const code = totpCode(secret, fixture.clock.nowMs());
  assert.equal(await service.verifyTotp(accountId, code), factorId);
  assert.equal(await service.verifyTotp(accountId, code), undefined, 'same code, same step');
  // Still inside the window one step later, but that step was used.
  advanceSteps(fixture, 1);
  assert.equal(await service.verifyTotp(accountId, code), undefined, 'same code, next step');
  // A later step's code (the phone is ahead) moves the mark, and the current one is then refused.
  assert.equal(
    await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs() + 30_000)),
    factorId,
  );
  assert.equal(await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs())), undefined);
  advanceSteps(fixture, 2);
  assert.equal(await service.verifyTotp(accountId, totpCode(secret, fixture.clock.nowMs())), factorId);

  const replays = fixture.logLines.filter((line) => line.includes('secondFactor.totpReplay'));
  assert.equal(replays.length, 4);
  for (const line of fixture.logLines) {
    assert.ok(!line.includes(secret), 'the secret is never logged');
    assert.ok(!line.includes(code), 'a code is never logged');
  }
});

test('two verifications of the same code at once: exactly one is accepted', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const { factorId, secret } = await enrolTotp(fixture);
  for (let round = 0; round < 3; round++) {
    advanceSteps(fixture, 1);
    const code = totpCode(secret, fixture.clock.nowMs());
    const results = await Promise.all(Array.from({ length: 4 }, () => service.verifyTotp(accountId, code)));
    assert.deepEqual(
      results.filter((result) => result !== undefined),
      [factorId],
      `round ${round}: ${JSON.stringify(results)}`,
    );
  }
});

test('any of several authenticator apps works, and a removed one no longer does', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const phone = await enrolTotp(fixture, accountId, 'téléphone');
  fixture.clock.advance(1000);
  const tablet = await enrolTotp(fixture, accountId, 'tablette');
  advanceSteps(fixture, 1);
  assert.equal(
    await service.verifyTotp(accountId, totpCode(tablet.secret, fixture.clock.nowMs())),
    tablet.factorId,
  );
  assert.equal(
    await service.verifyTotp(accountId, totpCode(phone.secret, fixture.clock.nowMs())),
    phone.factorId,
  );
  // Another account's code is not this account's.
  assert.equal(
    await service.verifyTotp(fixture.otherAccountId, totpCode(phone.secret, fixture.clock.nowMs() + 30_000)),
    undefined,
  );

  const removed = await service.removeFactor(accountId, phone.factorId);
  assert.equal(removed.factor.label, 'téléphone');
  assert.equal(removed.hasSecondFactor, true);
  advanceSteps(fixture, 2);
  assert.equal(await service.verifyTotp(accountId, totpCode(phone.secret, fixture.clock.nowMs())), undefined);
  assert.deepEqual(
    (await service.listFactors(accountId)).factors.map((factor) => factor.label),
    ['tablette'],
  );
});

test('codes are read leniently but never beyond six digits', () => {
  assert.equal(normalizeTotpCode(' 123 456 '), '123456');
  assert.equal(normalizeTotpCode('12345'), undefined);
  assert.equal(normalizeTotpCode('1234567'), undefined);
  assert.equal(normalizeTotpCode('12345a'), undefined);
  assert.equal(normalizeTotpCode('１２３４５６'), undefined, 'full-width digits are not \\d');
  assert.equal(normalizeTotpCode(`${' '.repeat(40)}123456`), undefined);
  // RFC 6238 appendix B's SHA-1 vector at T = 59 s, cut to 6 digits: 94287082 → 287082.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  assert.equal(totpStep(59_000), 1);
  assert.equal(matchTotpStep(rfcSecret, '287082', 59_000), 1);
  assert.equal(matchTotpStep(rfcSecret, '287082', 59_000 + 30_000), 1, 'one step late');
  assert.equal(matchTotpStep(rfcSecret, '287082', 59_000 + 60_000), undefined);
});

test('seeds are sealed in the database; one stored before sealing works and is sealed on its first use', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { factorId, secret } = await enrolTotp(fixture);
  const stored = async () =>
    (
      await fixture.database.db
        .selectFrom('totp_factors')
        .select('secret')
        .where('id', '=', factorId)
        .executeTakeFirstOrThrow()
    ).secret;
  assert.match(await stored(), /^sealed:v1:/);
  assert.ok(!(await stored()).includes(secret), 'the seed is not in the database in clear');
  const pending = await fixture.service.startTotpEnrolment(fixture.accountId, {
    issuer: 'Test',
    accountName: 'm',
  });
  const enrolmentRow = await fixture.database.db
    .selectFrom('totp_enrolments')
    .select('secret')
    .where('id', '=', pending.enrolmentId)
    .executeTakeFirstOrThrow();
  assert.ok(!enrolmentRow.secret.includes(pending.secret), 'nor a pending one');

  // As an older version left it: in clear.
  await fixture.database.write(({ db }) =>
    db.updateTable('totp_factors').set({ secret }).where('id', '=', factorId).execute(),
  );
  advanceSteps(fixture, 2);
  assert.equal(
    await fixture.service.verifyTotp(fixture.accountId, totpCode(secret, fixture.clock.nowMs())),
    factorId,
  );
  assert.match(await stored(), /^sealed:v1:/);
  advanceSteps(fixture, 2);
  assert.equal(
    await fixture.service.verifyTotp(fixture.accountId, totpCode(secret, fixture.clock.nowMs())),
    factorId,
  );
});

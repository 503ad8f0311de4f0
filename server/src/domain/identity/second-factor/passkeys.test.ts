import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changesOf,
  openSecondFactorFixture,
  refusedWith,
  type SecondFactorFixture,
} from './second-factor.fixture.ts';
import { SECOND_FACTOR_LIMITS } from './second-factor.ts';
import {
  createSoftwareAuthenticator,
  type SoftwareAuthenticator,
  TEST_ORIGIN,
  TEST_RP_ID,
} from './software-authenticator.fixture.ts';

const NAMES = {
  rpId: TEST_RP_ID,
  rpName: 'Messagerie académique',
  userName: 'marie.martin@ac-test.fr',
  userDisplayName: 'Marie Martin',
};
const PARTY = { rpId: TEST_RP_ID, expectedOrigins: [TEST_ORIGIN] };

// No test here may make Node print an ExperimentalWarning (STACK.md: @simplewebauthn's ML-DSA probe).
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));
test.after(() => assert.deepEqual(warnings, []));

async function register(
  fixture: SecondFactorFixture,
  authenticator: SoftwareAuthenticator,
  label = 'ordinateur',
  accountId = fixture.accountId,
) {
  const options = await fixture.service.startPasskeyRegistration(accountId, NAMES);
  return await fixture.service.finishPasskeyRegistration(accountId, authenticator.register(options), {
    ...PARTY,
    label,
  });
}

async function authenticate(
  fixture: SecondFactorFixture,
  authenticator: SoftwareAuthenticator,
  overrides: Parameters<SoftwareAuthenticator['authenticate']>[1] = {},
  accountId = fixture.accountId,
) {
  const options = await fixture.service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  return await fixture.service.finishPasskeyAuthentication(
    accountId,
    authenticator.authenticate(options, overrides),
    PARTY,
  );
}

test('a passkey is registered, then signs in as the second factor', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const before = await changesOf(fixture.database, accountId);
  const options = await service.startPasskeyRegistration(accountId, NAMES);
  assert.equal(options.rp.id, TEST_RP_ID);
  assert.equal(options.rp.name, 'Messagerie académique');
  assert.equal(options.user.name, 'marie.martin@ac-test.fr');
  assert.equal(options.user.displayName, 'Marie Martin');
  assert.equal(
    Buffer.from(options.user.id, 'base64url').toString(),
    accountId,
    'the user handle is the opaque account id',
  );
  assert.equal(options.attestation, 'none');
  assert.equal(options.authenticatorSelection?.residentKey, 'preferred');
  assert.equal(options.authenticatorSelection?.userVerification, 'preferred');
  assert.deepEqual(options.excludeCredentials, []);
  assert.deepEqual(
    options.pubKeyCredParams.map((p) => p.alg),
    [-8, -7, -257],
  );
  assert.equal(Buffer.from(options.challenge, 'base64url').length, 32);

  const authenticator = createSoftwareAuthenticator();
  const factor = await service.finishPasskeyRegistration(accountId, authenticator.register(options), {
    ...PARTY,
    label: ' Clé   USB ',
  });
  assert.equal(factor.kind, 'passkey');
  assert.equal(factor.label, 'Clé USB');
  assert.deepEqual(await service.listFactors(accountId), { factors: [factor], recoveryCodesLeft: 0 });
  assert.equal(await service.hasSecondFactor(accountId), true);
  assert.equal((await changesOf(fixture.database, accountId)).length, before.length + 1);
  const stored = await fixture.database.db.selectFrom('passkeys').selectAll().executeTakeFirstOrThrow();
  assert.equal(stored.credential_id, authenticator.credentialId);
  assert.deepEqual(JSON.parse(stored.transports), ['internal', 'hybrid'], 'unknown transports are dropped');
  assert.equal(Number(stored.sign_count), 0);

  // The next registration excludes it, so the browser does not make a second one on the same authenticator.
  const again = await service.startPasskeyRegistration(accountId, NAMES);
  assert.deepEqual(
    again.excludeCredentials?.map((c) => c.id),
    [authenticator.credentialId],
  );

  fixture.clock.advance(60_000);
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  assert.equal(request.rpId, TEST_RP_ID);
  assert.equal(request.userVerification, 'preferred');
  assert.deepEqual(request.allowCredentials, [
    { id: authenticator.credentialId, type: 'public-key', transports: ['internal', 'hybrid'] },
  ]);
  const response = authenticator.authenticate(request);
  assert.equal(await service.finishPasskeyAuthentication(accountId, response, PARTY), factor.id);
  const [used] = (await service.listFactors(accountId)).factors;
  assert.deepEqual(used?.lastUsedAt, fixture.clock.now());
  assert.equal(
    Number(
      (await fixture.database.db.selectFrom('passkeys').select('sign_count').executeTakeFirstOrThrow())
        .sign_count,
    ),
    1,
  );

  // The same response again: its challenge is spent.
  assert.equal(await service.finishPasskeyAuthentication(accountId, response, PARTY), undefined);
  assert.equal(await authenticate(fixture, authenticator), factor.id);
  for (const line of fixture.logLines)
    assert.ok(!line.includes(request.challenge), 'challenges are never logged');
});

test('a registration from another origin, for another RP id, or without the user is refused', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();
  for (const overrides of [
    { origin: 'https://evil.example' },
    { rpId: 'evil.example' },
    { isUserAbsent: true },
  ]) {
    const options = await service.startPasskeyRegistration(accountId, NAMES);
    await refusedWith(
      service.finishPasskeyRegistration(accountId, authenticator.register(options, overrides), {
        ...PARTY,
        label: 'x',
      }),
      'invalid',
      'ceremonyRefused',
    );
  }
  assert.equal(await service.hasSecondFactor(accountId), false);
  assert.equal(fixture.logLines.filter((line) => line.includes('secondFactor.passkeyRefused')).length, 3);
});

test('a registration answers one live challenge of its own account, once', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();

  // A challenge the server never gave.
  const options = await service.startPasskeyRegistration(accountId, NAMES);
  const forged = authenticator.register(options, { challenge: Buffer.alloc(32, 7).toString('base64url') });
  await refusedWith(
    service.finishPasskeyRegistration(accountId, forged, { ...PARTY, label: 'x' }),
    'invalid',
    'challengeNotFound',
  );

  // Another account's challenge.
  const paul = await service.startPasskeyRegistration(fixture.otherAccountId, NAMES);
  await refusedWith(
    service.finishPasskeyRegistration(accountId, authenticator.register(paul), { ...PARTY, label: 'x' }),
    'invalid',
    'challengeNotFound',
  );

  // An authentication challenge is not a registration one.
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  const crossed = authenticator.register({ ...options, challenge: request.challenge });
  await refusedWith(
    service.finishPasskeyRegistration(accountId, crossed, { ...PARTY, label: 'x' }),
    'invalid',
    'challengeNotFound',
  );

  // A refused response used its challenge up: the right one cannot follow it.
  await refusedWith(
    service.finishPasskeyRegistration(
      accountId,
      authenticator.register(options, { origin: 'https://evil.example' }),
      {
        ...PARTY,
        label: 'x',
      },
    ),
    'invalid',
    'ceremonyRefused',
  );
  await refusedWith(
    service.finishPasskeyRegistration(accountId, authenticator.register(options), { ...PARTY, label: 'x' }),
    'invalid',
    'challengeNotFound',
  );

  // An expired one.
  const late = await service.startPasskeyRegistration(accountId, NAMES);
  fixture.clock.advance(SECOND_FACTOR_LIMITS.challengeMs);
  await refusedWith(
    service.finishPasskeyRegistration(accountId, authenticator.register(late), { ...PARTY, label: 'x' }),
    'invalid',
    'challengeNotFound',
  );

  // An invalid label is refused before the challenge is touched, so the response can be sent again.
  const fresh = await service.startPasskeyRegistration(accountId, NAMES);
  const response = authenticator.register(fresh);
  await refusedWith(
    service.finishPasskeyRegistration(accountId, response, { ...PARTY, label: '' }),
    'invalid',
    'invalidLabel',
  );
  await service.finishPasskeyRegistration(accountId, response, { ...PARTY, label: 'portable' });

  // Sent twice at once: one registration.
  const twice = await service.startPasskeyRegistration(accountId, NAMES);
  const other = createSoftwareAuthenticator();
  const text = other.register(twice);
  const results = await Promise.allSettled([
    service.finishPasskeyRegistration(accountId, text, { ...PARTY, label: 'a' }),
    service.finishPasskeyRegistration(accountId, text, { ...PARTY, label: 'b' }),
  ]);
  assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
  assert.equal((await service.listFactors(accountId)).factors.length, 2);
});

test('a credential is registered once, and passkeys per account are bounded', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();
  await register(fixture, authenticator);
  // A browser would refuse (excludeCredentials); the server refuses too, for any account.
  await refusedWith(register(fixture, authenticator), 'exists', 'credentialExists');
  await refusedWith(
    register(fixture, authenticator, 'x', fixture.otherAccountId),
    'exists',
    'credentialExists',
  );
  for (let index = 1; index < SECOND_FACTOR_LIMITS.maxPasskeys; index++) {
    await register(fixture, createSoftwareAuthenticator(), `clé ${index}`);
  }
  await refusedWith(service.startPasskeyRegistration(accountId, NAMES), 'limit', 'tooManyFactors');
  await refusedWith(service.startPasskeyRegistration('a-nobody', NAMES), 'notFound', 'accountNotFound');
});

test('oversized and malformed responses are refused before any verification', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const options = await service.startPasskeyRegistration(accountId, NAMES);
  const huge = JSON.stringify({ padding: 'x'.repeat(SECOND_FACTOR_LIMITS.maxRegistrationResponseChars) });
  await refusedWith(
    service.finishPasskeyRegistration(accountId, huge, { ...PARTY, label: 'x' }),
    'tooBig',
    'responseTooBig',
  );
  for (const text of [
    '{',
    '[]',
    'null',
    '{"id":"a"}',
    JSON.stringify({ ...JSON.parse(createSoftwareAuthenticator().register(options)), type: 'password' }),
  ]) {
    await refusedWith(
      service.finishPasskeyRegistration(accountId, text, { ...PARTY, label: 'x' }),
      'invalid',
      'malformedResponse',
    );
  }
  // clientDataJSON that is not JSON, or has no challenge.
  const valid = JSON.parse(createSoftwareAuthenticator().register(options));
  for (const clientData of ['not json', '{}', '{"challenge":42}']) {
    valid.response.clientDataJSON = Buffer.from(clientData).toString('base64url');
    await refusedWith(
      service.finishPasskeyRegistration(accountId, JSON.stringify(valid), { ...PARTY, label: 'x' }),
      'invalid',
      'malformedResponse',
    );
  }

  const authenticator = createSoftwareAuthenticator();
  await register(fixture, authenticator);
  assert.equal(await service.finishPasskeyAuthentication(accountId, 'x'.repeat(20_000), PARTY), undefined);
  assert.equal(await service.finishPasskeyAuthentication(accountId, '{"id":1}', PARTY), undefined);
});

test('an authentication from another origin, RP id, account or key, or with a bad signature, is refused', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();
  const factor = await register(fixture, authenticator);
  assert.equal(await authenticate(fixture, authenticator, { origin: 'https://evil.example' }), undefined);
  assert.equal(await authenticate(fixture, authenticator, { rpId: 'evil.example' }), undefined);
  assert.equal(await authenticate(fixture, authenticator, { isSignatureBroken: true }), undefined);
  assert.equal(await authenticate(fixture, authenticator, { isUserAbsent: true }), undefined);
  assert.equal(
    await authenticate(fixture, createSoftwareAuthenticator()),
    undefined,
    'a key never registered',
  );
  // Paul signs with Marie's key over Paul's challenge: the credential is not Paul's.
  assert.equal(await authenticate(fixture, authenticator, {}, fixture.otherAccountId), undefined);
  // Marie's response sent for Paul: the challenge is not Paul's either.
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  assert.equal(
    await service.finishPasskeyAuthentication(
      fixture.otherAccountId,
      authenticator.authenticate(request),
      PARTY,
    ),
    undefined,
  );
  // …and the refusal did not spend Marie's challenge (it is deleted only for its own account).
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(request), PARTY),
    factor.id,
  );
});

test('an authentication challenge is single use, bounded in time, and never one the server did not give', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();
  const factor = await register(fixture, authenticator);

  assert.equal(
    await authenticate(fixture, authenticator, { challenge: Buffer.alloc(32, 1).toString('base64url') }),
    undefined,
  );

  const registration = await service.startPasskeyRegistration(accountId, NAMES);
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  assert.equal(
    await service.finishPasskeyAuthentication(
      accountId,
      authenticator.authenticate({ ...request, challenge: registration.challenge }),
      PARTY,
    ),
    undefined,
    'a registration challenge does not authenticate',
  );

  // A refused response spends its challenge: the right response cannot follow.
  const spent = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  assert.equal(
    await service.finishPasskeyAuthentication(
      accountId,
      authenticator.authenticate(spent, { origin: 'https://evil.example' }),
      PARTY,
    ),
    undefined,
  );
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(spent), PARTY),
    undefined,
  );

  const late = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  fixture.clock.advance(SECOND_FACTOR_LIMITS.challengeMs);
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(late), PARTY),
    undefined,
  );

  // Two responses to one challenge at once: one is accepted.
  const once = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  const response = authenticator.authenticate(once);
  const results = await Promise.all([
    service.finishPasskeyAuthentication(accountId, response, PARTY),
    service.finishPasskeyAuthentication(accountId, response, PARTY),
  ]);
  assert.deepEqual(
    results.filter((result) => result !== undefined),
    [factor.id],
  );

  // A start beyond the bound drops the oldest live challenge.
  const first = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  for (let index = 1; index < SECOND_FACTOR_LIMITS.maxPendingChallenges; index++) {
    fixture.clock.advance(1);
    await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  }
  fixture.clock.advance(1);
  const last = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(first), PARTY),
    undefined,
  );
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(last), PARTY),
    factor.id,
  );
});

test('a signature counter that goes backwards is refused and logged; a passkey without counter keeps working', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const key = createSoftwareAuthenticator();
  const keyFactor = await register(fixture, key, 'clé');
  assert.equal(await authenticate(fixture, key, { counter: 5 }), keyFactor.id);
  assert.equal(await authenticate(fixture, key, { counter: 3 }), undefined, 'backwards');
  assert.equal(await authenticate(fixture, key, { counter: 5 }), undefined, 'not moving');
  const regressions = fixture.logLines
    .filter((line) => line.includes('secondFactor.passkeyCounterRegression'))
    .map(
      (line) =>
        JSON.parse(line) as { level: string; factorId: string; storedCount: number; newCounter: number },
    );
  assert.deepEqual(
    regressions.map(({ level, factorId, storedCount, newCounter }) => ({
      level,
      factorId,
      storedCount,
      newCounter,
    })),
    [
      { level: 'warn', factorId: keyFactor.id, storedCount: 5, newCounter: 3 },
      { level: 'warn', factorId: keyFactor.id, storedCount: 5, newCounter: 5 },
    ],
  );
  // A bad signature with a low counter is a plain refusal, not a regression: only a real key's word counts.
  assert.equal(await authenticate(fixture, key, { counter: 1, isSignatureBroken: true }), undefined);
  assert.equal(fixture.logLines.filter((line) => line.includes('passkeyCounterRegression')).length, 2);
  assert.equal(await authenticate(fixture, key, { counter: 6 }), keyFactor.id);

  const synced = createSoftwareAuthenticator({ keepsCounter: false });
  const syncedFactor = await register(fixture, synced, 'téléphone');
  for (let index = 0; index < 3; index++) assert.equal(await authenticate(fixture, synced), syncedFactor.id);
});

test('a removed passkey no longer signs in', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  const authenticator = createSoftwareAuthenticator();
  const factor = await register(fixture, authenticator);
  const request = await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID });
  const removed = await service.removeFactor(accountId, factor.id);
  assert.deepEqual(removed, { factor, recoveryCodesDeleted: 0, hasSecondFactor: false });
  assert.equal(
    await service.finishPasskeyAuthentication(accountId, authenticator.authenticate(request), PARTY),
    undefined,
  );
  assert.deepEqual(
    (await service.startPasskeyAuthentication(accountId, { rpId: TEST_RP_ID })).allowCredentials,
    [],
  );
});

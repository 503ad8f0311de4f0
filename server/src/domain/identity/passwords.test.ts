import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox, newSecretKey } from '#core/secret-box';
import { silentLogger } from '#core/log';
import { listAuditEvents } from '#domain/audit';
import { createIdentityService } from './identity-service.ts';
import { changesOf, openIdentityFixture, refusedWith, withDomainAndSchool } from './identity.fixture.ts';

const MARIE = 'marie.martin@ac-test.fr';
const PASSWORD = 'pivoines bleues du jardin';

test('a password set by the helpdesk lets the active account log in by address or alias', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    aliases: ['mm@ac-test.fr'],
  });
  assert.equal(await fixture.identity.verifyPassword(MARIE, PASSWORD), undefined);
  fixture.clock.advance(1000);
  await fixture.identity.setPassword(MARIE, PASSWORD);
  const account = await fixture.identity.findAccount(MARIE);
  assert.equal(account?.hasPassword, true);
  assert.deepEqual(account?.passwordChangedAt, fixture.clock.now());
  assert.deepEqual(await changesOf(fixture.database, created.id), ['1 created Account', '2 updated Account']);
  assert.equal((await fixture.identity.verifyPassword(MARIE, PASSWORD))?.id, created.id);
  assert.equal((await fixture.identity.verifyPassword('MM@ac-test.fr', PASSWORD))?.id, created.id);
  assert.equal(await fixture.identity.verifyPassword(MARIE, 'pivoines bleues du jardin!'), undefined);
  const audited = await listAuditEvents(fixture.database.db, { accountId: created.id });
  assert.deepEqual(
    audited.map((event) => [event.type, event.actor, event.details]),
    [
      ['account.created', null, { establishment: null, hasPassword: false }],
      ['password.changed', null, { method: 'set' }],
    ],
    'set from the command line: the system is the actor',
  );
});

test('the same password typed composed or decomposed verifies', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    password: 'été à la montagne',
  });
  assert.ok(await fixture.identity.verifyPassword(MARIE, 'e\u0301te\u0301 a\u0300 la montagne'));
});

test('a suspended account is refused even with the right password, and accepted again once reactivated', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin', password: PASSWORD });
  await fixture.identity.suspendAccount(MARIE, 'compromission');
  assert.equal(await fixture.identity.verifyPassword(MARIE, PASSWORD), undefined);
  await fixture.identity.reactivateAccount(MARIE);
  assert.ok(await fixture.identity.verifyPassword(MARIE, PASSWORD));
});

test('an unknown address or an account without password costs one argon2 verification, like a real one', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  const before = fixture.hasher.calls.verify;
  assert.equal(await fixture.identity.verifyPassword('personne@ac-test.fr', PASSWORD), undefined);
  assert.equal(fixture.hasher.calls.verify, before + 1);
  assert.equal(await fixture.identity.verifyPassword(MARIE, PASSWORD), undefined);
  assert.equal(fixture.hasher.calls.verify, before + 2);
  assert.equal(await fixture.identity.verifyPassword('not an address', PASSWORD), undefined);
  assert.equal(fixture.hasher.calls.verify, before + 3);
  // The dummy hash is made once, not at every attempt.
  assert.equal(fixture.hasher.calls.hash, 1);
});

test('an empty or oversized password is refused before any hashing', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin', password: PASSWORD });
  const before = { ...fixture.hasher.calls };
  assert.equal(await fixture.identity.verifyPassword(MARIE, ''), undefined);
  assert.equal(await fixture.identity.verifyPassword(MARIE, 'x'.repeat(1025)), undefined);
  assert.deepEqual(fixture.hasher.calls, before);
});

test('setting a password applies the policy from the settings and needs an existing account', async (t) => {
  const fixture = await openIdentityFixture(t, { VERCORS_PASSWORD_MIN_LENGTH: '16' });
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    givenName: 'Marie',
    familyName: 'Martin',
  });
  const short = await refusedWith(
    fixture.identity.setPassword(MARIE, 'Xk3#pq9!Lm2@vb'),
    'invalid',
    'passwordTooShort',
  );
  assert.equal(short.min, 16);
  await refusedWith(fixture.identity.setPassword(MARIE, 'Azertyuiop123456!'), 'invalid', 'passwordTooCommon');
  await refusedWith(
    fixture.identity.setPassword(MARIE, 'MarieMartin2024!!'),
    'invalid',
    'passwordTooPersonal',
  );
  await refusedWith(fixture.identity.setPassword('personne@ac-test.fr', PASSWORD), 'notFound');
  assert.equal(fixture.hasher.calls.hash, 0);
});

test('a stored hash that cannot be read refuses the login instead of failing it', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    password: PASSWORD,
  });
  await fixture.database.write(async ({ db }) => {
    await db.updateTable('accounts').set({ password_hash: 'garbage' }).where('id', '=', created.id).execute();
  });
  assert.equal(await fixture.identity.verifyPassword(MARIE, PASSWORD), undefined);
});

test('each write to an account wakes its listeners with the new modseq', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const events: string[] = [];
  const unsubscribe = fixture.events.subscribe((event) =>
    events.push(`${event.modseq} ${event.types.join(',')}`),
  );
  t.after(unsubscribe);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  await fixture.identity.setPassword(MARIE, PASSWORD);
  await fixture.identity.suspendAccount(MARIE, 'test');
  assert.deepEqual(events, ['1 Account', '2 Account', '3 Account']);
});

test('raised argon2 parameters reach a password at its next login, transparently, and are never lowered', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    password: PASSWORD,
  });
  const stored = async () =>
    await fixture.database.db
      .selectFrom('accounts')
      .select(['password_hash', 'password_changed_at'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
  const before = await stored();
  assert.match(before.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

  // A node with the cost raised: the login succeeds and stores the password again, stronger.
  const raised = createIdentityService({
    database: fixture.database,
    clock: fixture.clock,
    log: silentLogger(),
    settings: { ...fixture.settings, passwordArgon2Passes: 3 },
    secrets: createSecretBox(newSecretKey()),
  });
  assert.equal((await raised.verifyPassword(MARIE, 'not the password at all'))?.id, undefined);
  assert.equal((await stored()).password_hash, before.password_hash, 'a wrong password changes nothing');
  assert.equal((await raised.verifyPassword(MARIE, PASSWORD))?.id, created.id);
  const after = await stored();
  assert.match(after.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
  assert.equal(
    Number(after.password_changed_at),
    Number(before.password_changed_at),
    'not a password change',
  );
  const audited = await listAuditEvents(fixture.database.db, {
    accountId: created.id,
    types: ['password.changed'],
  });
  assert.equal(audited.length, 0, 'a rehash is no password change');

  // A node still on the old cost verifies the stronger hash and leaves it as it is.
  assert.equal((await fixture.identity.verifyPassword(MARIE, PASSWORD))?.id, created.id);
  assert.equal((await stored()).password_hash, after.password_hash);
});

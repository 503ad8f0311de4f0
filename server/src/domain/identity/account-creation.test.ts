import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changesOf,
  FIXTURE_START,
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
} from './identity.fixture.ts';

const GiB = 1024 ** 3;

test('a new account gets the defaults: person, active, French, Europe/Paris, category other, no password', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({
    email: 'Marie.Martin@AC-Test.fr',
    displayName: '  Marie   Martin ',
  });
  assert.equal(account.email, 'marie.martin@ac-test.fr');
  assert.equal(account.domain, 'ac-test.fr');
  assert.equal(account.displayName, 'Marie Martin');
  assert.equal(account.kind, 'person');
  assert.equal(account.status, 'active');
  assert.equal(account.statusReason, null);
  assert.equal(account.locale, 'fr');
  assert.equal(account.timeZone, 'Europe/Paris');
  assert.equal(account.profileCategory, 'other');
  assert.equal(account.establishmentUai, null);
  assert.equal(account.hasPassword, false);
  assert.deepEqual(account.aliases, []);
  assert.deepEqual(account.roles, []);
  assert.deepEqual(account.used, { bytes: 0, messages: 0 });
  assert.deepEqual(account.createdAt, FIXTURE_START);
  assert.equal(fixture.hasher.calls.hash, 0);
});

test('every field given is kept, normalised: kind, names, locale, time zone, category, establishment, quotas', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({
    email: 'salle.conseil@ac-test.fr',
    kind: 'resource',
    displayName: 'Salle du conseil',
    givenName: 'Salle',
    familyName: 'du Conseil',
    locale: 'EN',
    timeZone: 'america/cayenne',
    profileCategory: 'administrative',
    establishmentUai: '0380027y',
    quotaBytes: 3 * GiB,
    quotaMessages: 5000,
  });
  assert.equal(account.kind, 'resource');
  assert.equal(account.familyName, 'du Conseil');
  assert.equal(account.locale, 'en');
  assert.equal(account.timeZone, 'America/Cayenne');
  assert.equal(account.profileCategory, 'administrative');
  assert.equal(account.establishmentUai, '0380027Y');
  assert.deepEqual(account.quota, { bytes: 3 * GiB, messages: 5000 });
  assert.deepEqual(account.quotaOverride, { bytes: 3 * GiB, messages: 5000 });
});

test('without an override the quota is the category default from the settings', async (t) => {
  const fixture = await openIdentityFixture(t, { VERCORS_QUOTA_TECHNICAL_BYTES: '7G' });
  await withDomainAndSchool(fixture);
  const make = (email: string, profileCategory: string) =>
    fixture.identity.createAccount({ email, displayName: email, profileCategory });
  assert.deepEqual((await make('a@ac-test.fr', 'primaryTeacher')).quota, {
    bytes: 5 * GiB,
    messages: 200_000,
  });
  assert.deepEqual((await make('b@ac-test.fr', 'management')).quota, { bytes: 10 * GiB, messages: 500_000 });
  assert.deepEqual((await make('c@ac-test.fr', 'technical')).quota, { bytes: 7 * GiB, messages: 200_000 });
  const partial = await fixture.identity.createAccount({
    email: 'd@ac-test.fr',
    displayName: 'D',
    quotaMessages: 9000,
  });
  assert.deepEqual(partial.quota, { bytes: 2 * GiB, messages: 9000 });
  assert.deepEqual(partial.quotaOverride, { bytes: null, messages: 9000 });
});

test('creating an account records a created change and takes modseq 1', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie Martin',
  });
  assert.equal(account.modseq, 1);
  assert.deepEqual(await changesOf(fixture.database, account.id), ['1 created Account']);
});

test('a password given at creation is checked, hashed with argon2id and never handed out', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const account = await fixture.identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie Martin',
    password: 'pivoines bleues du jardin',
  });
  assert.equal(account.hasPassword, true);
  assert.deepEqual(account.passwordChangedAt, FIXTURE_START);
  assert.equal(JSON.stringify(account).includes('argon2'), false);
  const row = await fixture.database.db
    .selectFrom('accounts')
    .select('password_hash')
    .where('id', '=', account.id)
    .executeTakeFirstOrThrow();
  assert.match(row.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  await refusedWith(
    fixture.identity.createAccount({ email: 'x@ac-test.fr', displayName: 'X', password: 'motdepasse2024' }),
    'invalid',
    'passwordTooCommon',
  );
});

test('each invalid field is refused with its reason', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const base = { email: 'ok@ac-test.fr', displayName: 'Ok' };
  const cases: [Record<string, unknown>, string][] = [
    [{ email: 'not an address' }, 'invalidEmail'],
    [{ email: 'marie@ac-ailleurs.fr' }, 'unknownDomain'],
    [{ displayName: '   ' }, 'invalidName'],
    [{ displayName: 'Bad\u0007Name' }, 'invalidName'],
    [{ familyName: 'x'.repeat(201) }, 'invalidName'],
    [{ kind: 'robot' }, 'invalidChoice'],
    [{ profileCategory: 'teacher' }, 'invalidChoice'],
    [{ locale: 'de' }, 'invalidLocale'],
    [{ timeZone: 'Europe/Grenoble' }, 'invalidTimeZone'],
    [{ establishmentUai: '0380027A' }, 'invalidUai'],
    [{ establishmentUai: '0380028Z' }, 'unknownEstablishment'],
    [{ quotaBytes: -1 }, 'invalidQuota'],
    [{ quotaMessages: 1.5 }, 'invalidQuota'],
    [{ roles: [{ role: 'superuser' }] }, 'invalidChoice'],
    [{ roles: [{ role: 'establishmentAdmin' }] }, 'roleNeedsEstablishment'],
    [{ roles: [{ role: 'admin', scope: '0380027Y' }] }, 'roleIsGlobal'],
    [{ aliases: ['m+x@ac-test.fr'] }, 'invalidEmail'],
    [{ aliases: ['m@ac-ailleurs.fr'] }, 'unknownDomain'],
  ];
  for (const [change, reason] of cases) {
    await refusedWith(fixture.identity.createAccount({ ...base, ...change } as never), 'invalid', reason);
  }
  assert.equal((await fixture.identity.listAccounts()).total, 0);
});

test('an address already used by an account or an alias is refused, in the batch or in the store', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie',
    aliases: ['mm@ac-test.fr'],
  });
  const taken = await refusedWith(
    fixture.identity.createAccount({ email: 'MARIE.martin@ac-test.fr', displayName: 'Autre' }),
    'exists',
  );
  assert.deepEqual(taken, { subject: 'account', name: 'marie.martin@ac-test.fr' });
  await refusedWith(
    fixture.identity.createAccount({ email: 'mm@ac-test.fr', displayName: 'Autre' }),
    'exists',
  );
  const alias = await refusedWith(
    fixture.identity.createAccount({
      email: 'autre@ac-test.fr',
      displayName: 'Autre',
      aliases: ['marie.martin@ac-test.fr'],
    }),
    'exists',
  );
  assert.equal(alias.subject, 'alias');
  await refusedWith(
    fixture.identity.createAccounts([
      { email: 'a@ac-test.fr', displayName: 'A' },
      { email: 'b@ac-test.fr', displayName: 'B', aliases: ['a@ac-test.fr'] },
    ]),
    'exists',
  );
});

test('a batch is created in one transaction: all accounts or none', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const inputs = Array.from({ length: 250 }, (_, i) => ({
    email: `personne.${i}@ac-test.fr`,
    displayName: `Personne ${i}`,
    profileCategory: 'secondaryTeacher',
    establishmentUai: '0380027Y',
  }));
  await refusedWith(
    fixture.identity.createAccounts([
      ...inputs,
      { email: 'z@ac-test.fr', displayName: 'Z', establishmentUai: '0380028Z' },
    ]),
    'invalid',
    'unknownEstablishment',
  );
  assert.equal((await fixture.identity.listAccounts()).total, 0);

  const created = await fixture.identity.createAccounts(inputs);
  assert.equal(created.length, 250);
  assert.ok(created.every((account) => account.modseq === 1));
  assert.equal((await fixture.identity.listAccounts()).total, 250);
  const changeRows = await fixture.database.db
    .selectFrom('change_log')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(changeRows.count), 250);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents } from '#domain/audit';
import { changesOf, openIdentityFixture, refusedWith, withDomainAndSchool } from './identity.fixture.ts';

const MARIE = 'marie.martin@ac-test.fr';

test('an update changes only the fields given, records an updated change and bumps the modseq', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    quotaBytes: 1024 ** 3,
  });
  fixture.clock.advance(60_000);
  const updated = await fixture.identity.updateAccount(MARIE, {
    familyName: 'Martin-Durand',
    timeZone: 'Indian/Reunion',
    profileCategory: 'management',
    establishmentUai: '0380027Y',
    quotaBytes: null,
  });
  assert.equal(updated.displayName, 'Marie Martin');
  assert.equal(updated.familyName, 'Martin-Durand');
  assert.equal(updated.timeZone, 'Indian/Reunion');
  assert.equal(updated.establishmentUai, '0380027Y');
  assert.equal(updated.quotaOverride.bytes, null);
  assert.equal(updated.quota.bytes, fixture.settings.quotaManagementBytes);
  assert.equal(updated.updatedAt.getTime() - created.updatedAt.getTime(), 60_000);
  assert.equal(updated.modseq, 2);
  assert.deepEqual(await changesOf(fixture.database, created.id), ['1 created Account', '2 updated Account']);

  await refusedWith(fixture.identity.updateAccount(MARIE, { locale: 'es' }), 'invalid', 'invalidLocale');
  await refusedWith(
    fixture.identity.updateAccount(MARIE, { establishmentUai: '0380028Z' }),
    'invalid',
    'unknownEstablishment',
  );
  await refusedWith(fixture.identity.updateAccount('personne@ac-test.fr', { locale: 'en' }), 'notFound');
});

test('suspension records the reason and the time, and reactivation clears the reason', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  fixture.clock.advance(3_600_000);
  const suspended = await fixture.identity.suspendAccount(MARIE, '  compte   compromis (hameçonnage) ');
  assert.equal(suspended.status, 'suspended');
  assert.equal(suspended.statusReason, 'compte compromis (hameçonnage)');
  assert.deepEqual(suspended.statusChangedAt, fixture.clock.now());
  fixture.clock.advance(60_000);
  const active = await fixture.identity.reactivateAccount(MARIE);
  assert.equal(active.status, 'active');
  assert.equal(active.statusReason, null);
  assert.deepEqual(active.statusChangedAt, fixture.clock.now());
  assert.deepEqual(await changesOf(fixture.database, created.id), [
    '1 created Account',
    '2 updated Account',
    '3 updated Account',
  ]);
});

test('suspension needs a short reason and an account not already suspended; reactivation needs one that is not active', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  await refusedWith(fixture.identity.suspendAccount(MARIE, '   '), 'invalid', 'reasonRequired');
  const long = await refusedWith(
    fixture.identity.suspendAccount(MARIE, 'x'.repeat(501)),
    'invalid',
    'reasonTooLong',
  );
  assert.equal(long.max, 500);
  await refusedWith(fixture.identity.reactivateAccount(MARIE), 'invalid', 'alreadyActive');
  await fixture.identity.suspendAccount(MARIE, 'départ');
  await refusedWith(fixture.identity.suspendAccount(MARIE, 'encore'), 'invalid', 'alreadySuspended');
  await refusedWith(fixture.identity.suspendAccount('personne@ac-test.fr', 'x'), 'notFound');
  await refusedWith(fixture.identity.reactivateAccount('personne@ac-test.fr'), 'notFound');
});

test('deleting an account takes its aliases, roles and change log with it and frees its addresses', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    aliases: ['mm@ac-test.fr'],
    roles: [{ role: 'admin' }],
  });
  await fixture.identity.deleteAccount('Marie.Martin@ac-test.fr');
  assert.equal(await fixture.identity.findAccount(MARIE), undefined);
  assert.equal(await fixture.identity.findAccount('mm@ac-test.fr'), undefined);
  const { db } = fixture.database;
  assert.equal((await db.selectFrom('account_roles').selectAll().execute()).length, 0);
  assert.equal((await db.selectFrom('account_aliases').selectAll().execute()).length, 0);
  assert.deepEqual(await changesOf(fixture.database, created.id), []);
  await fixture.identity.createAccount({
    email: 'autre@ac-test.fr',
    displayName: 'Autre',
    aliases: [MARIE, 'mm@ac-test.fr'],
  });
  await refusedWith(fixture.identity.deleteAccount(MARIE), 'notFound');
});

test('operations that change an account want its primary address, not an alias', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    aliases: ['mm@ac-test.fr'],
  });
  await refusedWith(fixture.identity.deleteAccount('mm@ac-test.fr'), 'notFound');
  await refusedWith(fixture.identity.suspendAccount('mm@ac-test.fr', 'x'), 'notFound');
  await refusedWith(fixture.identity.deleteAccount('pas une adresse'), 'invalid', 'invalidEmail');
});

test('a suspension is audited with its actor and ends the web sessions; a reactivation is audited', async (t) => {
  const fixture = await openIdentityFixture(t, { VERCORS_SECOND_FACTOR_USER: 'when-enrolled' });
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    password: 'cheval-agrafe-lune-42',
  });
  const browser = await fixture.identity.loginWithPassword({
    email: MARIE,
    password: 'cheval-agrafe-lune-42',
    isSharedComputer: false,
    remoteAddress: '203.0.113.9',
    userAgent: 'Firefox',
  });
  assert.equal(browser.outcome, 'signedIn');
  if (browser.outcome !== 'signedIn') return;
  const admin = { actor: { accountId: 'a-admin', email: 'admin@ac-test.fr' }, remoteAddress: '192.0.2.1' };
  await fixture.identity.suspendAccount(MARIE, 'compte compromis', admin);
  // Reactivated, the account must not find an attacker's session alive again.
  await fixture.identity.reactivateAccount(MARIE);
  assert.equal(await fixture.identity.resumeWebSession(browser.token), undefined);
  const events = await listAuditEvents(fixture.database.db, {
    accountId: created.id,
    types: ['account.suspended', 'account.reactivated'],
  });
  assert.deepEqual(
    events.map((event) => [event.type, event.actor?.email ?? null, event.remoteAddress, event.details]),
    [
      [
        'account.suspended',
        'admin@ac-test.fr',
        '192.0.2.1',
        { reason: 'compte compromis', sessionsEnded: 1 },
      ],
      [
        'account.reactivated',
        null,
        null,
        { previousStatus: 'suspended', previousReason: 'compte compromis' },
      ],
    ],
  );
});

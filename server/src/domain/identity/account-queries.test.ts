import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
  type IdentityFixture,
} from './identity.fixture.ts';

async function withStaff(fixture: IdentityFixture): Promise<void> {
  await withDomainAndSchool(fixture);
  await fixture.identity.addDomain('ac-autre.fr');
  await fixture.directory.upsertEstablishment({
    uai: '0730001E',
    name: 'Collège Jean Moulin',
    type: 'college',
    commune: 'Chambéry',
    department: '73',
  });
  await fixture.identity.createAccounts([
    {
      email: 'helene.lefevre@ac-test.fr',
      displayName: 'Hélène Lefèvre',
      givenName: 'Hélène',
      familyName: 'Lefèvre',
      profileCategory: 'secondaryTeacher',
      establishmentUai: '0380027Y',
    },
    {
      email: 'jean.dupont@ac-test.fr',
      displayName: 'Jean Dupont',
      profileCategory: 'technical',
      establishmentUai: '0730001E',
    },
    {
      email: 'accueil@ac-test.fr',
      displayName: 'Accueil du lycée',
      kind: 'shared',
      establishmentUai: '0380027Y',
    },
    { email: 'marc.zeller@ac-autre.fr', displayName: 'Marc Zeller', profileCategory: 'secondaryTeacher' },
    { email: 'ce_1@ac-test.fr', displayName: 'Compte 1' },
    { email: 'ce11@ac-test.fr', displayName: 'Compte 11' },
  ]);
  await fixture.identity.suspendAccount('jean.dupont@ac-test.fr', 'départ');
}

const emails = (page: { accounts: readonly { email: string }[] }) => page.accounts.map((a) => a.email);

test('an account is found by its primary address or an alias, with its aliases and roles', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie Martin',
    aliases: ['m.martin@ac-test.fr', 'direction@ac-test.fr'],
    roles: [{ role: 'helpdesk' }, { role: 'establishmentAdmin', scope: '0380027Y' }],
  });
  for (const address of ['marie.martin@ac-test.fr', 'M.Martin@AC-TEST.FR']) {
    const found = await fixture.identity.findAccount(address);
    assert.equal(found?.id, created.id, address);
    assert.deepEqual(found?.aliases, ['direction@ac-test.fr', 'm.martin@ac-test.fr']);
    assert.deepEqual(found?.roles, [
      { role: 'establishmentAdmin', scope: '0380027Y' },
      { role: 'helpdesk', scope: null },
    ]);
  }
  assert.equal((await fixture.identity.findAccountById(created.id))?.email, 'marie.martin@ac-test.fr');
  assert.equal(await fixture.identity.findAccount('personne@ac-test.fr'), undefined);
  assert.equal(await fixture.identity.findAccount('not an address'), undefined);
  assert.equal(await fixture.identity.findAccountById('nope'), undefined);
});

test('accounts are listed by address and filtered by domain, status, kind, category and establishment', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withStaff(fixture);
  const all = await fixture.identity.listAccounts();
  assert.equal(all.total, 6);
  assert.deepEqual(emails(all), [...emails(all)].sort());
  assert.deepEqual(emails(await fixture.identity.listAccounts({ domain: 'AC-AUTRE.fr' })), [
    'marc.zeller@ac-autre.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ status: 'suspended' })), [
    'jean.dupont@ac-test.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ kind: 'shared' })), ['accueil@ac-test.fr']);
  assert.deepEqual(
    emails(
      await fixture.identity.listAccounts({ profileCategory: 'secondaryTeacher', domain: 'ac-test.fr' }),
    ),
    ['helene.lefevre@ac-test.fr'],
  );
  assert.deepEqual(emails(await fixture.identity.listAccounts({ establishmentUai: '0380027y' })), [
    'accueil@ac-test.fr',
    'helene.lefevre@ac-test.fr',
  ]);
});

test('the text filter matches addresses without accents and names with them, literally', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withStaff(fixture);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'Hélène' })), [
    'helene.lefevre@ac-test.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'lefevre' })), [
    'helene.lefevre@ac-test.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'Lefèvre' })), [
    'helene.lefevre@ac-test.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'ZELLER' })), [
    'marc.zeller@ac-autre.fr',
  ]);
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'accueil du' })), [
    'accueil@ac-test.fr',
  ]);
  // _ and % are characters here, not wildcards.
  assert.deepEqual(emails(await fixture.identity.listAccounts({ text: 'ce_1' })), ['ce_1@ac-test.fr']);
  assert.equal((await fixture.identity.listAccounts({ text: '%' })).total, 0);
});

test('pages follow position and limit and report the total', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withStaff(fixture);
  const first = await fixture.identity.listAccounts({ limit: 4 });
  const second = await fixture.identity.listAccounts({ limit: 4, position: 4 });
  assert.equal(first.accounts.length, 4);
  assert.equal(second.accounts.length, 2);
  assert.equal(second.position, 4);
  assert.equal(second.total, 6);
  assert.deepEqual([...emails(first), ...emails(second)], emails(await fixture.identity.listAccounts()));
  // A limit beyond the maximum is capped rather than refused.
  assert.equal((await fixture.identity.listAccounts({ limit: 1_000_000 })).accounts.length, 6);
});

test('bad filters are refused and an unknown domain is not found', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withStaff(fixture);
  await refusedWith(fixture.identity.listAccounts({ status: 'asleep' }), 'invalid', 'invalidChoice');
  await refusedWith(fixture.identity.listAccounts({ kind: 'robot' }), 'invalid', 'invalidChoice');
  await refusedWith(fixture.identity.listAccounts({ profileCategory: 'x' }), 'invalid', 'invalidChoice');
  await refusedWith(fixture.identity.listAccounts({ establishmentUai: '123' }), 'invalid', 'invalidUai');
  await refusedWith(fixture.identity.listAccounts({ domain: 'ac-inconnu.fr' }), 'notFound');
});

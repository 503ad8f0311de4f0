import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openIdentityFixture, refusedWith } from './identity.fixture.ts';

test('a domain is added once, lower-cased, and listed with its account count', async (t) => {
  const { identity } = await openIdentityFixture(t);
  const domain = await identity.addDomain('AC-Test.FR');
  assert.equal(domain.name, 'ac-test.fr');
  assert.equal(domain.unicodeName, 'ac-test.fr');
  await identity.createAccount({ email: 'marie.martin@ac-test.fr', displayName: 'Marie Martin' });
  await identity.addDomain('ac-autre.fr');
  const listed = await identity.listDomains();
  assert.deepEqual(
    listed.map((d) => [d.name, d.accountCount]),
    [
      ['ac-autre.fr', 0],
      ['ac-test.fr', 1],
    ],
  );
  assert.equal((await identity.getDomain('ac-test.fr'))?.id, domain.id);
  assert.equal(await identity.getDomain('ac-nulle-part.fr'), undefined);
});

test('an internationalised domain is stored as its A-label and found by either spelling', async (t) => {
  const { identity } = await openIdentityFixture(t);
  const domain = await identity.addDomain('académie.fr');
  assert.equal(domain.name, 'xn--acadmie-eya.fr');
  assert.equal(domain.unicodeName, 'académie.fr');
  assert.equal((await identity.getDomain('xn--acadmie-eya.fr'))?.id, domain.id);
  assert.equal((await identity.getDomain('Académie.fr'))?.id, domain.id);
});

test('adding a domain twice or a malformed name is refused', async (t) => {
  const { identity } = await openIdentityFixture(t);
  await identity.addDomain('ac-test.fr');
  const details = await refusedWith(identity.addDomain('AC-TEST.fr.'), 'exists');
  assert.deepEqual(details, { subject: 'domain', name: 'ac-test.fr' });
  await refusedWith(identity.addDomain('ac test'), 'invalid', 'invalidDomainName');
});

test('a domain is removed only once it holds no account and no alias', async (t) => {
  const { identity } = await openIdentityFixture(t);
  await identity.addDomain('ac-test.fr');
  await identity.addDomain('ac-autre.fr');
  await identity.createAccount({
    email: 'marie.martin@ac-test.fr',
    displayName: 'Marie Martin',
    aliases: ['mm@ac-autre.fr'],
  });

  const accounts = await refusedWith(identity.removeDomain('ac-test.fr'), 'inUse', 'domainHasAccounts');
  assert.equal(accounts.count, 1);
  const aliases = await refusedWith(identity.removeDomain('ac-autre.fr'), 'inUse', 'domainHasAliases');
  assert.equal(aliases.count, 1);

  await identity.removeAlias('mm@ac-autre.fr');
  await identity.removeDomain('ac-autre.fr');
  await identity.deleteAccount('marie.martin@ac-test.fr');
  await identity.removeDomain('ac-test.fr');
  assert.deepEqual(await identity.listDomains(), []);
  await refusedWith(identity.removeDomain('ac-test.fr'), 'notFound');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesOf, openIdentityFixture, refusedWith, withDomainAndSchool } from './identity.fixture.ts';

const MARIE = 'marie.martin@ac-test.fr';

test('an alias is added and removed, each time as an updated change of the account', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.addDomain('ac-autre.fr');
  const created = await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  await fixture.identity.addAlias(MARIE, 'M.Martin@AC-Autre.fr');
  assert.deepEqual((await fixture.identity.findAccount(MARIE))?.aliases, ['m.martin@ac-autre.fr']);
  assert.equal((await fixture.identity.findAccount('m.martin@ac-autre.fr'))?.id, created.id);
  await fixture.identity.removeAlias('m.martin@ac-autre.fr');
  const after = await fixture.identity.findAccount(MARIE);
  assert.deepEqual(after?.aliases, []);
  assert.equal(after?.modseq, 3);
  assert.deepEqual(await changesOf(fixture.database, created.id), [
    '1 created Account',
    '2 updated Account',
    '3 updated Account',
  ]);
});

test('an alias must be a valid address in a served domain, not used by any account or alias', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({
    email: MARIE,
    displayName: 'Marie Martin',
    aliases: ['mm@ac-test.fr'],
  });
  await fixture.identity.createAccount({ email: 'jean.dupont@ac-test.fr', displayName: 'Jean Dupont' });
  await refusedWith(fixture.identity.addAlias(MARIE, 'jean.dupont@ac-test.fr'), 'exists');
  const details = await refusedWith(
    fixture.identity.addAlias('jean.dupont@ac-test.fr', 'MM@ac-test.fr'),
    'exists',
  );
  assert.deepEqual(details, { subject: 'alias', name: 'mm@ac-test.fr' });
  await refusedWith(fixture.identity.addAlias(MARIE, 'x@ac-ailleurs.fr'), 'invalid', 'unknownDomain');
  await refusedWith(fixture.identity.addAlias(MARIE, 'x+y@ac-test.fr'), 'invalid', 'invalidEmail');
  await refusedWith(fixture.identity.addAlias('personne@ac-test.fr', 'x@ac-test.fr'), 'notFound');
  await refusedWith(fixture.identity.removeAlias('inconnu@ac-test.fr'), 'notFound');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesOf, openIdentityFixture, refusedWith, withDomainAndSchool } from './identity.fixture.ts';

const MARIE = 'marie.martin@ac-test.fr';

test('roles are granted and revoked idempotently, each real change recorded once', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  const created = await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  await fixture.identity.grantRole(MARIE, 'security');
  await fixture.identity.grantRole(MARIE, 'security');
  await fixture.identity.grantRole(MARIE, 'establishmentAdmin', '0380027y');
  assert.deepEqual((await fixture.identity.findAccount(MARIE))?.roles, [
    { role: 'establishmentAdmin', scope: '0380027Y' },
    { role: 'security', scope: null },
  ]);
  await fixture.identity.revokeRole(MARIE, 'security');
  await fixture.identity.revokeRole(MARIE, 'security');
  assert.deepEqual((await fixture.identity.findAccount(MARIE))?.roles, [
    { role: 'establishmentAdmin', scope: '0380027Y' },
  ]);
  assert.deepEqual(await changesOf(fixture.database, created.id), [
    '1 created Account',
    '2 updated Account',
    '3 updated Account',
    '4 updated Account',
  ]);
});

test('scoped roles need an existing establishment and global roles refuse one', async (t) => {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  await fixture.identity.createAccount({ email: MARIE, displayName: 'Marie Martin' });
  await refusedWith(
    fixture.identity.grantRole(MARIE, 'establishmentAdmin'),
    'invalid',
    'roleNeedsEstablishment',
  );
  await refusedWith(
    fixture.identity.grantRole(MARIE, 'establishmentAdmin', '0380028Z'),
    'invalid',
    'unknownEstablishment',
  );
  await refusedWith(
    fixture.identity.grantRole(MARIE, 'establishmentAdmin', '0380028A'),
    'invalid',
    'invalidUai',
  );
  await refusedWith(fixture.identity.grantRole(MARIE, 'helpdesk', '0380027Y'), 'invalid', 'roleIsGlobal');
  await refusedWith(fixture.identity.grantRole(MARIE, 'root'), 'invalid', 'invalidChoice');
  await refusedWith(fixture.identity.grantRole('personne@ac-test.fr', 'admin'), 'notFound');
});

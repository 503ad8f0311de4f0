import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { DomainError } from '#core/errors';
import type { Services } from '../../main.ts';
import { openTestServices } from '../../test-support/test-services.ts';

async function open(t: TestContext): Promise<Services & { clock: ReturnType<typeof fixedClock> }> {
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const services = await openTestServices(t, { clock });
  return Object.assign(services, { clock });
}

const CHAMPOLLION = {
  uai: '0380027y',
  name: 'Lycée  Champollion ',
  type: 'lycee',
  commune: 'Grenoble',
  department: '38',
};

async function refused(promise: Promise<unknown>, code: string, reason?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    if (reason !== undefined) assert.equal(error.details.reason, reason);
    return true;
  });
}

test('an establishment is created, then updated by the same UAI', async (t) => {
  const { directory, clock } = await open(t);
  const first = await directory.upsertEstablishment(CHAMPOLLION);
  assert.equal(first.isNew, true);
  assert.deepEqual(
    { ...first.establishment, createdAt: undefined, updatedAt: undefined },
    {
      uai: '0380027Y',
      name: 'Lycée Champollion',
      type: 'lycee',
      commune: 'Grenoble',
      department: '38',
      district: null,
      address: { street: null, postalCode: null },
      phone: null,
      website: null,
      createdAt: undefined,
      updatedAt: undefined,
    },
  );
  clock.advance(1000);
  const second = await directory.upsertEstablishment({ ...CHAMPOLLION, name: 'Cité scolaire Champollion' });
  assert.equal(second.isNew, false);
  assert.equal(second.establishment.name, 'Cité scolaire Champollion');
  assert.equal(second.establishment.updatedAt.getTime() - second.establishment.createdAt.getTime(), 1000);
  assert.equal((await directory.getEstablishment('0380027y'))?.name, 'Cité scolaire Champollion');
  assert.equal(await directory.getEstablishment('0380028Z'), undefined);
});

test('contact fields are checked, kept when left out, and cleared with an empty value', async (t) => {
  const { directory } = await open(t);
  const full = {
    ...CHAMPOLLION,
    district: 'Grenoble 1',
    street: ' 1 cours  La Fontaine ',
    postalCode: '38000',
    phone: '04 76 00 00 00',
    website: 'www.champollion.example.fr',
  };
  const { establishment } = await directory.upsertEstablishment(full);
  assert.equal(establishment.district, 'Grenoble 1');
  assert.deepEqual(establishment.address, { street: '1 cours La Fontaine', postalCode: '38000' });
  assert.equal(establishment.phone, '04 76 00 00 00');
  assert.equal(establishment.website, 'https://www.champollion.example.fr/');
  // An HR file that knows only the name keeps the rest.
  const renamed = await directory.upsertEstablishment({ ...CHAMPOLLION, name: 'Cité Champollion' });
  assert.equal(renamed.establishment.phone, '04 76 00 00 00');
  const cleared = await directory.upsertEstablishment({ ...CHAMPOLLION, phone: '', website: null });
  assert.equal(cleared.establishment.phone, null);
  assert.equal(cleared.establishment.website, null);
  assert.equal(cleared.establishment.district, 'Grenoble 1');
  await refused(
    directory.upsertEstablishment({ ...full, postalCode: '3800' }),
    'invalid',
    'invalidPostalCode',
  );
  await refused(directory.upsertEstablishment({ ...full, phone: 'appelez-moi' }), 'invalid', 'invalidPhone');
  await refused(directory.upsertEstablishment({ ...full, phone: '12' }), 'invalid', 'invalidPhone');
  for (const website of ['javascript:alert(1)', 'ftp://x.fr', 'https://user:pw@x.fr', 'https://localhost']) {
    await refused(directory.upsertEstablishment({ ...full, website }), 'invalid', 'invalidWebsite');
  }
  assert.equal(
    (await directory.upsertEstablishment({ ...full, phone: '+33 4 76 00 00 00' })).establishment.phone,
    '+33 4 76 00 00 00',
  );
});

test('UAI, type, department and names are checked', async (t) => {
  const { directory } = await open(t);
  await refused(directory.upsertEstablishment({ ...CHAMPOLLION, uai: '0380027A' }), 'invalid', 'invalidUai');
  await refused(
    directory.upsertEstablishment({ ...CHAMPOLLION, type: 'universite' }),
    'invalid',
    'invalidChoice',
  );
  await refused(
    directory.upsertEstablishment({ ...CHAMPOLLION, department: '20' }),
    'invalid',
    'invalidDepartment',
  );
  await refused(
    directory.upsertEstablishment({ ...CHAMPOLLION, department: '99' }),
    'invalid',
    'invalidDepartment',
  );
  await refused(directory.upsertEstablishment({ ...CHAMPOLLION, name: ' ' }), 'invalid', 'invalidName');
  await refused(
    directory.upsertEstablishment({ ...CHAMPOLLION, commune: 'x'.repeat(201) }),
    'invalid',
    'invalidName',
  );
  for (const department of ['2A', '2b', '974', '01', '95']) {
    await directory.upsertEstablishment({ ...CHAMPOLLION, department });
  }
  assert.equal((await directory.getEstablishment('0380027Y'))?.department, '95');
});

test('a batch upsert counts what it created and updated, all or nothing', async (t) => {
  const { directory } = await open(t);
  await directory.upsertEstablishment(CHAMPOLLION);
  const batch = [
    CHAMPOLLION,
    { uai: '0730001E', name: 'Collège Jean Moulin', type: 'college', commune: 'Chambéry', department: '73' },
    { uai: '0740001Z', name: 'École du Lac', type: 'ecole', commune: 'Annecy', department: '74' },
  ];
  assert.deepEqual(await directory.upsertEstablishments(batch), { created: 2, updated: 1 });
  await refused(
    directory.upsertEstablishments([...batch, { ...CHAMPOLLION, uai: '0260001B' }]),
    'invalid',
    'invalidUai',
  );
  assert.equal((await directory.listEstablishments()).length, 3);
});

test('listing filters by department, type and text, ordered by department, commune and name', async (t) => {
  const { directory } = await open(t);
  await directory.upsertEstablishments([
    CHAMPOLLION,
    { uai: '0380028Z', name: 'Collège Stendhal', type: 'college', commune: 'Grenoble', department: '38' },
    { uai: '0730001E', name: 'Collège Jean Moulin', type: 'college', commune: 'Chambéry', department: '73' },
    { uai: '0260001K', name: 'Lycée Émile Loubet', type: 'lycee', commune: 'Valence', department: '26' },
  ]);
  const uais = (list: readonly { uai: string }[]) => list.map((e) => e.uai);
  assert.deepEqual(uais(await directory.listEstablishments()), [
    '0260001K',
    '0380028Z',
    '0380027Y',
    '0730001E',
  ]);
  assert.deepEqual(uais(await directory.listEstablishments({ department: '38' })), ['0380028Z', '0380027Y']);
  assert.deepEqual(uais(await directory.listEstablishments({ type: 'college' })), ['0380028Z', '0730001E']);
  assert.deepEqual(uais(await directory.listEstablishments({ text: 'chambéry' })), ['0730001E']);
  assert.deepEqual(uais(await directory.listEstablishments({ text: 'STENDHAL' })), ['0380028Z']);
  assert.deepEqual(uais(await directory.listEstablishments({ text: '0260001' })), ['0260001K']);
  await refused(directory.listEstablishments({ type: 'universite' }), 'invalid', 'invalidChoice');
});

test('an establishment is removed only while no account or role refers to it', async (t) => {
  const { directory, identity } = await open(t);
  await directory.upsertEstablishment(CHAMPOLLION);
  await identity.addDomain('ac-test.fr');
  await identity.createAccount({ email: 'a@ac-test.fr', displayName: 'A', establishmentUai: '0380027Y' });
  await identity.createAccount({
    email: 'b@ac-test.fr',
    displayName: 'B',
    roles: [{ role: 'establishmentAdmin', scope: '0380027Y' }],
  });
  await assert.rejects(directory.removeEstablishment('0380027Y'), (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'inUse');
    assert.equal(error.details.count, 2);
    return true;
  });
  await identity.deleteAccount('a@ac-test.fr');
  await refused(directory.removeEstablishment('0380027Y'), 'inUse', 'establishmentInUse');
  await identity.revokeRole('b@ac-test.fr', 'establishmentAdmin', '0380027Y');
  await directory.removeEstablishment('0380027y');
  assert.equal(await directory.getEstablishment('0380027Y'), undefined);
  await refused(directory.removeEstablishment('0380027Y'), 'notFound');
  await refused(directory.removeEstablishment('nope'), 'invalid', 'invalidUai');
});

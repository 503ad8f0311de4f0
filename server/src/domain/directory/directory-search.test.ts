// The directory autocomplete on the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND=postgres): who
// is shown, the cards, the ranking for a viewer, and how soon a change shows.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { openTestServices } from '../../test-support/test-services.ts';
import { REFRESH_CHECK_MS } from './directory-search.ts';
import type { HrRecord } from './hr-import/hr-record.ts';
import { uaiOf } from './uai.ts';

const LYCEE = uaiOf(380027);
const ECOLE = uaiOf(730001);
const DOMAIN = 'ac-test.fr';

function record(hrId: string, given: string, family: string, extra: Partial<HrRecord> = {}): HrRecord {
  return {
    location: { line: 1 },
    hrId,
    givenName: given,
    familyName: family,
    email: `${given}.${family}@${DOMAIN}`
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, ''),
    title: 'Professeur certifié',
    profileCategory: 'secondaryTeacher',
    disciplines: ['Mathématiques'],
    phone: '04 76 00 00 00',
    posts: [{ uai: LYCEE, role: 'enseignant' }],
    ...extra,
  };
}

async function open(t: TestContext) {
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const services = await openTestServices(t, { clock });
  await services.identity.addDomain(DOMAIN);
  await services.directory.upsertEstablishments([
    { uai: LYCEE, name: 'Lycée Champollion', type: 'lycee', commune: 'Grenoble', department: '38' },
    { uai: ECOLE, name: 'École du Lac', type: 'ecole', commune: 'Chambéry', department: '73' },
  ]);
  const records = [
    record('H1', 'Paul', 'Martin'),
    record('H2', 'Martine', 'Dupont', { posts: [{ uai: ECOLE, role: 'direction' }], title: 'Directrice' }),
    record('H3', 'Hélène', 'Martinez', { posts: [{ uai: ECOLE, role: 'enseignant' }], disciplines: [] }),
    record('H4', 'Léa', 'Marty'),
  ];
  const plan = await services.directory.planImport({ source: 'csv', records, rejected: [] }, {});
  await services.directory.applyImport(plan, {});
  const viewerOf = async (email: string) => ({
    accountId: (await services.identity.findAccount(email))?.id ?? '',
  });
  return { services, clock, viewerOf };
}

test('cards of listed people, found by name, school, commune or function; colleagues first', async (t) => {
  const { services, viewerOf } = await open(t);
  const { directory } = services;
  const paul = await viewerOf('paul.martin@ac-test.fr');
  const found = await directory.search('mart grenob', 10, paul);
  assert.deepEqual(
    found.map((card) => card.name),
    ['Paul Martin', 'Léa Marty'],
  );
  const [card] = found;
  assert.equal(card?.email, 'paul.martin@ac-test.fr');
  assert.equal(card?.title, 'Professeur certifié');
  assert.deepEqual(card?.disciplines, ['Mathématiques']);
  assert.equal(card?.phone, '04 76 00 00 00');
  assert.deepEqual(card?.posts, [
    { uai: LYCEE, name: 'Lycée Champollion', commune: 'Grenoble', role: 'enseignant', isPrimary: true },
  ]);
  assert.ok(card?.personId !== null && card?.accountId !== null);

  // From the École du Lac, its people come first; a correspondent before them.
  const helene = await viewerOf('helene.martinez@ac-test.fr');
  assert.deepEqual(
    (await directory.search('mart', 10, helene)).map((c) => c.name),
    ['Martine Dupont', 'Hélène Martinez', 'Paul Martin', 'Léa Marty'],
  );
  assert.deepEqual(
    (
      await directory.search('mart', 10, { ...helene, correspondents: new Set(['lea.marty@ac-test.fr']) })
    ).map((c) => c.name),
    ['Léa Marty', 'Martine Dupont', 'Hélène Martinez', 'Paul Martin'],
  );
  assert.deepEqual(
    (await directory.search('directrice chamb', 10, helene)).map((c) => c.name),
    ['Martine Dupont'],
  );
});

test('opted-out and suspended people are not shown; accounts without a directory entry are; changes show', async (t) => {
  const { services, clock, viewerOf } = await open(t);
  const { directory, identity } = services;
  const paul = await viewerOf('paul.martin@ac-test.fr');
  const names = async (text: string) => (await directory.search(text, 10, paul)).map((card) => card.name);
  assert.deepEqual(await names('mart'), ['Paul Martin', 'Léa Marty', 'Martine Dupont', 'Hélène Martinez']);

  const lea = await directory.findPerson('H4');
  assert.ok(lea);
  await directory.setListing(lea.id, 'optedOut');
  await identity.suspendAccount('martine.dupont@ac-test.fr', 'congé');
  await identity.createAccount({
    email: 'marc.martel@ac-test.fr',
    displayName: 'Marc Martel',
    givenName: 'Marc',
    familyName: 'Martel',
    establishmentUai: LYCEE,
  });
  await identity.createAccount({
    email: 'salle.martinet@ac-test.fr',
    displayName: 'Salle Martinet',
    kind: 'resource',
  });
  // Within the refresh delay the index is the one it was.
  assert.deepEqual(await names('mart'), ['Paul Martin', 'Léa Marty', 'Martine Dupont', 'Hélène Martinez']);
  clock.advance(REFRESH_CHECK_MS);
  await names('mart'); // notices the change and rebuilds in the background
  await settle(async () => (await names('mart')).includes('Marc Martel'));
  const after = await directory.search('mart', 10, paul);
  assert.deepEqual(
    after.map((card) => card.name),
    ['Marc Martel', 'Paul Martin', 'Hélène Martinez'],
  );
  const marc = after[0];
  assert.equal(marc?.personId, null, 'an account without a directory entry');
  assert.deepEqual(marc?.posts, [
    { uai: LYCEE, name: 'Lycée Champollion', commune: 'Grenoble', role: null, isPrimary: true },
  ]);
});

/** Poll `check` until it holds, for at most ten seconds (a rebuild starts a thread). */
async function settle(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('the directory index did not catch up');
}

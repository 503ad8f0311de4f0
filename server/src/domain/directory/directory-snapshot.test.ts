// The directory snapshot on the real store (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND=postgres): what it
// holds once copied as a thread hands it over, rebuilt only when the directory version moves, and a failed
// build leaves searches answering. (The thread itself: runtime/directory-snapshot-builds.test.ts.)

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { openTestServices } from '../../test-support/test-services.ts';
import { createDirectorySearch, REFRESH_CHECK_MS } from './directory-search.ts';
import {
  buildDirectorySnapshot,
  buildSnapshotHere,
  openDirectorySnapshot,
  type SnapshotBuild,
  snapshotBuffers,
} from './directory-snapshot.ts';
import { uaiOf } from './uai.ts';

const LYCEE = uaiOf(380027);
const DOMAIN = 'ac-test.fr';

async function open(t: TestContext) {
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const services = await openTestServices(t, { clock });
  await services.identity.addDomain(DOMAIN);
  await services.directory.upsertEstablishments([
    { uai: LYCEE, name: 'Lycée Champollion', type: 'lycee', commune: 'Grenoble', department: '38' },
  ]);
  for (const [given, family, local] of [
    ['Œdipe', 'Cœurdevey', 'oedipe.coeurdevey'],
    ['Zoé', 'Abadie', 'zoe.abadie'],
    ['Paul', 'Martin', 'paul.martin'],
  ] as const)
    await services.identity.createAccount({
      email: `${local}@${DOMAIN}`,
      displayName: `${given} ${family}`,
      givenName: given,
      familyName: family,
      establishmentUai: LYCEE,
    });
  // Counts the builds.
  const builds: number[] = [];
  const search = createDirectorySearch({
    database: services.database,
    clock,
    log: silentLogger(),
    buildSnapshot: (nowMs) => {
      builds.push(nowMs);
      return buildSnapshotHere(services.database.db, nowMs);
    },
  });
  t.after(() => search.close());
  return { services, clock, search, builds };
}

test('the snapshot keeps every card in name order, found by number and by account, through a copy', async (t) => {
  const { services } = await open(t);
  const data = await buildDirectorySnapshot(services.database.db, 1_000);
  // What crossing threads does: a structured clone with the buffers moved.
  const copy = structuredClone(data, { transfer: snapshotBuffers(data) });
  assert.equal(data.cards.byteLength, 0, 'the buffers moved');
  const snapshot = openDirectorySnapshot(copy);
  assert.equal(snapshot.size, 3);
  assert.deepEqual(
    Array.from({ length: snapshot.size }, (_, number) => snapshot.cardAt(number).name),
    ['Zoé Abadie', 'Œdipe Cœurdevey', 'Paul Martin'],
  );
  const paul = await services.identity.findAccount('paul.martin@ac-test.fr');
  assert.equal(snapshot.cardOfAccount(paul?.id ?? '')?.email, 'paul.martin@ac-test.fr');
  assert.equal(snapshot.cardOfAccount('nobody'), undefined);
  assert.deepEqual(
    snapshot.index.search('coeur', 10, { establishments: new Set(), correspondents: new Set() }),
    [1],
  );
  assert.equal(snapshot.readAt.getTime(), 1_000);
});

test('a rebuild follows a change of what the directory shows, not a login', async (t) => {
  const { services, clock, search, builds } = await open(t);
  const paul = { accountId: (await services.identity.findAccount('paul.martin@ac-test.fr'))?.id ?? '' };
  const names = async (text: string) => (await search.search(text, 10, paul)).map((card) => card.name);
  assert.deepEqual(await names('paul'), ['Paul Martin']);
  assert.equal(builds.length, 1);

  // A login and a password change write the account row, but nothing the directory shows.
  await services.database.write(({ db }) =>
    db
      .updateTable('accounts')
      .set({ last_activity_at: clock.nowMs(), password_hash: 'rehashed', updated_at: clock.nowMs() })
      .where('id', '=', paul.accountId)
      .execute(),
  );
  clock.advance(REFRESH_CHECK_MS);
  await names('paul');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(builds.length, 1, 'no rebuild');

  await services.identity.suspendAccount('zoe.abadie@ac-test.fr', 'congé');
  assert.deepEqual(await names('zoe'), ['Zoé Abadie'], 'within the refresh delay, the snapshot it has');
  clock.advance(REFRESH_CHECK_MS);
  await names('zoe');
  for (let attempt = 0; attempt < 500 && (await names('zoe')).length > 0; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await names('zoe'), []);
  assert.equal(builds.length, 2);
  assert.equal((await search.listDirectory()).cards.length, 2);
});

test('a failed build fails the first search and is tried again; later failures keep the last snapshot', async (t) => {
  const { services, clock } = await open(t);
  let failNext = true;
  const search = createDirectorySearch({
    database: services.database,
    clock,
    log: silentLogger(),
    buildSnapshot: (nowMs): SnapshotBuild => {
      if (!failNext) return buildSnapshotHere(services.database.db, nowMs);
      failNext = false;
      return { result: Promise.reject(new Error('disk on fire')), stop: () => Promise.resolve() };
    },
  });
  t.after(() => search.close());
  const viewer = { accountId: 'nobody' };
  await assert.rejects(search.search('paul', 10, viewer), /disk on fire/);
  assert.equal((await search.search('paul', 10, viewer)).length, 1);

  failNext = true;
  await services.identity.suspendAccount('paul.martin@ac-test.fr', 'congé');
  clock.advance(REFRESH_CHECK_MS);
  assert.equal((await search.search('paul', 10, viewer)).length, 1, 'answers from the snapshot it has');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await search.search('paul', 10, viewer)).length, 1, 'still, after the failure');
});

test('a warm-up builds the snapshot the first search then uses', async (t) => {
  const { search, builds } = await open(t);
  await search.warmUp();
  assert.equal(builds.length, 1);
  assert.deepEqual(
    (await search.search('paul', 10, { accountId: 'nobody' })).map((card) => card.name),
    ['Paul Martin'],
  );
  await search.warmUp();
  assert.equal(builds.length, 1, 'built once');
});

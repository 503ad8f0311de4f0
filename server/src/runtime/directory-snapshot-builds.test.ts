// The directory snapshot built on its own thread, from the process's database through a connection of the
// thread's own (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND=postgres): the same snapshot as one built on
// the event loop, its buffers moved rather than copied, and a stopped build that fails cleanly.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDirectorySnapshot } from '#domain/directory';
import { openTestServices } from '../test-support/test-services.ts';
import { buildSnapshotInThread } from './directory-snapshot-builds.ts';

test('a snapshot built on a thread is the one built here', async (t) => {
  const services = await openTestServices(t);
  await services.identity.addDomain('ac-test.fr');
  for (const name of ['Paul Martin', 'Zoé Abadie'])
    await services.identity.createAccount({
      email: `${name.split(' ')[0]?.toLowerCase().replace('é', 'e')}@ac-test.fr`,
      displayName: name,
      givenName: name.split(' ')[0] ?? '',
      familyName: name.split(' ')[1] ?? '',
    });
  const fromThread = await buildSnapshotInThread(services.database.readerLocation, 1_000).result;
  const here = await buildDirectorySnapshot(services.database.db, 1_000);
  assert.deepEqual(fromThread, here);
  assert.ok(fromThread.cards.byteLength > 0);
  assert.equal(fromThread.cardEnds.length, 2);
});

test('a stopped build fails without a snapshot', async (t) => {
  const services = await openTestServices(t);
  const build = buildSnapshotInThread(services.database.readerLocation, 0);
  await build.stop();
  await assert.rejects(build.result, /without a snapshot/);
});

test('a build that cannot read fails with the reason', async () => {
  const build = buildSnapshotInThread(
    { dialect: 'sqlite', path: '/nonexistent/vercors.sqlite', busyTimeoutMs: 10 },
    0,
  );
  await assert.rejects(build.result, /directory snapshot/);
});

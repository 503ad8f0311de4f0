// Runs the store conformance suite on PostgreSQL when VERCORS_TEST_POSTGRES_URL names a server we may create
// databases on: one scratch database per run (dropped at the end), one schema per case.
// Unset, the suite is skipped with a message, or fails when VERCORS_TEST_STRICT=1 (CI must not skip it).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runStoreConformance } from '../conformance/store-conformance.case.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

const adminUrl = process.env.VERCORS_TEST_POSTGRES_URL;

if (adminUrl === undefined || adminUrl === '') {
  test('postgres store conformance', (t) => {
    const why =
      'VERCORS_TEST_POSTGRES_URL not set: PostgreSQL conformance not run (set it to e.g. postgres://postgres@127.0.0.1:5432/postgres)';
    assert.notEqual(
      process.env.VERCORS_TEST_STRICT,
      '1',
      `${why}, and VERCORS_TEST_STRICT=1 forbids skipping`,
    );
    t.skip(why);
  });
} else {
  let scratch: ScratchDatabase | undefined;
  before(async () => {
    scratch = await createScratchDatabase(adminUrl);
  });
  after(async () => {
    await scratch?.drop();
  });

  runStoreConformance({
    name: 'postgres',
    async createDatabase() {
      assert.ok(scratch, 'the scratch database is created before the cases run');
      const schemaUrl = new URL(await scratch.createSchema());
      // The cases check semantics, not the server's fsync: waiting for it made the suite several times slower.
      // Killing a client (the SIGKILL case) does not depend on it either: the server stays up.
      schemaUrl.searchParams.set('synchronous_commit', 'off');
      const url = schemaUrl.href;
      return {
        open: (options) => openPostgresDatabase({ url, poolSize: 4, ...options }),
        childArgs: ['postgres', url],
        // The whole scratch database goes at the end of the run.
        drop: () => Promise.resolve(),
      };
    },
  });
}

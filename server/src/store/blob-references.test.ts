// Blob reference counting and garbage collection, on the real SQLite backend and (VERCORS_TEST_POSTGRES_URL)
// PostgreSQL, over the real file blob store: what is removed, what survives, and the races a new reference wins.

import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test, type TestContext } from 'node:test';
import { fixedClock } from '#core/clock';
import { StoreError } from '#core/errors';
import { addBlobReference, collectGarbage, dropBlobReference } from './blob-references.ts';
import { blobPath, temporaryFolder } from './blobs-fs/blob-paths.ts';
import { openFileBlobStore } from './blobs-fs/file-blob-store.ts';
import { openPostgresDatabase } from './postgres/postgres-database.ts';
import { createScratchDatabase, type ScratchDatabase } from './postgres/scratch-database.ts';
import { openSqliteDatabase } from './sqlite/sqlite-database.ts';
import type { BlobRef, BlobStore, Database } from './store.ts';

const POSTGRES_URL = process.env.VERCORS_TEST_POSTGRES_URL;
const IS_STRICT = process.env.VERCORS_TEST_STRICT === '1';
const HOUR_MS = 3_600_000;
const GRACE_MS = HOUR_MS;

interface Backend {
  readonly name: string;
  setUp(): Promise<void>;
  /** A fresh, migrated database for one test; `folder` is that test's temporary folder. */
  open(folder: string): Promise<Database>;
  tearDown(): Promise<void>;
  /** Set when the backend cannot run here: its tests are skipped (failed under VERCORS_TEST_STRICT=1). */
  readonly skipReason: string | undefined;
}

function sqliteBackend(): Backend {
  return {
    name: 'SQLite',
    skipReason: undefined,
    setUp: () => Promise.resolve(),
    open: (folder) => openSqliteDatabase({ path: join(folder, 'vercors.sqlite') }),
    tearDown: () => Promise.resolve(),
  };
}

function postgresBackend(): Backend {
  let scratch: ScratchDatabase | undefined;
  return {
    name: 'PostgreSQL',
    skipReason: POSTGRES_URL
      ? undefined
      : 'VERCORS_TEST_POSTGRES_URL not set: PostgreSQL blob references not tested',
    async setUp() {
      if (POSTGRES_URL) scratch = await createScratchDatabase(POSTGRES_URL);
    },
    async open() {
      assert.ok(scratch);
      return await openPostgresDatabase({ url: await scratch.createSchema(), poolSize: 4 });
    },
    async tearDown() {
      await scratch?.drop();
    },
  };
}

for (const backend of [sqliteBackend(), postgresBackend()]) {
  describe(`blob references on ${backend.name}`, () => {
    let folder: string;
    let database: Database | undefined;
    let blobs: BlobStore;
    const now = Date.now();
    const clock = fixedClock(new Date(now));
    const twoHoursAgo = fixedClock(new Date(now - 2 * HOUR_MS));
    const tenMinutesAgo = fixedClock(new Date(now - 10 * 60_000));

    /** The database, or skips the test (fails it under VERCORS_TEST_STRICT=1) when the backend is unavailable. */
    function requireDatabase(t: TestContext): Database | undefined {
      if (database !== undefined) return database;
      if (IS_STRICT) assert.fail(`${backend.skipReason}, and VERCORS_TEST_STRICT=1 forbids skipping`);
      t.skip(backend.skipReason);
      return undefined;
    }

    before(() => backend.setUp());
    after(() => backend.tearDown());
    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'vercors-blob-refs-'));
      blobs = await openFileBlobStore({ root: join(folder, 'blobs') });
      database = backend.skipReason === undefined ? await backend.open(folder) : undefined;
    });
    afterEach(async () => {
      await database?.close();
      await rm(folder, { recursive: true, force: true });
    });

    const put = (text: string) => blobs.put(new TextEncoder().encode(text));
    const row = (db: Database, id: string) =>
      db.db.selectFrom('blobs').selectAll().where('id', '=', id).executeTakeFirst();
    const age = async (id: string, ms: number) => {
      const then = new Date(Date.now() - ms);
      await utimes(blobPath(join(folder, 'blobs'), id), then, then);
    };
    /** A blob whose last reference went two hours ago, its file as old: collectable. */
    const stale = async (db: Database, text: string): Promise<BlobRef> => {
      const ref = await put(text);
      await db.write(async (tx) => {
        await addBlobReference(tx, ref, twoHoursAgo);
        await dropBlobReference(tx, ref.id, twoHoursAgo);
      });
      await age(ref.id, 2 * HOUR_MS);
      return ref;
    };
    const collect = (db: Database, options: { maxDeletions?: number; budgetMs?: number } = {}) =>
      collectGarbage({ database: db, blobs, clock, graceMs: GRACE_MS, ...options });

    test('adding a reference creates the row; adding again counts up and revives an unreferenced blob', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const ref = await put('message');
      await db.write((tx) => addBlobReference(tx, ref, clock));
      assert.deepEqual(await row(db, ref.id), {
        id: ref.id,
        size: ref.size,
        refcount: 1,
        unreferenced_since: null,
        created_at: now,
      });
      await db.write((tx) => dropBlobReference(tx, ref.id, clock));
      assert.equal((await row(db, ref.id))?.unreferenced_since, now);
      await db.write(async (tx) => {
        await addBlobReference(tx, ref, clock);
        await addBlobReference(tx, ref, clock);
      });
      const revived = await row(db, ref.id);
      assert.equal(revived?.refcount, 2);
      assert.equal(revived?.unreferenced_since, null);
    });

    test('dropping the last reference records when; one drop too many is corrupt and rolls back', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const ref = await put('two recipients');
      await db.write(async (tx) => {
        await addBlobReference(tx, ref, clock);
        await addBlobReference(tx, ref, clock);
      });
      await db.write((tx) => dropBlobReference(tx, ref.id, twoHoursAgo));
      assert.deepEqual(await row(db, ref.id).then((r) => [r?.refcount, r?.unreferenced_since]), [1, null]);
      await db.write((tx) => dropBlobReference(tx, ref.id, tenMinutesAgo));
      const isCorrupt = (error: unknown) => error instanceof StoreError && error.code === 'corrupt';
      await assert.rejects(
        db.write(async (tx) => {
          await addBlobReference(tx, ref, clock);
          await dropBlobReference(tx, ref.id, clock);
          await dropBlobReference(tx, ref.id, clock);
        }),
        isCorrupt,
      );
      assert.deepEqual(await row(db, ref.id).then((r) => [r?.refcount, r?.unreferenced_since]), [
        0,
        now - 600_000,
      ]);
      await assert.rejects(
        db.write((tx) => dropBlobReference(tx, 'f'.repeat(64), clock)),
        isCorrupt,
      );
    });

    test('collection removes blobs unreferenced for longer than the grace period, with their files', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const gone = await stale(db, 'deleted two hours ago');
      const referenced = await put('still in a mailbox');
      await db.write((tx) => addBlobReference(tx, referenced, twoHoursAgo));
      await age(referenced.id, 2 * HOUR_MS);
      const recent = await put('deleted ten minutes ago');
      await db.write(async (tx) => {
        await addBlobReference(tx, recent, twoHoursAgo);
        await dropBlobReference(tx, recent.id, tenMinutesAgo);
      });
      await age(recent.id, 2 * HOUR_MS);

      const result = await collect(db);
      assert.deepEqual(result, { unreferenced: 1, orphans: 0, abandonedWrites: 0, isComplete: true });
      assert.equal(await row(db, gone.id), undefined);
      assert.equal(await blobs.has(gone.id), false);
      for (const kept of [referenced, recent]) {
        assert.ok(await row(db, kept.id));
        assert.equal(await blobs.has(kept.id), true);
      }
      assert.deepEqual(await collect(db), {
        unreferenced: 0,
        orphans: 0,
        abandonedWrites: 0,
        isComplete: true,
      });
    });

    test('a reference added after the collector chose a blob wins', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const ref = await stale(db, 'forwarded again just in time');
      // The first write the collector makes is preceded by a delivery referencing the blob.
      let hasInterfered = false;
      const interfering: Database = {
        dialect: db.dialect,
        db: db.db,
        search: db.search,
        readerLocation: db.readerLocation,
        async write(work, options) {
          if (!hasInterfered) {
            hasInterfered = true;
            await db.write((tx) => addBlobReference(tx, ref, clock));
          }
          return db.write(work, options);
        },
        ping: () => db.ping(),
        close: () => db.close(),
      };
      const result = await collectGarbage({ database: interfering, blobs, clock, graceMs: GRACE_MS });
      assert.ok(hasInterfered);
      assert.equal(result.unreferenced, 0);
      assert.equal((await row(db, ref.id))?.refcount, 1);
      assert.equal(await blobs.has(ref.id), true);
    });

    test('content put again before collection keeps its file, and its new reference finds it', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const ref = await stale(db, 'the same attachment, sent again');
      await put('the same attachment, sent again');
      const result = await collect(db);
      assert.equal(result.unreferenced, 0, 'the row went, the refreshed file stayed');
      assert.equal(await row(db, ref.id), undefined);
      assert.equal(await blobs.has(ref.id), true);
      await db.write((tx) => addBlobReference(tx, ref, clock));
      assert.equal((await row(db, ref.id))?.refcount, 1);
      assert.equal((await blobs.get(ref.id))?.toString(), 'the same attachment, sent again');
    });

    test('a delivery racing the collector never loses its content', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const content = new TextEncoder().encode('raced delivery');
      const ref = await stale(db, 'raced delivery');
      for (let round = 0; round < 20; round += 1) {
        const deliver = async () => {
          await blobs.put(content);
          await db.write((tx) => addBlobReference(tx, ref, clock));
        };
        await Promise.all([collect(db), deliver()]);
        assert.equal((await row(db, ref.id))?.refcount, 1, `round ${round}: the reference`);
        assert.equal(await blobs.has(ref.id), true, `round ${round}: the content`);
        // Make it stale again for the next round.
        await db.write((tx) => dropBlobReference(tx, ref.id, twoHoursAgo));
        await age(ref.id, 2 * HOUR_MS);
      }
    });

    test('orphan files older than the grace period are removed; young orphans and known blobs stay', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const orphan = await put('written, then the transaction failed');
      await age(orphan.id, 2 * HOUR_MS);
      const youngOrphan = await put('being delivered right now');
      const referenced = await put('referenced');
      await db.write((tx) => addBlobReference(tx, referenced, clock));
      await age(referenced.id, 2 * HOUR_MS);
      const recentlyUnreferenced = await put('unreferenced ten minutes ago');
      await db.write(async (tx) => {
        await addBlobReference(tx, recentlyUnreferenced, twoHoursAgo);
        await dropBlobReference(tx, recentlyUnreferenced.id, tenMinutesAgo);
      });
      await age(recentlyUnreferenced.id, 2 * HOUR_MS);

      const result = await collect(db);
      assert.deepEqual(result, { unreferenced: 0, orphans: 1, abandonedWrites: 0, isComplete: true });
      assert.equal(await blobs.has(orphan.id), false);
      for (const kept of [youngOrphan, referenced, recentlyUnreferenced])
        assert.equal(await blobs.has(kept.id), true);
    });

    test('partial writes older than the grace period are swept', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const temporary = temporaryFolder(join(folder, 'blobs'));
      await writeFile(join(temporary, 'crashed.part'), 'half a message');
      await writeFile(join(temporary, 'writing.part'), 'in progress');
      const then = new Date(Date.now() - 2 * HOUR_MS);
      await utimes(join(temporary, 'crashed.part'), then, then);
      const result = await collect(db);
      assert.deepEqual(result, { unreferenced: 0, orphans: 0, abandonedWrites: 1, isComplete: true });
      assert.deepEqual(await readdir(temporary), ['writing.part']);
    });

    test('a run stops at maxDeletions and says it is incomplete; the next run finishes', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const refs = await Promise.all(Array.from({ length: 130 }, (_, i) => put(`bulk ${i}`)));
      await db.write(async (tx) => {
        for (const ref of refs) {
          await addBlobReference(tx, ref, twoHoursAgo);
          await dropBlobReference(tx, ref.id, twoHoursAgo);
        }
      });
      for (const ref of refs) await age(ref.id, 2 * HOUR_MS);
      const orphan = await put('orphan behind the bulk');
      await age(orphan.id, 2 * HOUR_MS);

      assert.deepEqual(await collect(db, { maxDeletions: 110 }), {
        unreferenced: 110,
        orphans: 0,
        abandonedWrites: 0,
        isComplete: false,
      });
      assert.deepEqual(await collect(db, { maxDeletions: 110 }), {
        unreferenced: 20,
        orphans: 1,
        abandonedWrites: 0,
        isComplete: true,
      });
      const left = await db.db.selectFrom('blobs').select('id').execute();
      assert.deepEqual(left, []);
    });

    test('a run out of time budget stops before doing anything and says so', async (t) => {
      const db = requireDatabase(t);
      if (db === undefined) return;
      const ref = await stale(db, 'no time for this one');
      assert.deepEqual(await collect(db, { budgetMs: 0 }), {
        unreferenced: 0,
        orphans: 0,
        abandonedWrites: 0,
        isComplete: false,
      });
      assert.equal(await blobs.has(ref.id), true);
    });
  });
}

// Conformance cases about small blobs kept in the database (blobs-in-database.ts, migration 24), over the real
// file blob store in a temporary folder: where content goes, that it is stored exactly when the transaction
// referencing it commits, and that the collector removes it with its row and never under a new reference.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fixedClock } from '#core/clock';
import { addBlobReference, collectGarbage, dropBlobReference } from '../blob-references.ts';
import { openFileBlobStore } from '../blobs-fs/file-blob-store.ts';
import { keepSmallBlobsInDatabase } from '../blobs-in-database.ts';
import type { BlobStore, Database } from '../store.ts';
import type { CaseContext, ConformanceCase } from './store-conformance.case.ts';

const MAX_BYTES = 1024;
const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const clock = fixedClock(new Date(NOW));
const twoHoursAgo = fixedClock(new Date(NOW - 2 * HOUR_MS));

interface Stores {
  readonly database: Database;
  /** The files alone, to see where content went. */
  readonly files: BlobStore;
  readonly blobs: BlobStore;
}

/** The case's database and a file store in a folder of its own, removed when `work` ends. */
async function withStores(context: CaseContext, work: (stores: Stores) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-blobs-in-db-'));
  try {
    const database = await context.open();
    const files = await openFileBlobStore({ root: join(folder, 'blobs') });
    await work({
      database,
      files,
      blobs: keepSmallBlobsInDatabase(database, files, { maxBytes: MAX_BYTES }),
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function readAll(store: BlobStore, id: string, range?: { start: number; end: number }) {
  const stream = await store.read(id, range);
  if (stream === undefined) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const contentRows = (database: Database) =>
  database.db.selectFrom('blob_contents').select('id').orderBy('id').execute();
const refcountOf = async (database: Database, id: string) =>
  (await database.db.selectFrom('blobs').select('refcount').where('id', '=', id).executeTakeFirst())
    ?.refcount;

export const blobsInDatabaseCases: readonly ConformanceCase[] = [
  {
    name: 'a small blob put for the next transaction is stored by its commit, and not at all by a rollback',
    async run(context) {
      await withStores(context, async ({ database, files, blobs }) => {
        // A view into a larger buffer, as a parsed SMTP DATA may be: only the view's bytes are the content.
        const text = 'From: a@example.test\r\n\r\nBonjour à tous\r\n';
        const content = Buffer.from(`xx${text}yy`).subarray(2, 2 + Buffer.byteLength(text));
        const ref = await blobs.put(content, { isReferencedNext: true });
        assert.equal(ref.size, content.byteLength);
        assert.equal(ref.pendingContent, content);
        assert.equal(await files.has(ref.id), false, 'no file for a small blob');
        assert.equal(await blobs.has(ref.id), false, 'nothing stored before a transaction references it');

        await assert.rejects(
          database.write(async (tx) => {
            await addBlobReference(tx, ref, clock);
            throw new Error('the delivery failed');
          }),
          /the delivery failed/,
        );
        assert.equal(await blobs.has(ref.id), false, 'the rollback took the content');
        assert.deepEqual(await contentRows(database), []);

        await database.write((tx) => addBlobReference(tx, ref, clock));
        assert.equal(await blobs.has(ref.id), true);
        assert.equal(Buffer.from((await blobs.get(ref.id)) ?? []).toString(), text);
        assert.equal(await readAll(blobs, ref.id), text);
        assert.equal(await readAll(blobs, ref.id, { start: 24, end: 30 }), text.slice(24, 30));
        assert.equal(await readAll(blobs, ref.id, { start: 5, end: 5 }), '');
        assert.equal(await readAll(blobs, ref.id, { start: 30, end: 4096 }), text.slice(30));
        assert.equal(await files.has(ref.id), false);
        assert.equal(await refcountOf(database, ref.id), 1);
      });
    },
  },
  {
    name: 'larger content, a stream, a put nobody references next and a limit of 0 all go to files',
    async run(context) {
      await withStores(context, async ({ database, files, blobs }) => {
        const large = new Uint8Array(MAX_BYTES + 1).fill(0x41);
        const put = [
          await blobs.put(large, { isReferencedNext: true }),
          await blobs.put(Readable.from([bytes('streamed')]), { isReferencedNext: true }),
          await blobs.put(bytes('kept for later'), {}),
          await keepSmallBlobsInDatabase(database, files, { maxBytes: 0 }).put(bytes('limit 0'), {
            isReferencedNext: true,
          }),
        ];
        for (const ref of put) {
          assert.equal(ref.pendingContent, undefined);
          assert.equal(await files.has(ref.id), true);
        }
        await database.write(async (tx) => {
          for (const ref of put) await addBlobReference(tx, ref, clock);
        });
        assert.deepEqual(await contentRows(database), []);
        assert.equal(await readAll(blobs, put[1]?.id ?? ''), 'streamed');
        await assert.rejects(
          blobs.put(bytes('too big for the caller'), { maxBytes: 4, isReferencedNext: true }),
          {
            name: 'StoreError',
          },
        );
      });
    },
  },
  {
    name: 'content seen before shares its row: a second reference counts up and reads one content',
    async run(context) {
      await withStores(context, async ({ database, files, blobs }) => {
        // First as a file (an older version, or a put not referenced next), then small and pending, twice.
        const fileRef = await blobs.put(bytes('newsletter'), {});
        await database.write((tx) => addBlobReference(tx, fileRef, clock));
        const first = await blobs.put(bytes('newsletter'), { isReferencedNext: true });
        const second = await blobs.put(bytes('newsletter'), { isReferencedNext: true });
        assert.equal(first.id, fileRef.id);
        await database.write(async (tx) => {
          await addBlobReference(tx, first, clock);
          await addBlobReference(tx, second, clock);
        });
        assert.equal(await refcountOf(database, fileRef.id), 3);
        assert.deepEqual(await contentRows(database), [{ id: fileRef.id }]);
        assert.equal(await readAll(blobs, fileRef.id), 'newsletter');
        assert.equal(await files.has(fileRef.id), true);
      });
    },
  },
  {
    name: 'the collector removes small content with its row and counts it; referenced content stays',
    async run(context) {
      await withStores(context, async ({ database, blobs }) => {
        const gone = await blobs.put(bytes('deleted two hours ago'), { isReferencedNext: true });
        const kept = await blobs.put(bytes('still in a mailbox'), { isReferencedNext: true });
        await database.write(async (tx) => {
          await addBlobReference(tx, gone, twoHoursAgo);
          await dropBlobReference(tx, gone.id, twoHoursAgo);
          await addBlobReference(tx, kept, twoHoursAgo);
        });
        const result = await collectGarbage({ database, blobs, clock, graceMs: HOUR_MS });
        assert.deepEqual(result, { unreferenced: 1, orphans: 0, abandonedWrites: 0, isComplete: true });
        assert.equal(await blobs.has(gone.id), false);
        assert.deepEqual(await contentRows(database), [{ id: kept.id }]);
        assert.equal(await readAll(blobs, kept.id), 'still in a mailbox');
      });
    },
  },
  {
    name: 'a delivery referencing small content while the collector removes it never loses that content',
    timeoutMs: 60_000,
    async run(context) {
      await withStores(context, async ({ database, blobs }) => {
        const text = 'raced delivery, small enough for the database';
        const stale = await blobs.put(bytes(text), { isReferencedNext: true });
        await database.write(async (tx) => {
          await addBlobReference(tx, stale, twoHoursAgo);
          await dropBlobReference(tx, stale.id, twoHoursAgo);
        });
        for (let round = 0; round < 20; round += 1) {
          const deliver = async () => {
            const ref = await blobs.put(bytes(text), { isReferencedNext: true });
            await database.write((tx) => addBlobReference(tx, ref, clock));
          };
          await Promise.all([collectGarbage({ database, blobs, clock, graceMs: HOUR_MS }), deliver()]);
          assert.equal(await refcountOf(database, stale.id), 1, `round ${round}: the reference`);
          assert.equal(await readAll(blobs, stale.id), text, `round ${round}: the content`);
          // Stale again for the next round.
          await database.write((tx) => dropBlobReference(tx, stale.id, twoHoursAgo));
        }
      });
    },
  },
];

// Small blobs kept in the database (docs/decisions/0009-small-blobs-in-database.md): a BlobStore over another
// one (the files) that leaves content of up to `maxBytes` to the write transaction that references it
// (BlobPutOptions.isReferencedNext, BlobRef.pendingContent, addBlobReference), and reads the `blob_contents`
// table before the files. A small message then costs a row in the group-committed transaction that delivers
// it, instead of a file of its own, its fsync, a rename and its folder's fsync; it is durable exactly when that
// transaction is. Larger content, streams and puts nobody references next go to the files as before.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { oneChunk } from './one-chunk.ts';
import { prepareQuery } from './prepared-query.ts';
import type { BlobStore, Database } from './store.ts';

export interface BlobsInDatabaseOptions {
  /** Content up to this many bytes may be kept in the database; 0 keeps every blob in the files. */
  readonly maxBytes: number;
}

/** Prepared (prepared-query.ts): every FETCH of a message body reads here first. */
const selectContent = prepareQuery((db, p: { id: string }) =>
  db.selectFrom('blob_contents').select('content').where('id', '=', p.id),
);
const selectPresence = prepareQuery((db, p: { id: string }) =>
  db.selectFrom('blob_contents').select('id').where('id', '=', p.id),
);

export function keepSmallBlobsInDatabase(
  database: Database,
  files: BlobStore,
  options: BlobsInDatabaseOptions,
): BlobStore {
  assert(
    Number.isSafeInteger(options.maxBytes) && options.maxBytes >= 0,
    'maxBytes is a non-negative integer',
  );
  const contentOf = async (id: string) =>
    (await selectContent.executeTakeFirst(database.db, { id }))?.content;

  return {
    put(content, putOptions = {}) {
      const isSmall =
        content instanceof Uint8Array &&
        content.byteLength <= options.maxBytes &&
        content.byteLength <= (putOptions.maxBytes ?? Number.POSITIVE_INFINITY);
      if (putOptions.isReferencedNext !== true || !isSmall) return files.put(content, putOptions);
      const id = createHash('sha256').update(content).digest('hex');
      return Promise.resolve({ id, size: content.byteLength, pendingContent: content });
    },

    async get(id) {
      return (await contentOf(id)) ?? (await files.get(id));
    },

    async read(id, range) {
      const content = await contentOf(id);
      if (content === undefined) return await files.read(id, range);
      return oneChunk(range === undefined ? content : content.subarray(range.start, range.end));
    },

    async has(id) {
      return (
        (await selectPresence.executeTakeFirst(database.db, { id })) !== undefined || (await files.has(id))
      );
    },

    // Only the files: content in the database goes with its `blobs` row, in the collector's transaction
    // (blob-references.ts), where a new reference cannot slip in between.
    delete: (id, deleteOptions) => files.delete(id, deleteOptions),
    list: (olderThanMs) => files.list(olderThanMs),
    removeAbandonedWrites: (olderThanMs) => files.removeAbandonedWrites?.(olderThanMs) ?? Promise.resolve(0),
  };
}

// Test fixture: a blob store in memory, for tests that import thousands of messages and are about queries,
// not durability (the file store's fsyncs would dominate their run time).

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from '#store';

export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(content) {
      const chunks: Uint8Array[] = [];
      if (content instanceof Uint8Array) chunks.push(content);
      else for await (const chunk of content) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      const id = createHash('sha256').update(bytes).digest('hex');
      blobs.set(id, bytes);
      return { id, size: bytes.byteLength };
    },
    get: (id) => Promise.resolve(blobs.get(id)),
    read(id, range) {
      const bytes = blobs.get(id);
      if (bytes === undefined) return Promise.resolve(undefined);
      const part = range === undefined ? bytes : bytes.subarray(range.start, range.end);
      return Promise.resolve(Readable.from([part]) as AsyncIterable<Uint8Array>);
    },
    has: (id) => Promise.resolve(blobs.has(id)),
    delete: (id) => Promise.resolve(blobs.delete(id)),
    list: () => Readable.from([...blobs.keys()]) as AsyncIterable<string>,
  };
}

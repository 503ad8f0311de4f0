// The file blob store: content addressing, durability layout, streaming limits, ranges, deletion guards.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { StoreError } from '#core/errors';
import type { BlobStore } from '../store.ts';
import { blobPath, temporaryFolder } from './blob-paths.ts';
import { openFileBlobStore } from './file-blob-store.ts';

const HOUR_MS = 3_600_000;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    await nextTick();
    yield bytes.subarray(offset, offset + size);
  }
}

async function collect(stream: AsyncIterable<Uint8Array> | undefined): Promise<Buffer> {
  assert.ok(stream, 'expected a stream');
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

async function makeOld(path: string, ageMs: number): Promise<void> {
  const then = new Date(Date.now() - ageMs);
  await utimes(path, then, then);
}

/** Like a network source: each chunk arrives on a later turn of the event loop. */
function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isTooBig(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'tooBig';
}

describe('file blob store', () => {
  let root: string;
  let blobs: BlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vercors-blobs-'));
    blobs = await openFileBlobStore({ root });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('put stores bytes under their SHA-256, fanned out in two folders, readable only by the owner', async () => {
    const content = new TextEncoder().encode('Subject: bonjour\r\n\r\nCorps du message\r\n');
    const ref = await blobs.put(content);
    assert.deepEqual(ref, { id: sha256(content), size: content.byteLength });
    const path = join(root, ref.id.slice(0, 2), ref.id.slice(2, 4), ref.id);
    assert.equal(blobPath(root, ref.id), path);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await blobs.get(ref.id), Buffer.from(content));
    assert.equal(await blobs.has(ref.id), true);
  });

  test('put streams an async iterable, hashing as it writes, and leaves no temporary file', async () => {
    const content = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 31) % 251);
    const ref = await blobs.put(chunksOf(content, 64 * 1024));
    assert.deepEqual(ref, { id: sha256(content), size: content.byteLength });
    assert.deepEqual(await blobs.get(ref.id), Buffer.from(content));
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('empty content is a blob like any other', async () => {
    const ref = await blobs.put(new Uint8Array(0));
    assert.deepEqual(ref, { id: sha256(new Uint8Array(0)), size: 0 });
    assert.equal((await blobs.get(ref.id))?.byteLength, 0);
  });

  test('identical content is stored once, and a second put refreshes its write time', async () => {
    const content = new TextEncoder().encode('same bytes');
    const first = await blobs.put(content);
    await makeOld(blobPath(root, first.id), 2 * HOUR_MS);
    const second = await blobs.put(chunksOf(content, 3));
    assert.deepEqual(second, first);
    const folder = join(root, first.id.slice(0, 2), first.id.slice(2, 4));
    assert.deepEqual(await readdir(folder), [first.id]);
    assert.ok((await stat(blobPath(root, first.id))).mtimeMs > Date.now() - HOUR_MS);
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('concurrent puts of identical content all succeed with one file', async () => {
    const content = new TextEncoder().encode('delivered to twelve recipients at once');
    const refs = await Promise.all(Array.from({ length: 12 }, () => blobs.put(chunksOf(content, 5))));
    for (const ref of refs) assert.equal(ref.id, sha256(content));
    assert.deepEqual(await readdir(join(root, refs[0]!.id.slice(0, 2), refs[0]!.id.slice(2, 4))), [
      refs[0]!.id,
    ]);
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('a buffer over maxBytes is refused with tooBig before anything is written', async () => {
    await assert.rejects(blobs.put(new Uint8Array(11), { maxBytes: 10 }), isTooBig);
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
    const ref = await blobs.put(new Uint8Array(10), { maxBytes: 10 });
    assert.equal(ref.size, 10);
  });

  test('a stream crossing maxBytes is aborted with tooBig and its temporary file removed', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 1000; i += 1) {
        pulled += 1;
        await nextTick();
        yield new Uint8Array(1024);
      }
    }
    await assert.rejects(blobs.put(endless(), { maxBytes: 10 * 1024 + 5 }), isTooBig);
    assert.equal(pulled, 11, 'stops reading the source as soon as the limit is crossed');
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('the store-wide ceiling applies even when a put asks for more', async () => {
    const small = await openFileBlobStore({ root, maxBytes: 100 });
    await assert.rejects(small.put(new Uint8Array(101), { maxBytes: 1000 }), isTooBig);
    await assert.rejects(small.put(chunksOf(new Uint8Array(101), 10)), isTooBig);
    assert.equal((await small.put(new Uint8Array(100))).size, 100);
  });

  test('a failing source propagates its own error and leaves no temporary file', async () => {
    const failure = new Error('connection reset by the client');
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100);
      await nextTick();
      throw failure;
    }
    await assert.rejects(blobs.put(broken()), (error) => error === failure);
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('chunks that are not bytes are refused', async () => {
    async function* strings(): AsyncGenerator<Uint8Array> {
      await nextTick();
      yield 'text' as unknown as Uint8Array;
    }
    await assert.rejects(blobs.put(strings()), TypeError);
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('read streams the whole content or a byte range [start, end)', async () => {
    const content = new TextEncoder().encode('0123456789abcdef');
    const { id } = await blobs.put(content);
    assert.equal((await collect(await blobs.read(id))).toString(), '0123456789abcdef');
    assert.equal((await collect(await blobs.read(id, { start: 3, end: 7 }))).toString(), '3456');
    assert.equal((await collect(await blobs.read(id, { start: 0, end: 1 }))).toString(), '0');
    assert.equal((await collect(await blobs.read(id, { start: 5, end: 5 }))).toString(), '');
    assert.equal((await collect(await blobs.read(id, { start: 10, end: 1000 }))).toString(), 'abcdef');
    assert.equal((await collect(await blobs.read(id, { start: 100, end: 200 }))).toString(), '');
  });

  test('a large range is streamed in bounded chunks', async () => {
    const content = new Uint8Array(1024 * 1024).map((_, i) => i % 256);
    const { id } = await blobs.put(content);
    const stream = await blobs.read(id, { start: 1000, end: 900_000 });
    assert.ok(stream);
    let largest = 0;
    const parts: Uint8Array[] = [];
    for await (const part of stream) {
      largest = Math.max(largest, part.byteLength);
      parts.push(part);
    }
    assert.ok(largest <= 64 * 1024, `chunk of ${largest} bytes`);
    assert.deepEqual(Buffer.concat(parts), Buffer.from(content.subarray(1000, 900_000)));
  });

  test('a malformed range is a caller bug', async () => {
    const { id } = await blobs.put(new Uint8Array(10));
    await assert.rejects(blobs.read(id, { start: 5, end: 4 }), assert.AssertionError);
    await assert.rejects(blobs.read(id, { start: -1, end: 4 }), assert.AssertionError);
    await assert.rejects(blobs.read(id, { start: 0.5, end: 4 }), assert.AssertionError);
  });

  test('an unknown blob is absent, not an error', async () => {
    const unknown = sha256(new TextEncoder().encode('never stored'));
    assert.equal(await blobs.get(unknown), undefined);
    assert.equal(await blobs.read(unknown), undefined);
    assert.equal(await blobs.read(unknown, { start: 0, end: 1 }), undefined);
    assert.equal(await blobs.has(unknown), false);
    assert.equal(await blobs.delete(unknown), false);
  });

  test('malformed ids never reach the file system', async () => {
    // A file planted where a traversal would land must stay unreachable.
    await writeFile(join(root, 'secret'), 'not a blob');
    const { id } = await blobs.put(new TextEncoder().encode('x'));
    const malformed = [
      '../secret',
      `../${id}`,
      id.toUpperCase(),
      id.slice(1),
      `${id}0`,
      `${id.slice(0, 63)}/`,
      '',
      'tmp',
    ];
    for (const bad of malformed) {
      assert.equal(await blobs.get(bad), undefined, bad);
      assert.equal(await blobs.read(bad), undefined, bad);
      assert.equal(await blobs.has(bad), false, bad);
      assert.equal(await blobs.delete(bad), false, bad);
    }
    assert.equal(await blobs.has(id), true);
  });

  test('delete removes the blob once', async () => {
    const { id } = await blobs.put(new TextEncoder().encode('to delete'));
    assert.equal(await blobs.delete(id), true);
    assert.equal(await blobs.has(id), false);
    assert.equal(await blobs.get(id), undefined);
    assert.equal(await blobs.delete(id), false);
  });

  test('delete with olderThanMs keeps a blob written or re-put since then', async () => {
    const content = new TextEncoder().encode('referenced again');
    const { id } = await blobs.put(content);
    const cutoff = Date.now() - HOUR_MS;
    assert.equal(await blobs.delete(id, { olderThanMs: cutoff }), false, 'fresh blob kept');
    await makeOld(blobPath(root, id), 2 * HOUR_MS);
    await blobs.put(content);
    assert.equal(await blobs.delete(id, { olderThanMs: cutoff }), false, 're-put blob kept');
    assert.equal(await blobs.has(id), true);
    await makeOld(blobPath(root, id), 2 * HOUR_MS);
    assert.equal(await blobs.delete(id, { olderThanMs: cutoff }), true, 'old blob removed');
    assert.equal(await blobs.has(id), false);
    assert.deepEqual(await readdir(temporaryFolder(root)), [], 'no claimed file left behind');
  });

  test('a put racing a guarded delete always leaves the blob in place', async () => {
    // Whatever the interleaving, a put that resolved must find its blob afterwards: the collector either sees
    // the refreshed write time, restores what it claimed, or deletes before the put writes a new file.
    const content = new TextEncoder().encode('raced');
    const { id } = await blobs.put(content);
    for (let round = 0; round < 100; round += 1) {
      await makeOld(blobPath(root, id), 2 * HOUR_MS);
      // Start the delete a little later each round, so it lands before, inside and after the put.
      const deleting = delay(round % 4).then(() => blobs.delete(id, { olderThanMs: Date.now() - HOUR_MS }));
      const [, removed] = await Promise.all([blobs.put(content), deleting]);
      assert.equal(await blobs.has(id), true, `round ${round} (delete returned ${removed})`);
    }
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('list yields blobs written before the cutoff and skips stray files', async () => {
    const old = await blobs.put(new TextEncoder().encode('old'));
    const fresh = await blobs.put(new TextEncoder().encode('fresh'));
    await makeOld(blobPath(root, old.id), 2 * HOUR_MS);
    await writeFile(join(root, old.id.slice(0, 2), old.id.slice(2, 4), 'stray.txt'), 'x');
    await writeFile(join(root, 'zz'), 'x');
    const cutoff = Date.now() - HOUR_MS;
    const listed: string[] = [];
    for await (const id of blobs.list(cutoff)) listed.push(id);
    assert.deepEqual(listed, [old.id]);
    const all: string[] = [];
    for await (const id of blobs.list(Date.now() + HOUR_MS)) all.push(id);
    assert.deepEqual(all.sort(), [old.id, fresh.id].sort());
  });

  test('removeAbandonedWrites sweeps old partial writes and spares fresh ones', async () => {
    const folder = temporaryFolder(root);
    await writeFile(join(folder, 'crashed.part'), 'half a message');
    await writeFile(join(folder, 'writing.part'), 'in progress');
    await makeOld(join(folder, 'crashed.part'), 2 * HOUR_MS);
    assert.equal(await blobs.removeAbandonedWrites?.(Date.now() - HOUR_MS), 1);
    assert.deepEqual(await readdir(folder), ['writing.part']);
  });

  test('a blob claimed by a collector that crashed is put back by the sweep, whatever its age', async () => {
    const content = new TextEncoder().encode('claimed, then the collector died');
    const { id } = await blobs.put(content);
    const claimed = join(temporaryFolder(root), `${id}.0123abcd.collect`);
    await rename(blobPath(root, id), claimed);
    await makeOld(claimed, 2 * HOUR_MS);
    assert.equal(await blobs.has(id), false);
    assert.equal(await blobs.removeAbandonedWrites?.(Date.now() - HOUR_MS), 0);
    assert.deepEqual(await blobs.get(id), Buffer.from(content));
    assert.deepEqual(await readdir(temporaryFolder(root)), []);
  });

  test('blobs survive reopening the store', async () => {
    const { id } = await blobs.put(new TextEncoder().encode('durable'));
    const reopened = await openFileBlobStore({ root });
    assert.equal((await reopened.get(id))?.toString(), 'durable');
  });

  test('opening creates a missing root folder', async () => {
    const nested = join(root, 'data', 'blobs');
    const store = await openFileBlobStore({ root: nested });
    const { id } = await store.put(new Uint8Array([1, 2, 3]));
    assert.equal(await store.has(id), true);
    assert.equal((await stat(nested)).mode & 0o777, 0o700);
  });
});

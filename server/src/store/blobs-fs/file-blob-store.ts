// The blob store on local files: content-addressed by SHA-256 under <root>/ab/cd/<id>, written to tmp/,
// fsynced, renamed into place, folder fsynced, and only then acknowledged (DATA-MODEL.md §6).
// Security: ids are checked against /^[0-9a-f]{64}$/ before any path is built from them.

import assert from 'node:assert/strict';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, utimes, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { oneChunk } from '../one-chunk.ts';
import type { BlobRef, BlobStore } from '../store.ts';
import { removeAbandonedWrites, listBlobs } from './blob-listing.ts';
import { blobFolders, blobPath, isBlobId, temporaryFolder } from './blob-paths.ts';
import { removeBlobFile } from './blob-removal.ts';
import { isNotFound, storeUnavailable } from './file-errors.ts';
import { syncFolder } from './folder-sync.ts';
import { type TemporaryBlob, removeTemporaryFile, writeTemporaryBlob } from './temporary-blob-write.ts';

/**
 * Ceiling for one blob whatever the caller asks: above any message or upload the protocols accept,
 * low enough that one runaway stream cannot fill the disk on its own.
 */
export const DEFAULT_MAX_BLOB_BYTES = 1024 ** 3;
/** Folders hold mail: the server's user only. */
const FOLDER_MODE = 0o700;
/** Read chunk for ranged streams: large enough for few system calls, small enough for many concurrent FETCHes. */
const READ_CHUNK_BYTES = 64 * 1024;
/**
 * Ranges up to this are read with blocking calls on the event loop. A message's file is almost always in the
 * page cache (it was just listed, or just written), where open, read and close take a few microseconds each;
 * through the thread pool the same three calls cost three round trips and their promises, about ten times
 * that in CPU. A cold read from an SSD blocks for about 0.1 ms.
 */
const SMALL_READ_BYTES = 64 * 1024;

export interface FileBlobStoreOptions {
  /** The blob folder, usually <data>/blobs; created if missing. */
  readonly root: string;
  /** Largest blob accepted by any put (default DEFAULT_MAX_BLOB_BYTES). */
  readonly maxBytes?: number;
}

export async function openFileBlobStore(options: FileBlobStoreOptions): Promise<BlobStore> {
  const root = resolve(options.root);
  const ceiling = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  assert(Number.isSafeInteger(ceiling) && ceiling >= 0, 'maxBytes must be a non-negative integer');
  try {
    // A new folder's own entry must be durable too, or a power loss could take every blob with it.
    const created = await mkdir(root, { recursive: true, mode: FOLDER_MODE });
    if (created !== undefined) await syncFolder(dirname(root));
    if ((await mkdir(temporaryFolder(root), { recursive: true, mode: FOLDER_MODE })) !== undefined) {
      await syncFolder(root);
    }
  } catch (error) {
    throw storeUnavailable(`open ${root}`, error);
  }
  const placer = createBlobPlacer(root);

  return {
    async put(content, putOptions = {}): Promise<BlobRef> {
      const maxBytes = Math.min(ceiling, putOptions.maxBytes ?? ceiling);
      assert(Number.isSafeInteger(maxBytes) && maxBytes >= 0, 'maxBytes must be a non-negative integer');
      const written = await writeTemporaryBlob(temporaryFolder(root), content, maxBytes);
      try {
        await placer.place(written);
      } catch (error) {
        await removeTemporaryFile(written.path).catch(() => undefined);
        throw storeUnavailable('store a blob', error);
      }
      return { id: written.id, size: written.size };
    },

    async get(id) {
      if (!isBlobId(id)) return undefined;
      try {
        return await readFile(blobPath(root, id));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw storeUnavailable('read a blob', error);
      }
    },

    async read(id, range) {
      if (range !== undefined) {
        assert(
          Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end),
          'range bounds are integers',
        );
        assert(range.start >= 0 && range.start <= range.end, 'range is [start, end) with 0 <= start <= end');
      }
      if (!isBlobId(id)) return undefined;
      // Most messages fit in one chunk: one read and a close cost a fraction of a stream's machinery. (This
      // also answers an empty range, which createReadStream's inclusive end cannot express.)
      if (range !== undefined && range.end - range.start <= SMALL_READ_BYTES) {
        const bytes = readSmallRange(blobPath(root, id), range);
        return bytes === undefined ? undefined : oneChunk(bytes);
      }
      let handle: FileHandle;
      try {
        handle = await open(blobPath(root, id), 'r');
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw storeUnavailable('open a blob', error);
      }
      return handle.createReadStream({
        start: range?.start,
        end: range === undefined ? undefined : range.end - 1,
        highWaterMark: READ_CHUNK_BYTES,
      });
    },

    async has(id) {
      if (!isBlobId(id)) return false;
      try {
        return (await stat(blobPath(root, id))).isFile();
      } catch (error) {
        if (isNotFound(error)) return false;
        throw storeUnavailable('check a blob', error);
      }
    },

    async delete(id, deleteOptions = {}) {
      if (!isBlobId(id)) return false;
      return removeBlobFile(root, id, deleteOptions.olderThanMs);
    },

    list(olderThanMs) {
      return listBlobs(root, olderThanMs);
    },

    removeAbandonedWrites(olderThanMs) {
      return removeAbandonedWrites(root, olderThanMs);
    },
  };
}

/**
 * Moves fsynced temporary files to their content address. Remembers which fan-out folders this process has
 * made durable (at most 65,536), so their parents are fsynced once per process rather than once per put.
 */
function createBlobPlacer(root: string) {
  const durableFolders = new Set<string>();

  // A folder created by another process (or a concurrent put) may not be durable yet: fsync its parents
  // ourselves before trusting it, then remember. Fan-out folders are never removed.
  async function ensureFolders(id: string): Promise<string> {
    const [outer, inner] = blobFolders(root, id);
    if (durableFolders.has(inner)) return inner;
    await mkdir(inner, { recursive: true, mode: FOLDER_MODE });
    await syncFolder(root);
    await syncFolder(outer);
    durableFolders.add(inner);
    return inner;
  }

  return {
    async place(written: TemporaryBlob): Promise<void> {
      const folder = await ensureFolders(written.id);
      const path = blobPath(root, written.id);
      if (await refreshIfPresent(path)) {
        // Deduplicated. The folder fsync covers a concurrent put that renamed this file but has not yet
        // synced the folder: we must not acknowledge before it is durable.
        await removeTemporaryFile(written.path);
      } else {
        await rename(written.path, path);
      }
      await syncFolder(folder);
    },
  };
}

/**
 * Mark an existing blob as written now, so garbage collection running concurrently leaves it alone
 * (see blob-removal.ts). False when there is no such file.
 */
async function refreshIfPresent(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * The octets of [start, end) of a small range (fewer if the file is shorter), read synchronously: undefined
 * when the file does not exist.
 */
function readSmallRange(path: string, range: { start: number; end: number }): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw storeUnavailable('open a blob', error);
  }
  try {
    const buffer = Buffer.allocUnsafe(range.end - range.start);
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, range.start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    throw storeUnavailable('read a blob', error);
  } finally {
    closeSync(fd);
  }
}

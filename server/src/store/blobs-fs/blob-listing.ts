// Walks the fan-out folders for orphan collection, and sweeps what crashes left in the temporary folder.
// Folders are read as streams (opendir), so memory stays bounded whatever the number of blobs.

import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { claimedBlobId, isBlobId, isFanOutName, temporaryFolder } from './blob-paths.ts';
import { restoreClaimedBlob } from './blob-removal.ts';
import { isNotFound, storeUnavailable } from './file-errors.ts';
import { modifiedAt } from './file-times.ts';
import { removeTemporaryFile } from './temporary-blob-write.ts';

/** Ids of the blobs whose file was last written before `olderThanMs`; stray names are skipped. */
export async function* listBlobs(root: string, olderThanMs: number): AsyncGenerator<string> {
  for await (const outer of readFolder(root)) {
    if (!outer.isDirectory() || !isFanOutName(outer.name)) continue;
    for await (const inner of readFolder(join(root, outer.name))) {
      if (!inner.isDirectory() || !isFanOutName(inner.name)) continue;
      const folder = join(root, outer.name, inner.name);
      const prefix = outer.name + inner.name;
      for await (const entry of readFolder(folder)) {
        if (!entry.isFile() || !isBlobId(entry.name) || !entry.name.startsWith(prefix)) continue;
        const modifiedMs = await modifiedAt(join(folder, entry.name));
        if (modifiedMs !== undefined && modifiedMs < olderThanMs) yield entry.name;
      }
    }
  }
}

/**
 * Delete partial writes last written before `olderThanMs`; returns how many went. A claimed blob found there
 * (a collector crashed mid-delete) is put back whatever its age: the next collection decides about it again,
 * with the database at hand.
 */
export async function removeAbandonedWrites(root: string, olderThanMs: number): Promise<number> {
  let removed = 0;
  const folder = temporaryFolder(root);
  for await (const entry of readFolder(folder)) {
    if (!entry.isFile()) continue;
    const path = join(folder, entry.name);
    const claimedId = claimedBlobId(entry.name);
    if (claimedId !== undefined) {
      await restoreClaimedBlob(root, claimedId, path);
      continue;
    }
    const modifiedMs = await modifiedAt(path);
    if (modifiedMs === undefined || modifiedMs >= olderThanMs) continue;
    await removeTemporaryFile(path);
    removed += 1;
  }
  return removed;
}

async function* readFolder(path: string) {
  let folder;
  try {
    folder = await opendir(path);
  } catch (error) {
    if (isNotFound(error)) return;
    throw storeUnavailable('list a blob folder', error);
  }
  // Iterating a Dir closes it at the end, on break and on error.
  yield* folder;
}

// Deletes a blob file, optionally only if nobody has written (or re-put) it since a cutoff. A put of
// identical content refreshes the file's mtime instead of rewriting it; this check is what makes that safe.

import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { blobFolders, blobPath, claimPath } from './blob-paths.ts';
import { isNotFound, storeUnavailable } from './file-errors.ts';
import { modifiedAt } from './file-times.ts';
import { syncFolder } from './folder-sync.ts';

/** Names a claimed file in the temporary folder; random so two collectors never collide. */
const CLAIM_RANDOM_BYTES = 8;

/** True when this call removed the file. `id` must already be a valid blob id. */
export async function removeBlobFile(root: string, id: string, olderThanMs?: number): Promise<boolean> {
  const path = blobPath(root, id);
  if (olderThanMs === undefined) return unlinkIfPresent(path);

  // Cheap check first: a recently written blob stays put without ever leaving its place.
  const modifiedMs = await modifiedAt(path);
  if (modifiedMs === undefined || modifiedMs >= olderThanMs) return false;

  // Claim: move the file aside atomically, then look again. A put that refreshed the mtime between the
  // check and the rename shows up now; a put after the rename finds no file and writes a new one.
  const claimed = claimPath(root, id, randomBytes(CLAIM_RANDOM_BYTES).toString('hex'));
  try {
    await rename(path, claimed);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw storeUnavailable('claim a blob for deletion', error);
  }
  const claimedMs = await modifiedAt(claimed);
  if (claimedMs === undefined) return false;
  if (claimedMs >= olderThanMs) {
    // A crash right here leaves the claim in tmp/; the next sweep puts it back (removeAbandonedWrites).
    await restoreClaimedBlob(root, id, claimed);
    return false;
  }
  return unlinkIfPresent(claimed);
}

/**
 * Put a claimed file back at its content address. Any file already there has the same content, so overwriting
 * it loses nothing; a claim that another process restored first is simply gone.
 */
export async function restoreClaimedBlob(root: string, id: string, claimed: string): Promise<void> {
  try {
    await rename(claimed, blobPath(root, id));
    await syncFolder(blobFolders(root, id)[1]);
  } catch (error) {
    if (!isNotFound(error)) throw storeUnavailable('restore a claimed blob', error);
  }
}

async function unlinkIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw storeUnavailable('delete a blob', error);
  }
}

// Where a blob lives under the store's root: <root>/ab/cd/<sha-256 hex>, plus the folder for partial writes
// and for blobs claimed by a deletion in progress (<root>/tmp/<id>.<random>.collect).
// Security: ids come from clients (JMAP blobId, IMAP fetches); only 64 lower-case hex digits ever reach a path.

import { join } from 'node:path';

const BLOB_ID = /^[0-9a-f]{64}$/;
/** One fan-out level: two hex digits, 256 folders, so no folder holds more than a few thousand files. */
const FAN_OUT = /^[0-9a-f]{2}$/;
/** Partial writes live here, on the same file system as the blobs so the final rename is atomic. */
export const TEMPORARY_FOLDER = 'tmp';

/** A blob moved aside by a guarded delete; the random part keeps concurrent collectors apart. */
const CLAIMED = /^([0-9a-f]{64})\.[0-9a-f]{1,32}\.collect$/;

export function isBlobId(id: string): boolean {
  return BLOB_ID.test(id);
}

export function isFanOutName(name: string): boolean {
  return FAN_OUT.test(name);
}

/** The two fan-out folders of a valid id, outermost first. */
export function blobFolders(root: string, id: string): readonly [string, string] {
  const outer = join(root, id.slice(0, 2));
  return [outer, join(outer, id.slice(2, 4))];
}

export function blobPath(root: string, id: string): string {
  return join(blobFolders(root, id)[1], id);
}

export function temporaryFolder(root: string): string {
  return join(root, TEMPORARY_FOLDER);
}

export function claimPath(root: string, id: string, random: string): string {
  return join(temporaryFolder(root), `${id}.${random}.collect`);
}

/** The blob id of a claimed file's name, or undefined for any other name. */
export function claimedBlobId(name: string): string | undefined {
  return CLAIMED.exec(name)?.[1];
}

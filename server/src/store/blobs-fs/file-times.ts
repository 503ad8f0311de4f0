// A file's last write time, which the blob store uses as "last put": a put of existing content refreshes it.

import { lstat } from 'node:fs/promises';
import { isNotFound, storeUnavailable } from './file-errors.ts';

/** The file's mtime, or undefined when it vanished meanwhile (another process collected it). */
export async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await lstat(path)).mtimeMs;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw storeUnavailable('read a blob file status', error);
  }
}

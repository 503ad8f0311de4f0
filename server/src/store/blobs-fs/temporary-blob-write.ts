// Streams content into a temporary file while hashing it, bounded in size, and fsyncs it before returning.
// The caller renames the file to its content address; on any failure the temporary file is removed here.

import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '#core/errors';
import { isNotFound, storeUnavailable } from './file-errors.ts';

/**
 * Upper bound on chunks per blob: a source stuck yielding empty chunks must not spin forever.
 * 2^24 chunks of the usual 64 KiB is 1 TiB, far above any byte limit.
 */
const MAX_CHUNKS = 2 ** 24;
/** Partial writes hold mail: readable by the server's user only. */
const FILE_MODE = 0o600;
/** 128 random bits: concurrent writers in several processes never pick the same name. */
const NAME_RANDOM_BYTES = 16;
export const TEMPORARY_SUFFIX = '.part';

export interface TemporaryBlob {
  readonly path: string;
  /** SHA-256 of the content, lower-case hex. */
  readonly id: string;
  readonly size: number;
}

export async function writeTemporaryBlob(
  folder: string,
  content: Uint8Array | AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<TemporaryBlob> {
  // Refuse a known-too-large buffer before touching the disk.
  if (content instanceof Uint8Array && content.byteLength > maxBytes) throw tooBig(maxBytes);
  const path = join(folder, randomBytes(NAME_RANDOM_BYTES).toString('hex') + TEMPORARY_SUFFIX);
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx', FILE_MODE);
  } catch (error) {
    throw storeUnavailable('create a temporary file', error);
  }
  try {
    const hash = createHash('sha256');
    let size = 0;
    let chunks = 0;
    for await (const chunk of content instanceof Uint8Array ? [content] : content) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError('blob content must be Uint8Array chunks');
      chunks += 1;
      if (chunks > MAX_CHUNKS)
        throw new StoreError('tooBig', `blob content in more than ${MAX_CHUNKS} chunks`);
      size += chunk.byteLength;
      if (size > maxBytes) throw tooBig(maxBytes);
      hash.update(chunk);
      await writeFully(handle, chunk);
    }
    await syncOrFail(handle);
    await handle.close();
    return { path, id: hash.digest('hex'), size };
  } catch (error) {
    // Errors from the source (a dropped connection) propagate as they are; the file goes either way.
    await handle.close().catch(() => undefined);
    await removeTemporaryFile(path);
    throw error;
  }
}

/** Remove a temporary file, ignoring its absence (the garbage collector may have been first). */
export async function removeTemporaryFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isNotFound(error)) throw storeUnavailable('remove a temporary file', error);
  }
}

function tooBig(maxBytes: number): StoreError {
  return new StoreError('tooBig', `blob larger than ${maxBytes} bytes`);
}

// write() may write fewer bytes than asked; each turn writes at least one, so the loop ends.
async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.write(bytes, offset, bytes.byteLength - offset));
    } catch (error) {
      throw storeUnavailable('write a temporary file', error);
    }
    if (written <= 0) throw storeUnavailable('write a temporary file', new Error('no progress'));
    offset += written;
  }
}

async function syncOrFail(handle: FileHandle): Promise<void> {
  try {
    await handle.sync();
  } catch (error) {
    throw storeUnavailable('fsync a temporary file', error);
  }
}

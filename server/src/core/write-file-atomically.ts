// Replace a file so that a reader (or a crash) sees the old content or the new, never a mix: write a
// temporary sibling, fsync it, rename it over the target, fsync the folder (DATA-MODEL.md §6). Content too
// large to hold at once (an audit export) is written chunk by chunk the same way.

import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomically(path: string, content: string, mode: number): Promise<void> {
  await writeChunksAtomically(path, [content], mode);
}

/** Like writeFileAtomically, with content that comes in chunks; a failure while they come leaves the target as it was. */
export async function writeChunksAtomically(
  path: string,
  chunks: Iterable<string> | AsyncIterable<string>,
  mode: number,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  // 'wx': never follow or reuse a file someone planted under the temporary name.
  const handle = await open(temporary, 'wx', mode);
  try {
    // writeFile on a handle appends at its position, and writes the whole chunk.
    for await (const chunk of chunks) await handle.writeFile(chunk);
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

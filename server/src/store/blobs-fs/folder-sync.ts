// fsync of folders, so a rename or a new folder entry survives a power loss (DATA-MODEL.md §6).

import { open } from 'node:fs/promises';

export async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

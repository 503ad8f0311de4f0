// Durability for SQLite commits without blocking the event loop (docs/decisions/0002-sqlite-durability.md).
// node:sqlite is synchronous: with synchronous=FULL the commit's fsync would stall every connection of the
// process for its whole duration. Instead every commit runs at NORMAL (the WAL frames are written, not
// synced) and a durable write then waits here for an fdatasync of the `-wal` file, done on libuv's thread
// pool. The fsync covers every frame written before it started, so callers that commit while one is in
// flight share the next one: group commit across transactions and processes.

import { open } from 'node:fs/promises';

/** Flushes one file's data to disk. Injectable so tests can hold a sync and count them. */
export type SyncFile = (path: string) => Promise<void>;

export const syncFileData: SyncFile = async (path) => {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    // SQLite removes the WAL only after a complete checkpoint, which syncs the database file first: every
    // frame it held is already on disk.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    // fdatasync also flushes the file size, which a growing WAL needs to be read back.
    await handle.datasync();
  } finally {
    await handle.close();
  }
};

export class WalSync {
  readonly #path: string;
  readonly #syncFile: SyncFile;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(walPath: string, syncFile: SyncFile = syncFileData) {
    this.#path = walPath;
    this.#syncFile = syncFile;
  }

  /**
   * Resolves once every WAL frame written before this call is on disk. A sync already running may have
   * started before those frames were written, so the caller waits for one that starts after it: at most one
   * runs and one waits, whatever the number of callers.
   */
  afterCommit(): Promise<void> {
    if (this.#running === undefined) return this.#start();
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    return this.#queued;
  }

  #start(): Promise<void> {
    const sync = this.#syncFile(this.#path).finally(() => {
      if (this.#running === sync) this.#running = undefined;
    });
    this.#running = sync;
    return sync;
  }
}

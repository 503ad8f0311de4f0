// node:sqlite errors mapped once to StoreError codes, and the asynchronous wait for a lock held by another
// connection (SQLite's own busy handler would sleep on the event loop; ours yields between attempts).

import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '#core/errors';

// Primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte.
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/**
 * Longest pause between two attempts. Another worker's write transaction holds the lock a few milliseconds
 * (its fsync happens after the lock is released: wal-sync.ts), so a longer sleep leaves the lock idle while
 * work waits; an attempt costs microseconds, so polling this often is cheap.
 */
const MAX_RETRY_PAUSE_MS = 4;
/**
 * Attempts made a turn of the event loop apart before the pauses start: a timer sleeps at least a millisecond,
 * several times a short transaction of the other worker (an IMAP STORE holds the lock about 0.3 ms). In
 * bench:imap's STORE phase (two workers, ten clients) this took 2,070–2,280 to 2,390–2,600 STOREs per second
 * at the same CPU per STORE. A lock held longer (an import) costs these few attempts, then the pauses.
 */
const IMMEDIATE_RETRIES = 4;

function resultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' ? errcode : undefined;
}

export function isSqliteBusy(error: unknown): boolean {
  const code = resultCode(error);
  return code !== undefined && ((code & 0xff) === SQLITE_BUSY || (code & 0xff) === SQLITE_LOCKED);
}

/** The StoreError for a node:sqlite error, or the error itself when it is a bug (SQL syntax, bad parameter). */
export function mapSqliteError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = resultCode(error);
  if (code === undefined) return error;
  const message = (error as Error).message;
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new StoreError('busy', `database is locked: ${message}`, { cause: error });
    case SQLITE_CONSTRAINT:
      // NOT NULL and CHECK failures are bugs in the caller, not conflicts with another writer.
      if (
        code === SQLITE_CONSTRAINT_UNIQUE ||
        code === SQLITE_CONSTRAINT_PRIMARYKEY ||
        code === SQLITE_CONSTRAINT_FOREIGNKEY
      ) {
        return new StoreError('conflict', message, { cause: error });
      }
      return error;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return new StoreError('corrupt', `database file is damaged: ${message}`, { cause: error });
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return new StoreError('unavailable', `database file unavailable: ${message}`, { cause: error });
    default:
      return error;
  }
}

/**
 * Run `action` until it does not fail with SQLITE_BUSY, pausing (without blocking the event loop) between
 * attempts, for at most `timeoutMs`; then fail with StoreError busy. `pause` sleeps (tests pass their own).
 */
export async function retryWhileBusy<T>(
  action: () => T,
  timeoutMs: number,
  what: string,
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return action();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (performance.now() >= deadline) {
        throw new StoreError('busy', `${what}: database still locked after ${timeoutMs} ms`, {
          cause: error,
        });
      }
    }
    if (attempt < IMMEDIATE_RETRIES) {
      await nextTurn();
      continue;
    }
    const longest = Math.min(2 ** (attempt - IMMEDIATE_RETRIES), MAX_RETRY_PAUSE_MS);
    // Jitter keeps several waiting processes from retrying in lockstep.
    await pause(longest * (0.5 + Math.random() / 2));
  }
}

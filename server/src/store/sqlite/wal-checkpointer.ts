// WAL checkpoints on a thread of their own. By default SQLite checkpoints inside the commit that crosses
// wal_autocheckpoint pages, on the committing connection: copying the pages and fsyncing the database file
// there stalls the event loop for tens of milliseconds, every few hundred messages. A long-running server
// turns that off on its writer and asks this thread to checkpoint at a steady pace instead.
// If the thread fails, the writer gets automatic checkpoints back, so the WAL never grows without bound.

import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { Logger } from '#core/log';

/**
 * Time between two checkpoints. At a few hundred messages per second the WAL then holds about a second of
 * writes (a few MB), far below journal_size_limit, and readers find recent pages in the WAL quickly.
 */
export const CHECKPOINT_INTERVAL_MS = 1_000;
/**
 * A WAL past this many frames (64 MiB of 4 KiB pages) is emptied by a TRUNCATE checkpoint on the thread
 * (wal-checkpoint-thread.ts): PASSIVE alone may let it grow without bound under steady load.
 */
export const TRUNCATE_ABOVE_FRAMES = 16_384;
/** How long close() lets a running checkpoint finish before stopping the thread. */
const CLOSE_WAIT_MS = 5_000;
/** SQLite's own default, restored when the thread is gone. */
const AUTOCHECKPOINT_PAGES = 1_000;
/**
 * A writer whose checkpoints another process's thread takes checkpoints by itself only past this: twice what
 * that thread lets the WAL reach, so only when the thread is gone (its process stopped or is restarting).
 */
export const SAFETY_NET_PAGES = 2 * TRUNCATE_ABOVE_FRAMES;

/**
 * For a writer in a process of a node where another process runs the checkpoint thread (one thread per database
 * file is enough: it copies every process's frames). Each thread is an isolate of its own, about 20 MB.
 */
export function leaveCheckpointsToAnotherProcess(writer: DatabaseSync): void {
  writer.exec(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
}

export interface WalCheckpointer {
  /** Checkpoints done, and the WAL frames the last one found and copied (for tests and diagnostics). */
  stats(): {
    readonly runs: number;
    readonly walFrames: number;
    readonly copied: number;
    readonly truncations: number;
  };
  close(): Promise<void>;
}

interface CheckpointReply {
  readonly ok: boolean;
  readonly walFrames?: number;
  readonly copied?: number;
  readonly truncated?: boolean;
  readonly error?: string;
}

export function startWalCheckpointer(options: {
  readonly path: string;
  readonly writer: DatabaseSync;
  readonly log: Logger;
  readonly intervalMs?: number;
  /** For tests: a smaller WAL than TRUNCATE_ABOVE_FRAMES gets truncated. */
  readonly truncateAboveFrames?: number;
  /** The thread's script; tests substitute one that fails. */
  readonly threadScript?: URL;
}): WalCheckpointer {
  const { path, writer, log } = options;
  const script = options.threadScript ?? new URL('./wal-checkpoint-thread.ts', import.meta.url);
  const truncateAboveFrames = options.truncateAboveFrames ?? TRUNCATE_ABOVE_FRAMES;
  const thread = new Worker(script, { workerData: { path, truncateAboveFrames } });
  thread.unref();
  writer.exec('PRAGMA wal_autocheckpoint = 0');
  let isWaiting = false;
  let isClosed = false;
  let stats = { runs: 0, walFrames: 0, copied: 0, truncations: 0 };

  const fallBack = (why: unknown) => {
    if (isClosed) return;
    isClosed = true;
    clearInterval(timer);
    log.error({ err: why }, 'WAL checkpoint thread stopped; the writer checkpoints by itself again');
    if (writer.isOpen) writer.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  thread.on('error', fallBack);
  thread.on('exit', (code) => fallBack(new Error(`checkpoint thread exited with code ${code}`)));
  thread.on('message', (reply: CheckpointReply) => {
    isWaiting = false;
    if (!reply.ok) log.debug({ reason: reply.error }, 'WAL checkpoint skipped');
    else {
      stats = {
        runs: stats.runs + 1,
        walFrames: reply.walFrames ?? 0,
        copied: reply.copied ?? 0,
        truncations: stats.truncations + (reply.truncated === true ? 1 : 0),
      };
    }
  });

  const timer = setInterval(() => {
    // One request at a time: a slow disk must not pile requests up behind the one in progress.
    if (isWaiting || isClosed) return;
    isWaiting = true;
    thread.postMessage('checkpoint');
  }, options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
  timer.unref();

  return {
    stats: () => stats,
    async close() {
      if (isClosed) return;
      isClosed = true;
      clearInterval(timer);
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      thread.postMessage('close');
      // A checkpoint in progress ends within the disk's time; a thread that does not is stopped.
      const stop = setTimeout(() => void thread.terminate(), CLOSE_WAIT_MS);
      await exited;
      clearTimeout(stop);
    },
  };
}

// The body of the checkpoint thread (wal-checkpointer.ts): its own connection to the database file, and one
// PASSIVE checkpoint per request. PASSIVE never waits for readers or writers, so it cannot stall the
// process's writer; what it cannot copy now, the next request copies.

import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointRow {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

const { path } = workerData as { path: string };
// A short busy timeout: another process's checkpoint in progress is a reason to skip this turn, not to wait.
const database = new DatabaseSync(path, { timeout: 50 });
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');

parentPort?.on('message', (message: unknown) => {
  if (message === 'close') {
    database.close();
    parentPort?.close();
    return;
  }
  try {
    const row = checkpoint.get() as CheckpointRow | undefined;
    parentPort?.postMessage({ ok: true, walFrames: row?.log ?? 0, copied: row?.checkpointed ?? 0 });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

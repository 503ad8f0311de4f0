// The body of the checkpoint thread (wal-checkpointer.ts): its own connection to the database file, and one
// checkpoint per request. PASSIVE never waits for readers or writers, so it cannot stall the process's
// writer; what it cannot copy now, the next request copies. But under steady reads and writes a PASSIVE
// checkpoint may never find the moment to start the WAL over, and the file grows by gigabytes (then the
// first writer after a complete checkpoint cuts it back to journal_size_limit inside its COMMIT, seconds of
// a stalled event loop). So past truncateAboveFrames the thread asks for TRUNCATE: it waits at most the
// busy timeout for readers and writers, copies everything, and empties the WAL here, off every event loop.

import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

interface CheckpointRow {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

const { path, truncateAboveFrames } = workerData as { path: string; truncateAboveFrames: number };
// A short busy timeout: another process's checkpoint in progress is a reason to skip this turn, not to wait.
const database = new DatabaseSync(path, { timeout: 50 });
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = database.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
let lastWalFrames = 0;

parentPort?.on('message', (message: unknown) => {
  if (message === 'close') {
    database.close();
    parentPort?.close();
    return;
  }
  try {
    const isLarge = lastWalFrames > truncateAboveFrames;
    const row = (isLarge ? truncate : checkpoint).get() as CheckpointRow | undefined;
    // After a TRUNCATE that got through, the WAL is empty (log 0); a busy one reports what is left.
    lastWalFrames = row?.log ?? 0;
    parentPort?.postMessage({
      ok: true,
      walFrames: row?.log ?? 0,
      copied: row?.checkpointed ?? 0,
      truncated: isLarge && row?.busy === 0,
    });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

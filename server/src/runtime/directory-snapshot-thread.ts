// The body of a directory snapshot thread (directory-snapshot-builds.ts): a read connection of its own to the
// process's database, one snapshot built (domain/directory/directory-snapshot.ts) and posted back with its
// buffers moved, then the thread ends. The seconds of reading and folding a large académie takes are spent
// here, not on the event loop that serves IMAP, SMTP and HTTP.

import type { Kysely } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import { buildDirectorySnapshot, snapshotBuffers } from '#domain/directory';
import type { DatabaseSchema, ReaderLocation } from '#store';
import { openPostgresReader } from '../store/postgres/postgres-database.ts';
import { openSqliteReader } from '../store/sqlite/sqlite-database.ts';

const { location, nowMs } = workerData as { location: ReaderLocation; nowMs: number };
let db: Kysely<DatabaseSchema> | undefined;
try {
  db =
    location.dialect === 'sqlite'
      ? openSqliteReader(location.path, location.busyTimeoutMs)
      : openPostgresReader(location.url);
  const data = await buildDirectorySnapshot(db, nowMs);
  parentPort?.postMessage({ ok: true, data }, snapshotBuffers(data));
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
} finally {
  await db?.destroy();
}

// The relational store on one SQLite file (node:sqlite): WAL, one writer connection per process whose
// transactions are queued in-process and begin IMMEDIATE, and a separate read-only connection for reads.
// Every commit runs at synchronous=NORMAL; a durable write then waits for an fdatasync of the WAL, done off the
// event loop and shared by concurrent writers (docs/decisions/0002-sqlite-durability.md).

import { DatabaseSync } from 'node:sqlite';
import { Kysely } from 'kysely';
import { systemClock, type Clock } from '#core/clock';
import { StoreError } from '#core/errors';
import { silentLogger, type Logger } from '#core/log';
import { runMigrations } from '../migrations/run-migrations.ts';
import type { DatabaseSchema } from '../schema.ts';
import { type SearchFolder, startSearchFolder } from '../search/sqlite-search-folder.ts';
import { createSqliteSearchIndex } from '../search/sqlite-search-index.ts';
import type {
  Database,
  DialectInfo,
  EventBus,
  ReaderLocation,
  SearchIndex,
  WriteLockObserver,
  WriteOptions,
  WriteTransaction,
} from '../store.ts';
import { bindConnection } from '../bound-connection.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { assertNotInsideWrite, type WriteContext } from '../write-transaction.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import { mapSqliteError, retryWhileBusy } from './sqlite-errors.ts';
import {
  leaveCheckpointsToAnotherProcess,
  startWalCheckpointer,
  type WalCheckpointer,
} from './wal-checkpointer.ts';
import { WalSync, type SyncFile } from './wal-sync.ts';
import { WriteBatcher } from './write-batcher.ts';

export interface SqliteDatabaseOptions {
  /** The database file; created when missing. Its folder must exist. */
  readonly path: string;
  readonly bus?: EventBus;
  readonly log?: Logger;
  /** How long a write waits for another process's write lock before failing with StoreError busy. */
  readonly busyTimeoutMs?: number;
  readonly clock?: Clock;
  /** How a durable write flushes the WAL file; the default is fdatasync on the thread pool. For tests. */
  readonly syncFile?: SyncFile;
  /**
   * Who checkpoints the WAL (wal-checkpointer.ts). `inline`, the default: SQLite inside commits, for short
   * commands. `thread`: a thread of this process, off the event loop, for the server's long-running process
   * that owns the node's checkpoints. `elsewhere`: another process of the node runs that thread; this writer
   * checkpoints only if the WAL grows far beyond what the thread allows.
   */
  readonly checkpoints?: 'inline' | 'thread' | 'elsewhere';
  /**
   * Run the job that folds pending search documents into FTS5 (sqlite-search-folder.ts), in the one process
   * of the node that runs its maintenance. Without it, each search folds its own account's pending documents.
   */
  readonly foldsSearchIndex?: boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
/** After a checkpoint the WAL file is truncated to this, so one burst does not keep a huge file forever. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

const DIALECT: DialectInfo = { name: 'sqlite', isShared: false };

export async function openSqliteDatabase(options: SqliteDatabaseOptions): Promise<Database> {
  const { path } = options;
  const log = options.log ?? silentLogger();
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (path === '' || path === ':memory:' || path.startsWith('file:')) {
    // Two connections (writer and reader) must see the same data: only a named file does that.
    throw new StoreError('unavailable', `SQLite needs a file path, not ${JSON.stringify(path)}`);
  }

  let writer: DatabaseSync | undefined;
  let reader: DatabaseSync | undefined;
  try {
    // Writer: busy timeout 0 because waits happen in retryWhileBusy, off the event loop.
    writer = openConnection(path, { timeout: 0 });
    const openedWriter = writer;
    await retryWhileBusy(() => setWalMode(openedWriter), busyTimeoutMs, 'journal_mode=WAL');
    writer.exec(`PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    const lockTimes: { observer?: WriteLockObserver } = {};
    const writerDb = kyselyOn(writer, 'begin immediate', busyTimeoutMs, lockTimes);
    await runMigrations(writerDb, 'sqlite', { clock: options.clock });
    // A batched transaction (write-batcher.ts) runs each write in a savepoint, whose journal SQLite spills to a
    // new file in /var/tmp past 64 KiB: one file created, written and deleted per delivery batch. In memory it is
    // at most the pages one batch touches. Set after the migrations: a table rebuild may need a temporary table
    // as large as the table, which belongs on disk.
    writer.exec('PRAGMA temp_store = MEMORY');

    // Reader: a lock there is only WAL recovery after a crash, brief enough to wait for in SQLite itself.
    reader = openConnection(path, { readOnly: true, timeout: busyTimeoutMs });
    const readerDb = kyselyOn(reader, 'begin', busyTimeoutMs);
    // Never in a transaction, and node:sqlite runs one statement at a time: prepared reads go straight to it.
    await bindConnection(readerDb);
    const checkpointer =
      options.checkpoints === 'thread' ? startWalCheckpointer({ path, writer, log }) : undefined;
    if (options.checkpoints === 'elsewhere') leaveCheckpointsToAnotherProcess(writer);
    const database = new SqliteDatabase(
      { dialect: 'sqlite', path, busyTimeoutMs },
      {
        lockTimes,
        writer,
        reader,
        writerDb,
        readerDb,
        walSync: new WalSync(`${path}-wal`, options.syncFile),
        checkpointer,
      },
      {
        db: writerDb,
        bus: options.bus,
        log,
        clock: options.clock ?? systemClock,
        // BEGIN IMMEDIATE already waited for the lock, and nothing inside the transaction waits again.
        maxAttempts: 1,
        isRetryable: () => false,
      },
    );
    if (options.foldsSearchIndex === true) database.startSearchFolder(log);
    return database;
  } catch (error) {
    if (reader?.isOpen) reader.close();
    if (writer?.isOpen) writer.close();
    throw mapSqliteError(error);
  }
}

/*
 * No ANALYZE, on purpose. Statistics taken on a new (empty) database made FTS5's own statements several times
 * slower (APPEND 60 -> 20 msg/s) and go stale as mailboxes grow; SQLite's default guesses are stable. Hot
 * queries are written so that the index they need is the only usable one: emails by id alone (ownedBy),
 * changes through (mailbox_id, modseq) without ORDER BY (mailbox-reads.ts).
 */

/**
 * A read-only connection of its own to the database file at `path`, for a worker thread (readerLocation):
 * WAL mode lets it read while this process's writer writes.
 */
export function openSqliteReader(path: string, busyTimeoutMs: number): Kysely<DatabaseSchema> {
  return kyselyOn(openConnection(path, { readOnly: true, timeout: busyTimeoutMs }), 'begin', busyTimeoutMs);
}

function openConnection(path: string, options: { timeout: number; readOnly?: boolean }): DatabaseSync {
  return new DatabaseSync(path, { ...options, enableForeignKeyConstraints: true });
}

function kyselyOn(
  database: DatabaseSync,
  beginStatement: 'begin' | 'begin immediate',
  busyTimeoutMs: number,
  lockTimes?: { observer?: WriteLockObserver },
): Kysely<DatabaseSchema> {
  const dialect = nodeSqliteDialect({
    database,
    beginStatement,
    busyTimeoutMs,
    ...(lockTimes === undefined ? {} : { lockTimes }),
  });
  return new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
}

function setWalMode(database: DatabaseSync): void {
  const row = database.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode?: string } | undefined;
  if (row?.journal_mode !== 'wal') {
    throw new StoreError('unavailable', `SQLite refused WAL mode (journal_mode is ${row?.journal_mode})`);
  }
}

interface Connections {
  /** The writer's lock times go to `observer` once observeWriteLock has set it. */
  readonly lockTimes: { observer?: WriteLockObserver };
  readonly writer: DatabaseSync;
  readonly reader: DatabaseSync;
  readonly writerDb: Kysely<DatabaseSchema>;
  readonly readerDb: Kysely<DatabaseSchema>;
  readonly walSync: WalSync;
  readonly checkpointer: WalCheckpointer | undefined;
}

class SqliteDatabase implements Database {
  readonly dialect = DIALECT;
  readonly db: Kysely<DatabaseSchema>;
  readonly search: SearchIndex;
  readonly readerLocation: ReaderLocation;
  readonly #connections: Connections;
  readonly #writes: WriteBatcher;
  #searchFolder: SearchFolder | undefined;
  #isClosed = false;

  constructor(readerLocation: ReaderLocation, connections: Connections, context: WriteContext) {
    this.readerLocation = readerLocation;
    this.#connections = connections;
    this.db = connections.readerDb;
    this.search = createSqliteSearchIndex(connections.readerDb, (work) => this.write(work));
    this.#writes = new WriteBatcher(context);
  }

  startSearchFolder(log: Logger): void {
    this.#searchFolder ??= startSearchFolder({
      reader: this.#connections.readerDb,
      write: (work) => this.write(work),
      log,
    });
  }

  async write<T>(work: (tx: WriteTransaction) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    assertNotInsideWrite();
    if (this.#isClosed) throw new StoreError('unavailable', 'the database is closed');
    const result = await this.#writes.run(work);
    // Outside the queue: the next transaction runs while the disk syncs this one, and joins the next sync.
    if (options.isDurable === true) await this.#connections.walSync.afterCommit();
    return result;
  }

  observeWriteLock(observer: WriteLockObserver): void {
    this.#connections.lockTimes.observer = observer;
  }

  async ping(): Promise<void> {
    await this.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    // The folder's batch in progress is queued or running already: the queue finishes it.
    await this.#searchFolder?.close();
    await this.#writes.idle();
    const { writer, reader, writerDb, readerDb, checkpointer } = this.#connections;
    await checkpointer?.close();
    await readerDb.destroy();
    await writerDb.destroy();
    // Kysely closes only connections it used; the reader goes first so the writer's close can checkpoint
    // the WAL into the database file and remove it.
    if (reader.isOpen) reader.close();
    if (writer.isOpen) writer.close();
  }
}

// The relational store on PostgreSQL (postgres.js through kysely-postgres-js), shared by several nodes.
// READ COMMITTED; the account row taken by takeNextModseq orders writers to one account; serialization failures
// and deadlocks run the transaction again a few times before failing with StoreError busy.

import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { systemClock, type Clock } from '#core/clock';
import { StoreError } from '#core/errors';
import { silentLogger, type Logger } from '#core/log';
import { runMigrations } from '../migrations/run-migrations.ts';
import type { DatabaseSchema } from '../schema.ts';
import { createPostgresSearchIndex } from '../search/postgres-search-index.ts';
import type {
  Database,
  DialectInfo,
  EventBus,
  ReaderLocation,
  SearchIndex,
  WriteTransaction,
} from '../store.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { assertNotInsideWrite, runWriteTransaction, type WriteContext } from '../write-transaction.ts';
import { isRetryablePostgresError, mapPostgresError } from './postgres-errors.ts';

export interface PostgresDatabaseOptions {
  /** postgres://user:password@host:port/database; query parameters such as ?search_path=vercors are passed on. */
  readonly url: string;
  readonly bus?: EventBus;
  readonly log?: Logger;
  /** Connections this process keeps; workers × nodes × poolSize must stay below max_connections. */
  readonly poolSize?: number;
  readonly clock?: Clock;
}

const DEFAULT_POOL_SIZE = 10;
/** A server that does not answer within this is as good as down for a mail server: fail and let clients retry. */
const CONNECT_TIMEOUT_S = 10;
/** Runs of a transaction that keeps hitting serialization failures or deadlocks before giving up with busy. */
const MAX_ATTEMPTS = 5;
/** int8 (bigint) columns hold times in ms, modseqs, sizes: all far below 2^53, so plain numbers are exact. */
const INT8_OID = 20;

const DIALECT: DialectInfo = { name: 'postgres', isShared: true };

export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const log = options.log ?? silentLogger();
  const sql = postgres(options.url, postgresClientOptions(options.poolSize ?? DEFAULT_POOL_SIZE, log));
  const db = new Kysely<DatabaseSchema>({
    dialect: withStoreErrors(new PostgresJSDialect({ postgres: sql }), mapPostgresError),
  });
  try {
    await runMigrations(db, 'postgres', { clock: options.clock });
  } catch (error) {
    await db.destroy();
    throw mapPostgresError(error);
  }
  return new PostgresDatabase(
    db,
    { dialect: 'postgres', url: options.url },
    {
      db,
      bus: options.bus,
      log,
      clock: options.clock ?? systemClock,
      maxAttempts: MAX_ATTEMPTS,
      isRetryable: isRetryablePostgresError,
      // Explicit, so a server-wide default_transaction_isolation cannot change the locking argument above.
      isolationLevel: 'read committed',
    },
  );
}

/** postgres.js settings of every connection pool, the server's and a worker thread's (openPostgresReader). */
function postgresClientOptions(max: number, log: Logger) {
  return {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    // fetch_types stays on: with it off, reserve() on a fresh pool never settles (porsager/postgres#751, #1219),
    // and kysely-postgres-js reserves a connection for every query.
    types: {
      int8: { to: INT8_OID, from: [INT8_OID], serialize: (value: number) => String(value), parse: Number },
    },
    // "relation already exists, skipping" and friends: worth a debug line, not the console.
    onnotice: (notice: { message?: string }) => log.debug({ notice: notice.message }, 'postgres notice'),
    connection: { application_name: 'vercors' },
  };
}

/** One connection of its own to the database at `url`, for a worker thread's reads (Database.readerLocation). */
export function openPostgresReader(url: string): Kysely<DatabaseSchema> {
  const sql = postgres(url, postgresClientOptions(1, silentLogger()));
  return new Kysely<DatabaseSchema>({
    dialect: withStoreErrors(new PostgresJSDialect({ postgres: sql }), mapPostgresError),
  });
}

class PostgresDatabase implements Database {
  readonly dialect = DIALECT;
  readonly db: Kysely<DatabaseSchema>;
  readonly search: SearchIndex;
  readonly readerLocation: ReaderLocation;
  readonly #context: WriteContext;
  #isClosed = false;

  constructor(db: Kysely<DatabaseSchema>, readerLocation: ReaderLocation, context: WriteContext) {
    this.db = db;
    this.readerLocation = readerLocation;
    this.search = createPostgresSearchIndex(db);
    this.#context = context;
  }

  /** WriteOptions.isDurable needs nothing here: with synchronous_commit=on every commit waits for its WAL flush. */
  async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    assertNotInsideWrite();
    if (this.#isClosed) throw new StoreError('unavailable', 'the database is closed');
    return await runWriteTransaction(this.#context, work);
  }

  async ping(): Promise<void> {
    await this.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    // postgres.js lets running queries finish before it closes the connections.
    await this.db.destroy();
  }
}

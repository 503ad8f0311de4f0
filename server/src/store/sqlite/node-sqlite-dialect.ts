// A Kysely dialect over the built-in node:sqlite (kysely 0.29 ships none): kysely's SQLite compiler, adapter
// and introspector around our own driver. One DatabaseSync per dialect; SqliteAdapter tells kysely to lend
// that connection to one caller at a time, so a transaction never interleaves with another query.

import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { WriteLockObserver } from '../store.ts';
import { retryWhileBusy } from './sqlite-errors.ts';

/** Prepared statements kept per connection; the store issues a few dozen distinct statements. */
const STATEMENT_CACHE_SIZE = 256;

/** Statements that change the schema (migrations), after which the cached statements are prepared again. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\s/i;

export interface NodeSqliteDialectOptions {
  readonly database: DatabaseSync;
  /** 'begin immediate' on the writer takes the write lock up front, so a transaction never fails half-way. */
  readonly beginStatement: 'begin' | 'begin immediate';
  /** How long `begin` keeps retrying while another connection holds the lock. */
  readonly busyTimeoutMs: number;
  /** The writer's: where each transaction's lock times go, once an observer is set (store metrics). */
  readonly lockTimes?: { observer?: WriteLockObserver };
}

export function nodeSqliteDialect(options: NodeSqliteDialectOptions): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createDriver: () => new NodeSqliteDriver(options),
  };
}

class NodeSqliteConnection implements DatabaseConnection {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, PreparedStatement>();
  /** The statement run last: already last in #statements, so it is not moved there again. */
  #newestSql: string | undefined;
  #newest: PreparedStatement | undefined;

  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, columns, changesSchema } = this.#prepare(query.sql);
    const parameters = query.parameters.map(toSqliteValue);
    if (columns !== undefined) {
      const rows = (statement.all(...parameters) as unknown as unknown[][]).map(
        (values) => rowOf(columns, values) as R,
      );
      return Promise.resolve({ rows });
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    // A statement's columns were read when it was prepared: after a schema change, `select *` may have others.
    if (changesSchema) {
      this.#statements.clear();
      this.#newestSql = undefined;
      this.#newest = undefined;
    }
    return Promise.resolve({
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
    });
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Kysely wants an async generator; node:sqlite is synchronous.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { statement, columns } = this.#prepare(query.sql);
    for (const values of statement.iterate(...query.parameters.map(toSqliteValue))) {
      yield { rows: [(columns === undefined ? {} : rowOf(columns, values as unknown as unknown[])) as R] };
    }
  }

  run(sql: string): void {
    this.#prepare(sql).statement.run();
  }

  #prepare(sql: string): PreparedStatement {
    // A client repeating one command (a phone opening message after message) runs one statement again and again.
    if (sql === this.#newestSql && this.#newest !== undefined) return this.#newest;
    let prepared = this.#statements.get(sql);
    if (prepared !== undefined) {
      // Re-insert so the Map's insertion order is least-recently-used first.
      this.#statements.delete(sql);
    } else {
      prepared = prepareStatement(this.#database, sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
    }
    this.#statements.set(sql, prepared);
    this.#newestSql = sql;
    this.#newest = prepared;
    return prepared;
  }
}

interface PreparedStatement {
  readonly statement: StatementSync;
  /** The names of the columns a statement returns rows of; undefined when it returns none. */
  readonly columns: readonly string[] | undefined;
  /** CREATE, ALTER or DROP: running it empties the statement cache. */
  readonly changesSchema: boolean;
}

/**
 * Rows are read as arrays and made into plain objects here: node:sqlite's own row objects have a null
 * prototype (copying each into a plain one cost about 1 µs a row), and columns() is asked once per statement,
 * since it builds a descriptor per column on every call (27 µs for a 19-column SELECT *).
 */
function prepareStatement(database: DatabaseSync, sql: string): PreparedStatement {
  const statement = database.prepare(sql);
  const names = statement.columns().map((column) => column.name);
  if (names.length === 0) return { statement, columns: undefined, changesSchema: SCHEMA_CHANGE.test(sql) };
  statement.setReturnArrays(true);
  return { statement, columns: names, changesSchema: false };
}

/** One row as an object: the columns in order, so every row of a statement gets the same shape. */
function rowOf(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < columns.length; index++) row[columns[index] as string] = values[index];
  return row;
}

class NodeSqliteDriver implements Driver {
  readonly #options: NodeSqliteDialectOptions;
  readonly #connection: NodeSqliteConnection;
  /** When the transaction in progress got the lock (performance.now()), and how long it waited for it. */
  #lockedAt: number | undefined;
  #waitedMs = 0;

  constructor(options: NodeSqliteDialectOptions) {
    this.#options = options;
    this.#connection = new NodeSqliteConnection(options.database);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.#connection);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const { beginStatement, busyTimeoutMs } = this.#options;
    const askedAt = performance.now();
    await retryWhileBusy(
      () => (connection as NodeSqliteConnection).run(beginStatement),
      busyTimeoutMs,
      beginStatement,
    );
    this.#lockedAt = performance.now();
    this.#waitedMs = this.#lockedAt - askedAt;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('commit'));
    } finally {
      this.#reportLockTimes();
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.#reportLockTimes();
    }
  }

  /** Once per transaction: a COMMIT that failed is followed by a ROLLBACK, which reports nothing more. */
  #reportLockTimes(): void {
    const lockedAt = this.#lockedAt;
    this.#lockedAt = undefined;
    const observer = this.#options.lockTimes?.observer;
    if (lockedAt === undefined || observer === undefined) return;
    observer(this.#waitedMs / 1000, (performance.now() - lockedAt) / 1000);
  }

  async releaseConnection(): Promise<void> {}

  destroy(): Promise<void> {
    if (this.#options.database.isOpen) this.#options.database.close();
    return Promise.resolve();
  }
}

/** node:sqlite binds null, numbers, bigints, strings and bytes; booleans become SQLite's 0/1. */
function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as SQLInputValue;
}

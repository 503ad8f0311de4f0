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
import { retryWhileBusy } from './sqlite-errors.ts';

/** Prepared statements kept per connection; the store issues a few dozen distinct statements. */
const STATEMENT_CACHE_SIZE = 256;

export interface NodeSqliteDialectOptions {
  readonly database: DatabaseSync;
  /** 'begin immediate' on the writer takes the write lock up front, so a transaction never fails half-way. */
  readonly beginStatement: 'begin' | 'begin immediate';
  /** How long `begin` keeps retrying while another connection holds the lock. */
  readonly busyTimeoutMs: number;
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
  readonly #statements = new Map<string, StatementSync>();
  /**
   * Whether a statement returns rows, asked once: columns() builds a descriptor per column on every call
   * (27 µs for a 19-column SELECT *, as much as running it).
   */
  readonly #returnsRows = new WeakMap<StatementSync, boolean>();

  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(query.sql);
    const parameters = query.parameters.map(toSqliteValue);
    let returnsRows = this.#returnsRows.get(statement);
    if (returnsRows === undefined) {
      returnsRows = statement.columns().length > 0;
      this.#returnsRows.set(statement, returnsRows);
    }
    if (returnsRows) {
      // Rows come back as null-prototype objects; copy them so they behave like PostgreSQL's rows.
      const rows = statement.all(...parameters).map((row) => ({ ...row }) as R);
      return Promise.resolve({ rows });
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return Promise.resolve({
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
    });
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Kysely wants an async generator; node:sqlite is synchronous.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(query.sql);
    for (const row of statement.iterate(...query.parameters.map(toSqliteValue))) {
      yield { rows: [{ ...row } as R] };
    }
  }

  run(sql: string): void {
    this.#prepare(sql).run();
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) {
      // Re-insert so the Map's insertion order is least-recently-used first.
      this.#statements.delete(sql);
    } else {
      statement = this.#database.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

class NodeSqliteDriver implements Driver {
  readonly #options: NodeSqliteDialectOptions;
  readonly #connection: NodeSqliteConnection;

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
    await retryWhileBusy(
      () => (connection as NodeSqliteConnection).run(beginStatement),
      busyTimeoutMs,
      beginStatement,
    );
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
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

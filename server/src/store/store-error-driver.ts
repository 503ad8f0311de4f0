// A Kysely dialect wrapper shared by both backends: every driver error surfaces as a StoreError (mapped once,
// per backend), and a transaction in which a statement failed can never commit, even if the caller caught the
// error. PostgreSQL would silently turn that COMMIT into a ROLLBACK; SQLite would commit a half-done change.

import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** Turns a driver error into a StoreError, or returns it unchanged when it is a bug (syntax, bad parameter). */
export type ErrorMapper = (error: unknown) => unknown;

/** Wrap `dialect` so its errors go through `mapError` and failed transactions cannot commit. */
export function withStoreErrors(dialect: Dialect, mapError: ErrorMapper): Dialect {
  return {
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db: Parameters<Dialect['createIntrospector']>[0]): DatabaseIntrospector =>
      dialect.createIntrospector(db),
    createDriver: (): Driver => new StoreErrorDriver(dialect.createDriver(), mapError),
  };
}

class GuardedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #mapError: ErrorMapper;
  isInTransaction = false;
  /** The first error raised inside the current transaction; set means the transaction must roll back. */
  failure: unknown = undefined;

  constructor(inner: DatabaseConnection, mapError: ErrorMapper) {
    this.inner = inner;
    this.#mapError = mapError;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Both backends answer the same way after a failure: PostgreSQL would refuse anyway (25P02), SQLite would not.
    if (this.failure !== undefined) throw this.failure;
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw this.fail(error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.failure !== undefined) throw this.failure;
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw this.fail(error);
    }
  }

  fail(error: unknown): unknown {
    const mapped = this.#mapError(error);
    if (this.isInTransaction && this.failure === undefined) this.failure = mapped;
    return mapped;
  }
}

class StoreErrorDriver implements Driver {
  readonly #inner: Driver;
  readonly #mapError: ErrorMapper;

  constructor(inner: Driver, mapError: ErrorMapper) {
    this.#inner = inner;
    this.#mapError = mapError;
  }

  async init(): Promise<void> {
    try {
      await this.#inner.init();
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    try {
      return new GuardedConnection(await this.#inner.acquireConnection(), this.#mapError);
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const guarded = connection as GuardedConnection;
    try {
      await this.#inner.beginTransaction(guarded.inner, settings);
    } catch (error) {
      throw this.#mapError(error);
    }
    guarded.isInTransaction = true;
    guarded.failure = undefined;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const guarded = connection as GuardedConnection;
    // Kysely rolls back when this throws, so the caller's swallowed error still undoes the transaction.
    if (guarded.failure !== undefined) throw guarded.failure;
    try {
      await this.#inner.commitTransaction(guarded.inner);
    } catch (error) {
      throw guarded.fail(error);
    }
    guarded.isInTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const guarded = connection as GuardedConnection;
    guarded.isInTransaction = false;
    guarded.failure = undefined;
    try {
      await this.#inner.rollbackTransaction(guarded.inner);
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection((connection as GuardedConnection).inner);
  }

  async destroy(): Promise<void> {
    await this.#inner.destroy();
  }
}

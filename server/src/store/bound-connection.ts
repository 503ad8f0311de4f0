// A Kysely instance whose one connection is known: prepared queries (prepared-query.ts) run their statements
// on it directly instead of through Kysely's executor, which costs about 3 µs a statement (a connection
// provider, an acquire and a release, half a dozen promises) against 2.3 µs for SQLite's own work on a
// point read. Only for an instance that never shares its connection: SQLite's read-only connection (no
// transactions, one caller at a time on the event loop) and a transaction's own instance while it runs.

import type { DatabaseConnection, Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

const connections = new WeakMap<Kysely<DatabaseSchema>, DatabaseConnection>();

/** Prepared queries on `db` run on its connection from now on, until unbindConnection(db). */
export async function bindConnection(db: Kysely<DatabaseSchema>): Promise<void> {
  const connection = await db.getExecutor().provideConnection((lent) => Promise.resolve(lent));
  connections.set(db, connection);
}

export function unbindConnection(db: Kysely<DatabaseSchema>): void {
  connections.delete(db);
}

export function boundConnection(db: Kysely<DatabaseSchema>): DatabaseConnection | undefined {
  return connections.get(db);
}

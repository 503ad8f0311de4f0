// How a conformance child process opens the parent's database: argv names the backend and its location.
// Dynamic imports, so a SQLite child never loads the PostgreSQL client and the other way round.

import type { Database } from '../store.ts';

/** `args` is a case's childArgs: ['sqlite', path] or ['postgres', url]. */
export async function openFromArgs(args: readonly string[]): Promise<Database> {
  const [backend, location] = args;
  if (location === undefined) throw new Error('usage: <sqlite|postgres> <path-or-url> …');
  if (backend === 'sqlite') {
    const { openSqliteDatabase } = await import('../sqlite/sqlite-database.ts');
    return await openSqliteDatabase({ path: location });
  }
  if (backend === 'postgres') {
    const { openPostgresDatabase } = await import('../postgres/postgres-database.ts');
    return await openPostgresDatabase({ url: location, poolSize: 2 });
  }
  throw new Error(`unknown backend ${backend}`);
}

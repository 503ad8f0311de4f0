// The schema version a database is at, and the newest this program knows, for `init` and `doctor`.

import type { Database } from '#store';
import { MIGRATIONS } from '../store/migrations/migration-list.ts';

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export async function schemaVersion(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

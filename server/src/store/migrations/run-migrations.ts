// Forward-only schema migrations, run at open in one transaction under a lock, so several processes starting
// at once migrate exactly once; refuses a database written by a newer program (its schema is unknown to us).

import assert from 'node:assert/strict';
import { type Kysely, sql } from 'kysely';
import { StoreError } from '#core/errors';
import { systemClock, type Clock } from '#core/clock';
import type { DatabaseSchema } from '../schema.ts';
import type { DialectInfo } from '../store.ts';
import { MIGRATIONS } from './migration-list.ts';

export interface Migration {
  /** 1, 2, 3…: applied in order, each exactly once, never edited after release. */
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration transaction; `dialect` selects dialect-specific DDL (full-text search). */
  up(db: Kysely<unknown>, dialect: DialectInfo['name']): Promise<void>;
}

export interface MigrationReport {
  /** Versions applied by this call (empty when the database was already current). */
  readonly applied: readonly number[];
  /** The schema version after the call. */
  readonly version: number;
}

/** Any fixed key works as long as every vercors process uses the same one; this is ASCII "vercor". */
const POSTGRES_MIGRATION_LOCK = 0x76_65_72_63_6f_72;

/**
 * Bring the schema to the newest version known to this program.
 * SQLite: `db` must be the writer, whose transactions begin IMMEDIATE: that write lock is the migration lock.
 * PostgreSQL: a transaction-scoped advisory lock is taken first.
 */
export async function runMigrations(
  db: Kysely<DatabaseSchema>,
  dialect: DialectInfo['name'],
  options: { migrations?: readonly Migration[]; clock?: Clock } = {},
): Promise<MigrationReport> {
  const migrations = options.migrations ?? MIGRATIONS;
  const clock = options.clock ?? systemClock;
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;

  return await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})`.execute(trx);
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const recorded = await trx
      .selectFrom('schema_migrations')
      .select(['version', 'name'])
      .orderBy('version')
      .execute();

    // Check what is there
    const current = recorded.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        'unavailable',
        `database schema is at version ${current}, newer than this program knows (${latest}): ` +
          'run the newer vercors release, or restore a backup taken before the upgrade',
      );
    }
    recorded.forEach((row, index) => {
      const known = migrations[index];
      if (known?.version !== row.version || known.name !== row.name) {
        throw new StoreError(
          'corrupt',
          `schema_migrations holds version ${row.version} (${row.name}), which this program did not write ` +
            `there (expected ${known ? `${known.version} (${known.name})` : 'nothing'})`,
        );
      }
    });

    // Apply the rest
    const pending = migrations.slice(recorded.length);
    for (const migration of pending) {
      await migration.up(trx as unknown as Kysely<unknown>, dialect);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: clock.nowMs() })
        .execute();
    }
    return { applied: pending.map((m) => m.version), version: latest };
  });
}

/** Versions must be 1, 2, 3… so "recorded rows are a prefix of the list" is the whole consistency check. */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    assert.equal(migration.version, index + 1, `migration ${migration.name} is out of order`);
  });
}

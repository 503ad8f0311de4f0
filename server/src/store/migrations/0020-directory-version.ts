// Migration 20: directory_version — one number that moves whenever what the académie directory shows may have
// changed: a person, a post, an establishment, or an account's name, address, kind, status or establishment.
// Each process keeps the directory's autocomplete index in memory (domain/directory/directory-search.ts) and
// reads this one row every few seconds to know when to rebuild it; before, it scanned three tables, and any
// account write (a login's password rehash) looked like a change of the directory.
//
// Triggers, not code in each write path: the HR import, the CLI, the admin API, account creation and
// suspension all write these tables, and a write path that forgot to move the number would leave every
// process's autocomplete stale until the next change. The bump is in the writing transaction, so a reader
// that sees the new number sees the data that moved it. PostgreSQL bumps once per statement (the HR import
// writes thousands of rows); the row lock orders writers, and a deadlock between two of them is retried
// (postgres-database.ts). The column lists below are written out: a released migration never changes.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

/** Tables whose every change may change the directory. */
const DIRECTORY_TABLES = ['people', 'person_establishments', 'establishments'] as const;
/** The account columns the directory shows or decides on (directory-search.ts). */
const ACCOUNT_COLUMNS = [
  'email',
  'kind',
  'display_name',
  'given_name',
  'family_name',
  'status',
  'establishment_uai',
] as const;

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await sql`
    create table directory_version (
      id integer primary key check (id = 1),
      version bigint not null
    )`.execute(db);
  await sql`insert into directory_version (id, version) values (1, 1)`.execute(db);
  if (dialect === 'sqlite') await upSqlite(db);
  else await upPostgres(db);
}

const BUMP = sql.raw('update directory_version set version = version + 1 where id = 1');

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  // SQLite has row triggers only; a bump is one small row update, and there is one writer at a time.
  const events = [
    ...DIRECTORY_TABLES.flatMap((table) =>
      ['insert', 'update', 'delete'].map((event) => ({ table, event, name: `${table}_${event}` })),
    ),
    { table: 'accounts', event: 'insert', name: 'accounts_insert' },
    { table: 'accounts', event: 'delete', name: 'accounts_delete' },
    { table: 'accounts', event: `update of ${ACCOUNT_COLUMNS.join(', ')}`, name: 'accounts_update' },
  ];
  for (const { table, event, name } of events) {
    await sql`
      create trigger ${sql.raw(`directory_version_${name}`)}
      after ${sql.raw(event)} on ${sql.raw(table)}
      begin ${BUMP}; end`.execute(db);
  }
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function directory_version_bump() returns trigger language plpgsql as $$
    begin
      ${BUMP};
      return null;
    end $$`.execute(db);
  const events = [
    ...DIRECTORY_TABLES.map((table) => ({ table, event: 'insert or update or delete' })),
    { table: 'accounts', event: `insert or delete or update of ${ACCOUNT_COLUMNS.join(', ')}` },
  ];
  for (const { table, event } of events) {
    await sql`
      create trigger ${sql.raw(`directory_version_${table}`)}
      after ${sql.raw(event)} on ${sql.raw(table)}
      for each statement execute function directory_version_bump()`.execute(db);
  }
}

export const directoryVersion: Migration = { version: 20, name: 'directory-version', up };

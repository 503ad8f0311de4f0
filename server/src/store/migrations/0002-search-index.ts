// Migration 2: the full-text search tables, one design per dialect (docs/decisions/0003-search-index.md).
// SQLite: FTS5 word and trigram tables keyed by per-account rowid ranges. PostgreSQL: one table with folded
// text (pg_trgm GIN for substrings) and tsvectors (vercors_french: French stems without stop words).
// The column list is written out here, not imported: a released migration must not change with the code.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

const COLUMNS = [
  'subject',
  'from_addresses',
  'to_addresses',
  'cc_addresses',
  'bcc_addresses',
  'body',
  'attachment_names',
] as const;

const ADDRESS_COLUMNS = ['from_addresses', 'to_addresses', 'cc_addresses', 'bcc_addresses'] as const;

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') await upSqlite(db);
  else await upPostgres(db);
}

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  const columns = sql.raw(COLUMNS.join(', '));
  // Account `number` owns a range of rowids (sqlite-search-index.ts): FTS5 seeks to that range in each term's
  // list instead of reading every account's hits and filtering them afterwards.
  await sql`
    create table search_accounts (
      account_id text primary key references accounts (id) on delete cascade,
      number integer not null unique
    )`.execute(db);
  await sql`
    create table search_documents (
      doc_id integer primary key,
      account_id text not null references accounts (id) on delete cascade,
      object_id text not null,
      unique (account_id, object_id)
    )`.execute(db);
  // Words: the distinct words prepare-document.ts extracted, so no content is kept (contentless, and
  // contentless_delete lets a row go by rowid). Prefix indexes make `el*` and `ele*` one lookup each.
  await sql`
    create virtual table search_words using fts5(
      ${columns}, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3',
      content = '', contentless_delete = 1
    )`.execute(db);
  // Substrings: trigrams with positions (detail=full) so a longer string is an exact phrase of trigrams;
  // the folded text is kept so LIKE can answer one- and two-character substrings.
  await sql`
    create virtual table search_substrings using fts5(
      ${columns}, tokenize = 'trigram remove_diacritics 1'
    )`.execute(db);
  // Removing a document, or its account (foreign key cascade), removes its FTS rows too.
  await sql`
    create trigger search_documents_delete after delete on search_documents begin
      delete from search_words where rowid = old.doc_id;
      delete from search_substrings where rowid = old.doc_id;
    end`.execute(db);
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  // Both extensions are trusted since PostgreSQL 13: a database owner may create them. Where the vercors role
  // may not, an administrator runs these two statements once, and this migration then finds them.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gin`.execute(db);
  // The extension may live in another schema than ours (installed earlier, or by an administrator).
  const trgm = await extensionSchema(db, 'pg_trgm');

  // French stems without stop words: "pas" or "de" are searchable words, as they are on SQLite. No unaccent:
  // foldForSearch has removed accents before PostgreSQL sees the text.
  await sql`create text search dictionary vercors_french_stem (template = snowball, language = french)`.execute(
    db,
  );
  await sql`create text search configuration vercors_french (copy = pg_catalog.french)`.execute(db);
  await sql`
    alter text search configuration vercors_french
    alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
    with vercors_french_stem`.execute(db);

  const texts = COLUMNS.map((c) => sql`${sql.ref(c)} text not null`);
  const vectors = COLUMNS.map((c) => sql`${sql.ref(`${c}_words`)} tsvector not null`);
  // All of a condition's words go into one tsquery against one column, so GIN intersects their lists itself
  // whatever the plan (see postgres-search-index.ts); `text` and `address` conditions get a column each.
  const concatenated = (columns: readonly string[]) =>
    sql.join(
      columns.map((c) => sql.ref(`${c}_words`)),
      sql` || `,
    );
  await sql`
    create table search_documents (
      account_id text not null references accounts (id) on delete cascade,
      object_id text not null,
      ${sql.join([...texts, ...vectors])},
      all_words tsvector not null generated always as (${concatenated(COLUMNS)}) stored,
      address_words tsvector not null generated always as (${concatenated(ADDRESS_COLUMNS)}) stored,
      primary key (account_id, object_id)
    )`.execute(db);
  // account_id leads each GIN index (btree_gin), so the index itself narrows a term to one account's rows:
  // 2-4 times faster than a separate account condition when the account holds a tenth of the rows, and the
  // gap grows as its share shrinks.
  const trigramColumns = COLUMNS.map((c) => sql`${sql.ref(c)} ${sql.ref(trgm)}.gin_trgm_ops`);
  await sql`
    create index search_documents_substrings_idx on search_documents
    using gin (account_id, ${sql.join(trigramColumns)})`.execute(db);
  const wordColumns = [...COLUMNS.map((c) => `${c}_words`), 'all_words', 'address_words'].map((c) =>
    sql.ref(c),
  );
  await sql`
    create index search_documents_words_idx on search_documents
    using gin (account_id, ${sql.join(wordColumns)})`.execute(db);
}

async function extensionSchema(db: Kysely<unknown>, extension: string): Promise<string> {
  const result = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = ${extension}`.execute(db);
  const schema = result.rows[0]?.schema;
  if (schema === undefined) throw new Error(`extension ${extension} was created but cannot be found`);
  return schema;
}

export const searchIndex: Migration = { version: 2, name: 'search-index', up };

// Migration 23: SQLite's trigram table (search_substrings) keeps which columns hold each trigram, no longer
// where in them (detail=column instead of full). A substring query becomes "every trigram of it, in these
// columns" (the index) and a LIKE on the kept text (exactness), instead of a phrase of trigrams
// (sqlite-search-index.ts, docs/decisions/0003-search-index.md). The positions were most of the index: a
// document costs about half as much to index, and the table takes about half the space.
// The rows are copied from the old table's kept text, so nothing is parsed again. PostgreSQL: nothing to do.
// The column list is written out here, not imported: a released migration must not change with the code.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

const COLUMNS = sql.raw(
  [
    'subject',
    'from_addresses',
    'to_addresses',
    'cc_addresses',
    'bcc_addresses',
    'body',
    'attachment_names',
  ].join(', '),
);

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`
    create virtual table search_substrings_by_column using fts5(
      ${COLUMNS}, tokenize = 'trigram remove_diacritics 1', detail = column
    )`.execute(db);
  await sql`
    insert into search_substrings_by_column (rowid, ${COLUMNS})
    select rowid, ${COLUMNS} from search_substrings`.execute(db);
  // The trigger names the table: dropped while the tables change names, then made again as 0002 made it.
  await sql`drop trigger search_documents_delete`.execute(db);
  await sql`drop table search_substrings`.execute(db);
  await sql`alter table search_substrings_by_column rename to search_substrings`.execute(db);
  await sql`
    create trigger search_documents_delete after delete on search_documents begin
      delete from search_words where rowid = old.doc_id;
      delete from search_substrings where rowid = old.doc_id;
    end`.execute(db);
}

export const substringIndexColumns: Migration = { version: 23, name: 'substring-index-columns', up };

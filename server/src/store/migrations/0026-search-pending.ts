// Migration 26: SQLite's search index gains a pending list (search_pending, decision 0011). A message's
// transaction writes its document's folded texts there instead of into the two FTS5 tables; a job folds the
// pending rows into FTS5 in batches, and a search first folds its account's. The rows are keyed by the
// document's number (search_documents.doc_id), so an account's pending rows lie in its rowid range like its
// FTS5 rows, and removing a document removes its pending row in the same trigger as its FTS5 rows.
// PostgreSQL: nothing to do (its index is written in the message's transaction).
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
];

async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'sqlite') return;
  // No foreign key: the trigger below removes a row with its document, and a foreign key would make every
  // insert look its parent up and need a statement journal.
  const columns = sql.raw(COLUMNS.map((column) => `${column} text not null`).join(', '));
  await sql`create table search_pending (doc_id integer primary key, ${columns})`.execute(db);
  await sql`drop trigger search_documents_delete`.execute(db);
  await sql`
    create trigger search_documents_delete after delete on search_documents begin
      delete from search_words where rowid = old.doc_id;
      delete from search_substrings where rowid = old.doc_id;
      delete from search_pending where doc_id = old.doc_id;
    end`.execute(db);
}

export const searchPending: Migration = { version: 26, name: 'search-pending', up };

// SQLite's pending list (migration 26, decision 0011): the documents a transaction indexed, as folded texts,
// until they are folded into the two FTS5 tables. A message's transaction writes one b-tree row here instead of
// a new FTS5 segment per table; `foldPending` moves many rows at once, so FTS5 writes and merges segments of
// hundreds of documents instead of one or two. The rows are keyed by document number, so an account's pending
// rows lie in its rowid range (sqlite-search-index.ts) and a search finds them with one probe of the key.

import { type Kysely, sql } from 'kysely';
import { prepareQuery as prepareStatement } from '../prepared-query.ts';
import type { DatabaseSchema } from '../schema.ts';
import type { WriteTransaction } from '../store.ts';
import { type FoldedTexts, type PreparedDocument, withWords } from './prepare-document.ts';
import { SEARCH_COLUMNS, type SearchColumn } from './search-columns.ts';

/** A range of document numbers, both ends included. */
export interface DocumentRange {
  readonly first: number;
  readonly last: number;
}

/** Every document number: what the background job folds. */
export const ALL_DOCUMENTS: DocumentRange = { first: 0, last: Number.MAX_SAFE_INTEGER };

const COLUMN_LIST = sql.join(SEARCH_COLUMNS.map((c) => sql.ref(c)));

type PendingRow = { doc_id: number } & Record<SearchColumn, string>;

/** Rows numbered from `first`, their texts in SEARCH_COLUMNS order one row after the other. */
const insertPendingRows = prepareStatement((_db, p: { first: number; texts: readonly string[] }) => {
  const rows = [];
  for (let start = 0; start < p.texts.length; start += SEARCH_COLUMNS.length) {
    const texts = p.texts.slice(start, start + SEARCH_COLUMNS.length);
    rows.push(sql`(${p.first} + ${start / SEARCH_COLUMNS.length}, ${sql.join(texts)})`);
  }
  return sql`insert into search_pending (doc_id, ${COLUMN_LIST}) values ${sql.join(rows)}`;
});
const deletePendingRow = prepareStatement(
  (_db, p: { docId: number }) => sql`delete from search_pending where doc_id = ${p.docId}`,
);
/** max() alone in its select: SQLite reads the range's last key instead of the range. */
const lastPending = prepareStatement(
  (_db, p: { first: number; last: number }) => sql<{ last: number | null }>`
    select max(doc_id) as last from search_pending where doc_id between ${p.first} and ${p.last}`,
);
const pendingCount = prepareStatement(
  (_db, _p: Record<string, never>) => sql<{ count: number }>`select count(*) as count from search_pending`,
);
const pendingRows = prepareStatement(
  (_db, p: { first: number; last: number; limit: number }) => sql<PendingRow>`
    select doc_id, ${COLUMN_LIST} from search_pending
    where doc_id between ${p.first} and ${p.last} order by doc_id limit ${p.limit}`,
);
const insertWords = prepareStatement(
  (_db, p: { docId: number; columns: readonly string[] }) =>
    sql`insert into search_words (rowid, ${COLUMN_LIST}) values (${p.docId}, ${sql.join(p.columns)})`,
);
const insertSubstrings = prepareStatement(
  (_db, p: { docId: number; columns: readonly string[] }) =>
    sql`insert into search_substrings (rowid, ${COLUMN_LIST}) values (${p.docId}, ${sql.join(p.columns)})`,
);
const deletePendingRange = prepareStatement(
  (_db, p: { first: number; last: number }) =>
    sql`delete from search_pending where doc_id between ${p.first} and ${p.last}`,
);

/**
 * Put the texts of documents `first`, `first + 1`, … on the pending list, in one statement; none of them may be
 * there (see `dropPending`).
 */
export async function addPending(
  db: Kysely<DatabaseSchema>,
  first: number,
  texts: readonly FoldedTexts[],
): Promise<void> {
  if (texts.length === 0) return;
  await insertPendingRows.changes(db, {
    first,
    texts: texts.flatMap((row) => SEARCH_COLUMNS.map((c) => row[c])),
  });
}

/** Take document `docId` off the pending list, if it is there. */
export async function dropPending(db: Kysely<DatabaseSchema>, docId: number): Promise<void> {
  await deletePendingRow.changes(db, { docId });
}

/** The highest pending document number in `range`, or undefined when none is pending there. */
export async function lastPendingIn(
  db: Kysely<DatabaseSchema>,
  range: DocumentRange,
): Promise<number | undefined> {
  const row = await lastPending.executeTakeFirst(db, range);
  return row?.last ?? undefined;
}

/** How many documents are pending, in every account. */
export async function countPending(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await pendingCount.executeTakeFirst(db, {});
  return row?.count ?? 0;
}

/** A pending row's texts with their words, worked out before its fold's transaction (wordsAhead). */
type Worded = { readonly row: PendingRow; readonly prepared: PreparedDocument };

/**
 * Fold up to `limit` pending documents of `range`, lowest numbers first, into FTS5 and take them off the list,
 * inside the caller's write transaction. Returns how many were folded: fewer than `limit` means none is left
 * in the range. The inserts are single-row statements and the delete comes last, so FTS5 writes each table's
 * new terms as one segment. `ahead` holds words already worked out for rows as they were then: a row whose
 * texts have changed since (a replaced document keeps its number) gets its words again here.
 */
export async function foldPending(
  db: Kysely<DatabaseSchema>,
  range: DocumentRange,
  limit: number,
  ahead: ReadonlyMap<number, Worded> = new Map(),
): Promise<number> {
  const rows = await pendingRows.execute(db, { ...range, limit });
  const last = rows.at(-1)?.doc_id;
  if (last === undefined) return 0;
  for (const row of rows) {
    const early = ahead.get(row.doc_id);
    const prepared = early !== undefined && sameTexts(early.row, row) ? early.prepared : withWords(row);
    await insertWords.changes(db, {
      docId: row.doc_id,
      columns: SEARCH_COLUMNS.map((c) => prepared[c].words),
    });
    await insertSubstrings.changes(db, { docId: row.doc_id, columns: SEARCH_COLUMNS.map((c) => row[c]) });
  }
  // Every pending row from the first of the range to `last` was read: the rows are in key order, and the
  // transaction sees no other writer.
  await deletePendingRange.changes(db, { first: range.first, last });
  return rows.length;
}

/**
 * The words of the rows the next fold of `range` is likely to take, read on `reader` outside any write
 * transaction: working them out is a third of a fold's time, and inside the fold it would hold SQLite's one
 * write lock (about 50 µs for a 4 KiB message).
 */
export async function wordsAhead(
  reader: Kysely<DatabaseSchema>,
  range: DocumentRange,
  limit: number,
): Promise<Map<number, Worded>> {
  const rows = await pendingRows.execute(reader, { ...range, limit });
  return new Map(rows.map((row) => [row.doc_id, { row, prepared: withWords(row) }]));
}

function sameTexts(a: PendingRow, b: PendingRow): boolean {
  return SEARCH_COLUMNS.every((column) => a[column] === b[column]);
}

/** The database's write path: each batch of a fold is a write transaction of its own. */
export type WriteRunner = <T>(work: (tx: WriteTransaction) => Promise<T>) => Promise<T>;

/**
 * Fold the pending documents of `range`, `batch` per write transaction so other writes go between them, until
 * a batch comes back short, `maxBatches` have run, or `isStopped` says so.
 */
export async function foldInBatches(
  write: WriteRunner,
  reader: Kysely<DatabaseSchema>,
  range: DocumentRange,
  batch: number,
  maxBatches: number,
  isStopped: () => boolean = () => false,
): Promise<void> {
  for (let done = 0; done < maxBatches && !isStopped(); done++) {
    const ahead = await wordsAhead(reader, range, batch);
    const folded = await write((tx) => foldPending(tx.db, range, batch, ahead));
    if (folded < batch) return;
  }
}

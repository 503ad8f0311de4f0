// SearchIndex on SQLite FTS5 (migrations 0002, 0023, 0026): search_words (unicode61, prefix indexes) for word
// search, search_substrings (trigrams and the columns holding them, with the folded text) for substring
// search. Each account owns a rowid range (ACCOUNT_RANGE), so a query hands FTS5 that range and reads only
// this account's part of every term's list. A message's transaction puts its document on the pending list
// (sqlite-search-pending.ts, decision 0011); a job folds that list into FTS5 in batches, and a search first
// folds whatever of its account is still pending, so it never misses a document that exists.

import assert from 'node:assert/strict';
import { type Kysely, type RawBuilder, sql } from 'kysely';
// Named apart from prepare-query.ts's prepareQuery, which prepares search queries.
import { prepareQuery as prepareStatement } from '../prepared-query.ts';
import type { DatabaseSchema } from '../schema.ts';
import type {
  FoldedSearchDocument,
  SearchDocument,
  SearchIndex,
  SearchMatches,
  SearchOptions,
  SearchQuery,
  WriteTransaction,
} from '../store.ts';
import { DocumentNumbers } from './document-numbers.ts';
import { type FoldedTexts, textsOf } from './prepare-document.ts';
import { type PreparedQuery, prepareQuery } from './prepare-query.ts';
import { SEARCH_COLUMNS } from './search-columns.ts';
import { checkLimit, likeContaining } from './search-sql.ts';
import {
  addPending,
  type DocumentRange,
  dropPending,
  foldInBatches,
  lastPendingIn,
  type WriteRunner,
} from './sqlite-search-pending.ts';

/**
 * Rowids per account: account n owns [n × 2^30, (n + 1) × 2^30). A billion documents per account, and with
 * 2^23 accounts every rowid stays an exact JavaScript number (below 2^53).
 */
const ACCOUNT_RANGE = 2 ** 30;
const MAX_ACCOUNT_NUMBER = 2 ** 23 - 1;
/** The trigram tokenizer finds nothing in a shorter string: those substrings are matched with LIKE. */
const MIN_TRIGRAM_CHARS = 3;
/**
 * Pending documents a search folds per write transaction before it reads the index. Steady delivery leaves
 * few behind the job; an account imported by a command while no server ran has many, folded in steps so other
 * writes go between them.
 */
const CATCH_UP_BATCH = 1_000;

const NO_MATCHES: SearchMatches = { count: 0, among: () => Promise.resolve([]) };

// Prepared (../prepared-query.ts): every stored message runs these.
const documentOf = prepareStatement(
  (_db, p: { accountId: string; objectId: string }) => sql<{ doc_id: number }>`
    select doc_id from search_documents where account_id = ${p.accountId} and object_id = ${p.objectId}`,
);
const deleteWords = prepareStatement(
  (_db, p: { docId: number }) => sql`delete from search_words where rowid = ${p.docId}`,
);
const deleteSubstrings = prepareStatement(
  (_db, p: { docId: number }) => sql`delete from search_substrings where rowid = ${p.docId}`,
);
/**
 * The document number of each listed object that has one (`ids`: a JSON array of object ids). CROSS JOIN
 * keeps the list outside, one index lookup per id: left to itself, SQLite read the account's documents and
 * looked each up in the list (58 ms for 200 ids in a 5,000-message account).
 */
const documentsOf = prepareStatement(
  (_db, p: { accountId: string; ids: string }) => sql<{ object_id: string; doc_id: number }>`
    select d.object_id, d.doc_id from json_each(${p.ids}) j
    cross join search_documents d on d.account_id = ${p.accountId} and d.object_id = j.value`,
);
/** Documents of one account, several per statement: `objectIds` in the order of their numbers from `first`. */
const insertDocuments = prepareStatement(
  (_db, p: { first: number; accountId: string; objectIds: readonly string[] }) => sql`
    insert into search_documents (doc_id, account_id, object_id)
    values ${sql.join(p.objectIds.map((objectId, index) => sql`(${p.first} + ${index}, ${p.accountId}, ${objectId})`))}`,
);
const accountNumberOf = prepareStatement(
  (_db, p: { accountId: string }) => sql<{ number: number }>`
    select number from search_accounts where account_id = ${p.accountId}`,
);
const addAccountNumber = prepareStatement(
  (_db, p: { accountId: string }) => sql<{ number: number }>`
    insert into search_accounts (account_id, number)
    values (${p.accountId}, coalesce((select max(number) from search_accounts), 0) + 1)
    returning number`,
);
/** max() alone in its select, so SQLite reads the range's last row instead of scanning the range. */
const lastDocumentIn = prepareStatement(
  (_db, p: { first: number; last: number }) => sql<{ last: number | null }>`
    select max(doc_id) as last from search_documents where doc_id between ${p.first} and ${p.last}`,
);

/** Documents per multi-row statement: eight values a pending row, far below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 100;

interface IndexWrite {
  readonly kind: 'index';
  readonly accountId: string;
  readonly objectId: string;
  readonly texts: FoldedTexts;
}

/** A search write queued in a transaction, run when the transaction is about to commit. */
type SearchWrite =
  | IndexWrite
  | { readonly kind: 'remove'; readonly accountId: string; readonly objectId: string };

/**
 * `reader` serves searches; writes use the caller's transaction, queued and run last in it (beforeCommit).
 * FTS5 keeps a transaction's new terms in memory and writes them out as a segment at the commit, but also at
 * every statement savepoint that follows: any statement that needs a statement journal (a multi-row INSERT, an
 * upsert, INSERT … SELECT), like the change-log rows of the same transaction. A replaced or removed document
 * still deletes FTS5 rows, so the writes stay last in the transaction, and those are single-row statements;
 * new documents touch no FTS5 table (they go on the pending list) and are written several per statement.
 */
export function createSqliteSearchIndex(reader: Kysely<DatabaseSchema>, write: WriteRunner): SearchIndex {
  /** The search writes each open transaction has queued, in call order. */
  const queued = new WeakMap<WriteTransaction, SearchWrite[]>();
  const enqueue = (tx: WriteTransaction, searchWrite: SearchWrite) => {
    const writes = queued.get(tx);
    if (writes !== undefined) writes.push(searchWrite);
    else {
      const first = [searchWrite];
      queued.set(tx, first);
      tx.beforeCommit(() => runSearchWrites(tx.db, first));
    }
    return Promise.resolve();
  };

  /**
   * Fold the pending documents of `range` into FTS5, those pending when the search started at least: a
   * document written after that may or may not be found, as with any search running beside a write.
   */
  const catchUp = async (range: DocumentRange) => {
    const last = await lastPendingIn(reader, range);
    if (last === undefined) return;
    // Each full batch takes CATCH_UP_BATCH of the at most (last - first + 1) numbers up to `last`.
    const maxBatches = Math.ceil((last - range.first + 1) / CATCH_UP_BATCH);
    await foldInBatches(write, reader, { first: range.first, last }, CATCH_UP_BATCH, maxBatches);
  };

  return {
    index(
      tx: WriteTransaction,
      accountId: string,
      objectId: string,
      document: SearchDocument | FoldedSearchDocument,
    ) {
      return enqueue(tx, { kind: 'index', accountId, objectId, texts: textsOf(document) });
    },

    remove(tx: WriteTransaction, accountId: string, objectId: string) {
      return enqueue(tx, { kind: 'remove', accountId, objectId });
    },

    async search(accountId: string, query: SearchQuery, options: SearchOptions = {}) {
      checkLimit(options.limit);
      const prepared = prepareQuery(query);
      if (prepared.kind === 'none') return [];
      const number = await accountNumber(reader, accountId);
      if (number === undefined) return [];
      const documents = accountRange(number);
      // A query on every document reads search_documents alone, which is never pending.
      if (prepared.kind !== 'all') await catchUp(documents);
      const range = sql`between ${documents.first} and ${documents.last}`;
      const where = prepared.kind === 'all' ? sql`1` : condition(prepared, range);
      const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`;
      const result = await sql<{ object_id: string }>`
        select d.object_id from search_documents d
        where d.doc_id ${range} and d.account_id = ${accountId} and ${where} ${limit}`.execute(reader);
      return result.rows.map((row) => row.object_id);
    },

    async match(accountId: string, query: SearchQuery): Promise<SearchMatches> {
      const prepared = prepareQuery(query);
      if (prepared.kind === 'none') return NO_MATCHES;
      const number = await accountNumber(reader, accountId);
      if (number === undefined) return NO_MATCHES;
      const documents = accountRange(number);
      if (prepared.kind !== 'all') await catchUp(documents);
      const { first } = documents;
      const range = sql`between ${first} and ${documents.last}`;
      // One leaf reads its FTS table alone (13 ms for 97,000 hits); through search_documents it took 50.
      const leaf = leafDocuments(prepared, range);
      const docs =
        leaf ??
        sql`select d.doc_id as doc from search_documents d
            where d.doc_id ${range} and d.account_id = ${accountId} and ${condition(prepared, range)}`;
      const result = await sql<{ list: string | null }>`
        select group_concat(doc) as list from (${docs})`.execute(reader);
      const numbers = DocumentNumbers.fromList(result.rows[0]?.list ?? null, first);
      return {
        count: numbers.count,
        async among(objectIds: readonly string[]) {
          if (objectIds.length === 0 || numbers.count === 0) return [];
          const rows = await documentsOf.execute(reader, { accountId, ids: JSON.stringify(objectIds) });
          const matching = new Set<string>();
          for (const row of rows) if (numbers.has(row.doc_id - first)) matching.add(row.object_id);
          return objectIds.filter((id) => matching.has(id));
        },
      };
    },
  };
}

async function accountNumber(db: Kysely<DatabaseSchema>, accountId: string): Promise<number | undefined> {
  return (await accountNumberOf.executeTakeFirst(db, { accountId }))?.number;
}

function accountRange(number: number): DocumentRange {
  return { first: number * ACCOUNT_RANGE, last: (number + 1) * ACCOUNT_RANGE - 1 };
}

/**
 * The first of `count` free rowids in a row in the account's range (after its last document), numbering the
 * account on its first document.
 */
async function nextDocIds(db: Kysely<DatabaseSchema>, accountId: string, count: number): Promise<number> {
  let number = await accountNumber(db, accountId);
  if (number === undefined) {
    number = (await addAccountNumber.executeTakeFirst(db, { accountId }))?.number;
    assert(number !== undefined && number <= MAX_ACCOUNT_NUMBER, 'search account numbers exhausted');
  }
  const range = accountRange(number);
  const last = (await lastDocumentIn.executeTakeFirst(db, range))?.last ?? range.first - 1;
  assert(last + count <= range.last, `search document numbers of account ${accountId} exhausted`);
  return last + 1;
}

/**
 * A transaction's search writes, in order. The usual transaction, one storing new messages, indexes objects
 * that have no document yet, each once: those take a few multi-row statements per account instead of five
 * statements each. Anything else (a replacement, a removal, an object indexed twice) runs a write at a time.
 */
async function runSearchWrites(db: Kysely<DatabaseSchema>, writes: readonly SearchWrite[]): Promise<void> {
  const fresh = await newDocumentsByAccount(db, writes);
  if (fresh === undefined) {
    for (const searchWrite of writes) await runSearchWrite(db, searchWrite);
    return;
  }
  for (const [accountId, documents] of fresh) await insertNewDocuments(db, accountId, documents);
}

/** The writes by account when every one indexes an object without a document, each object once. */
async function newDocumentsByAccount(
  db: Kysely<DatabaseSchema>,
  writes: readonly SearchWrite[],
): Promise<Map<string, IndexWrite[]> | undefined> {
  const byAccount = new Map<string, IndexWrite[]>();
  for (const searchWrite of writes) {
    if (searchWrite.kind !== 'index') return undefined;
    const list = byAccount.get(searchWrite.accountId) ?? [];
    list.push(searchWrite);
    byAccount.set(searchWrite.accountId, list);
  }
  for (const [accountId, list] of byAccount) {
    const ids = list.map(({ objectId }) => objectId);
    if (new Set(ids).size !== ids.length) return undefined;
    const existing = await documentsOf.execute(db, { accountId, ids: JSON.stringify(ids) });
    if (existing.length > 0) return undefined;
  }
  return byAccount;
}

async function insertNewDocuments(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  documents: readonly IndexWrite[],
): Promise<void> {
  let next = await nextDocIds(db, accountId, documents.length);
  for (let start = 0; start < documents.length; start += INSERT_CHUNK) {
    const chunk = documents.slice(start, start + INSERT_CHUNK);
    await insertDocuments.changes(db, {
      first: next,
      accountId,
      objectIds: chunk.map(({ objectId }) => objectId),
    });
    await addPending(
      db,
      next,
      chunk.map(({ texts }) => texts),
    );
    next += chunk.length;
  }
}

async function runSearchWrite(db: Kysely<DatabaseSchema>, searchWrite: SearchWrite): Promise<void> {
  const { accountId, objectId } = searchWrite;
  if (searchWrite.kind === 'remove') {
    // The search_documents_delete trigger removes the FTS and pending rows.
    await sql`delete from search_documents where account_id = ${accountId} and object_id = ${objectId}`.execute(
      db,
    );
    return;
  }
  const existing = await documentOf.executeTakeFirst(db, { accountId, objectId });
  if (existing === undefined) {
    await insertNewDocuments(db, accountId, [searchWrite]);
    return;
  }
  // Replace what was there, folded or still pending
  const docId = existing.doc_id;
  await deleteWords.changes(db, { docId });
  await deleteSubstrings.changes(db, { docId });
  await dropPending(db, docId);
  await addPending(db, docId, [searchWrite.texts]);
}

/** The SQL condition on search_documents `d` for a prepared (and simplified) query. */
function condition(query: PreparedQuery, range: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (query.kind) {
    case 'all':
      return sql`1`;
    case 'none':
      return sql`0`;
    case 'and':
    case 'or': {
      const parts = query.parts.map((part) => condition(part, range));
      return sql`(${sql.join(parts, query.kind === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql`not (${condition(query.part, range)})`;
    case 'words':
    case 'substring':
      return sql`d.doc_id in (${leafDocuments(query, range)})`;
  }
}

/** The rowids (`doc`) a one-condition query matches, from its FTS table alone; undefined for any other query. */
function leafDocuments(query: PreparedQuery, range: RawBuilder<unknown>): RawBuilder<unknown> | undefined {
  switch (query.kind) {
    case 'words': {
      const terms = query.words.map(({ word, isPrefix }) => `${fts5String(word)}${isPrefix ? '*' : ''}`);
      const match = `${columnFilter(query.columns)}(${terms.join(' AND ')})`;
      return sql`select rowid as doc from search_words where search_words match ${match} and rowid ${range}`;
    }
    case 'substring': {
      const pattern = likeContaining(query.text);
      const likes = sql.join(
        query.columns.map((c) => sql`${sql.ref(c)} like ${pattern} escape '\\'`),
        sql` or `,
      );
      const trigrams = coveringTrigrams(query.text);
      if (trigrams.length > 0) {
        // The index (detail=column) finds the rows holding every trigram in these columns; LIKE on their kept
        // text keeps those where the trigrams make the substring.
        const match = `${columnFilter(query.columns)}(${trigrams.map(fts5String).join(' AND ')})`;
        return sql`select rowid as doc from search_substrings
          where search_substrings match ${match} and rowid ${range} and (${likes})`;
      }
      // Too short for a trigram: read the account's rows (the rowid range bounds the scan).
      return sql`select rowid as doc from search_substrings where rowid ${range} and (${likes})`;
    }
    default:
      return undefined;
  }
}

/**
 * Trigrams of `text` that together cover it: every third one and the last, none when it is shorter than a
 * trigram. A row holding them all may still hold them apart; the caller's LIKE decides.
 */
function coveringTrigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < MIN_TRIGRAM_CHARS) return [];
  const starts = new Set<number>();
  for (let start = 0; start + MIN_TRIGRAM_CHARS <= chars.length; start += MIN_TRIGRAM_CHARS)
    starts.add(start);
  starts.add(chars.length - MIN_TRIGRAM_CHARS);
  return [...starts].map((start) => chars.slice(start, start + MIN_TRIGRAM_CHARS).join(''));
}

/** An FTS5 string: in double quotes, a double quote doubled. Nothing inside is syntax (AND, NEAR, *, :, ^). */
function fts5String(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** `{a b} : ` restricting the expression to those columns; nothing when every column is searched. */
function columnFilter(columns: readonly string[]): string {
  return columns.length === SEARCH_COLUMNS.length ? '' : `{${columns.join(' ')}} : `;
}

// The store's roles, as narrow interfaces any backend provides (Stalwart store/src/lib.rs):
// the relational database with its change log, the blob store, the event bus and the search index.
// Only main.ts and the CLI's composition code name a concrete backend.

import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema } from './schema.ts';
import type { FoldedTexts } from './search/prepare-document.ts';

export type ChangeKind = 'created' | 'updated' | 'destroyed';

/** What a backend can do, stated once (Kysely's adapter getters). */
export interface DialectInfo {
  readonly name: 'sqlite' | 'postgres';
  /** True when several nodes may share this database (PostgreSQL); false for one node's file. */
  readonly isShared: boolean;
}

/**
 * What a worker thread needs to open its own read connection to the same database (openSqliteReader,
 * openPostgresReader; the thread's body, like main.ts, picks the backend): plain data, so it crosses to the
 * thread as workerData.
 */
export type ReaderLocation =
  | { readonly dialect: 'sqlite'; readonly path: string; readonly busyTimeoutMs: number }
  | { readonly dialect: 'postgres'; readonly url: string };

export interface WriteOptions {
  /**
   * The transaction acknowledges data to a remote party (SMTP 250, IMAP APPEND OK):
   * write() returns only once a power loss can no longer undo it (DATA-MODEL.md §6). SQLite fsyncs its WAL
   * after the commit, off the event loop; PostgreSQL's commit already waits for its WAL flush.
   */
  readonly isDurable?: boolean;
}

export interface WriteTransaction {
  readonly db: Transaction<DatabaseSchema>;
  /**
   * Record a change visible to `accountId`. The first call for an account in this transaction takes the
   * account's next modseq; later calls for the same account share it. Returns that modseq.
   */
  recordChange(accountId: string, type: string, objectId: string, kind: ChangeKind): Promise<number>;
  /** Run `callback` after the commit succeeded (never after a rollback). */
  afterCommit(callback: () => void): void;
  /**
   * Run `work` last in this transaction: after the caller's work and the change-log rows, just before the
   * commit, in the order registered. It may write but not record changes; if it fails, the transaction rolls
   * back. For writes that make later statements dearer (FTS5 flushes its pending terms at every statement
   * savepoint that follows them).
   */
  beforeCommit(work: () => Promise<void>): void;
}

export interface Database {
  readonly dialect: DialectInfo;
  /** For reads. Writes go through `write` so they take the single writer path and the change log. */
  readonly db: Kysely<DatabaseSchema>;
  /**
   * Run `work` in one write transaction. SQLite: BEGIN IMMEDIATE on the process's single writer connection,
   * serialised within the process, with a busy timeout across processes. PostgreSQL: one pooled connection.
   * After the commit, one ChangeEvent per touched account is published on the event bus.
   */
  write<T>(work: (tx: WriteTransaction) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** The full-text index kept in this database (written through `write` transactions). */
  readonly search: SearchIndex;
  /** For work moved off the event loop: where a worker thread reads this database from. */
  readonly readerLocation: ReaderLocation;
  /** Cheap liveness probe for /health and doctor. */
  ping(): Promise<void>;
  /**
   * SQLite: from now on, report each write transaction's wait for the node's one write lock and how long it
   * held it, for the metrics. Absent on PostgreSQL, whose writers do not share one lock.
   */
  observeWriteLock?(observer: WriteLockObserver): void;
  close(): Promise<void>;
}

/** A write transaction's wait for SQLite's write lock, and how long it then held it (BEGIN to its end). */
export type WriteLockObserver = (waitSeconds: number, heldSeconds: number) => void;

/** Published after a commit: a wake-up call. The change log, not the event, is the truth. */
export interface ChangeEvent {
  readonly accountId: string;
  readonly modseq: number;
  /** The object types that changed, e.g. ['Email', 'Mailbox']. */
  readonly types: readonly string[];
}

export interface EventBus {
  publish(event: ChangeEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
}

export interface BlobRef {
  /** SHA-256, lower-case hex. */
  readonly id: string;
  readonly size: number;
  /**
   * Content the store did not write, left to the transaction that references it
   * (BlobPutOptions.isReferencedNext): addBlobReference stores it in the database there, so it is durable
   * exactly when that commit is. Absent when the content is already stored.
   */
  readonly pendingContent?: Uint8Array;
}

export interface BlobPutOptions {
  /** Refuse content larger than this with StoreError('tooBig'); the store's own ceiling applies as well. */
  readonly maxBytes?: number;
  /**
   * The caller references the blob next, with addBlobReference in a write transaction it is about to run. A
   * store that keeps small content in the database may then leave it to that transaction
   * (BlobRef.pendingContent) rather than write and fsync a file of its own. Content nobody references is simply
   * never stored.
   */
  readonly isReferencedNext?: boolean;
}

export interface BlobDeleteOptions {
  /**
   * Delete only if the blob was last written (or re-put) before this time, in ms since the epoch. A put of
   * identical content refreshes that time, so a blob being referenced anew survives garbage collection.
   */
  readonly olderThanMs?: number;
}

export interface BlobStore {
  /** Store content durably (fsynced file and folder) and return its id; identical content is stored once. */
  put(content: Uint8Array | AsyncIterable<Uint8Array>, options?: BlobPutOptions): Promise<BlobRef>;
  /** The whole content, or undefined when no such blob exists. */
  get(id: string): Promise<Uint8Array | undefined>;
  /** A byte range [start, end) of the content as a stream, or undefined when no such blob exists. */
  read(id: string, range?: { start: number; end: number }): Promise<AsyncIterable<Uint8Array> | undefined>;
  has(id: string): Promise<boolean>;
  /**
   * Remove the content; true when something was removed. Only garbage collection calls this, after checking
   * the reference count.
   */
  delete(id: string, options?: BlobDeleteOptions): Promise<boolean>;
  /** Ids of every stored blob written before `olderThanMs` (for orphan collection). */
  list(olderThanMs: number): AsyncIterable<string>;
  /** Remove partial writes a crash left behind, started before `olderThanMs`; returns how many. */
  removeAbandonedWrites?(olderThanMs: number): Promise<number>;
}

/** The searchable parts of one object (an email); every part is optional and folded by the index itself. */
export interface SearchDocument {
  readonly subject?: string;
  /** Each address as the domain formats it, e.g. `Marie Dupont <marie.dupont@ac-grenoble.fr>`. */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  /** Body text (HTML already reduced to text); beyond SEARCH_LIMITS.maxBodyChars it is not indexed. */
  readonly body?: string;
  readonly attachmentNames?: readonly string[];
}

/** A SearchDocument already folded for the index (`foldSearchDocument`), before its write transaction. */
export interface FoldedSearchDocument {
  readonly folded: FoldedTexts;
}

/**
 * Which part a condition looks in: `text` is every part (IMAP TEXT, JMAP text), `address` is from, to, cc and
 * bcc together; the others are one part each (IMAP SUBJECT/FROM/TO/CC/BCC/BODY, JMAP conditions of that name).
 */
export type SearchField =
  | 'text'
  | 'subject'
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'body'
  | 'attachmentName'
  | 'address';

/**
 * `substring`: the folded value occurs anywhere in the folded part (IMAP SEARCH semantics; an empty value
 * matches everything). `words`: every word of the value occurs as a word of the part, in any order; a word
 * written with a trailing `*` matches as a prefix (`elec*`). A value without any word matches everything.
 * PostgreSQL also matches other inflections of a whole word (French stemming: réunion finds réunions).
 */
export type SearchMatch = 'substring' | 'words';

export interface SearchCondition {
  readonly field: SearchField;
  readonly value: string;
  readonly match: SearchMatch;
}

/** A query is a tree, never a string, so user text can never become query syntax. `{ and: [] }` matches all. */
export type SearchQuery =
  | SearchCondition
  | { readonly and: readonly SearchQuery[] }
  | { readonly or: readonly SearchQuery[] }
  | { readonly not: SearchQuery };

export interface SearchOptions {
  /** Return at most this many ids (a positive integer); which ones is unspecified. */
  readonly limit?: number;
}

/**
 * Full-text index of one object kind (emails), per account. Written inside the caller's write transaction, so
 * a search never finds an object that no longer exists nor misses one that does (DATA-MODEL.md §2).
 */
export interface SearchIndex {
  /**
   * Index `document` as `objectId`, replacing whatever was indexed under that id before. Part of `tx`: it
   * commits or rolls back with it, but may be written only when `tx` is about to commit (SQLite does), so a
   * search inside `tx` need not see it. Same for `remove`. A document folded ahead (`foldSearchDocument`) keeps
   * that work out of the transaction.
   */
  index(
    tx: WriteTransaction,
    accountId: string,
    objectId: string,
    document: SearchDocument | FoldedSearchDocument,
  ): Promise<void>;
  /** Forget `objectId`; nothing happens when it was not indexed. */
  remove(tx: WriteTransaction, accountId: string, objectId: string): Promise<void>;
  /**
   * Ids of the account's objects matching `query`, in no particular order, for the domain to intersect with
   * its own filters. Fails with StoreError('tooBig') beyond SEARCH_LIMITS; any value is otherwise accepted.
   */
  search(accountId: string, query: SearchQuery, options?: SearchOptions): Promise<readonly string[]>;
  /**
   * The account's matches of `query` as the index holds them now: how many, and which of the candidates a
   * caller reads in its own order match. Cheap for a word in every document, where `search` would list them
   * all. Fails with StoreError('tooBig') beyond SEARCH_LIMITS.
   */
  match(accountId: string, query: SearchQuery): Promise<SearchMatches>;
}

/** One query's matches in one account, taken at one moment (SearchIndex.match). */
export interface SearchMatches {
  /** How many of the account's indexed objects match. */
  readonly count: number;
  /** Those of `objectIds` that matched, in their order; an id the index did not hold then never matches. */
  among(objectIds: readonly string[]): Promise<readonly string[]>;
}

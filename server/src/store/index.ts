// The store's public surface for the domain layer: the role interfaces (SearchQuery and friends included),
// the table types, the dialect-independent records (change log, blob references), and search's folding and
// limits for IMAP/JMAP to reuse. Backends are reached only from main.ts.

export type * from './store.ts';
export type * from './schema.ts';
export {
  currentModseq,
  pruneChangeLog,
  prunedHorizon,
  readChanges,
  type Change,
  type ChangePage,
  type PruneOptions,
} from './change-log.ts';
export {
  prepareInsert,
  prepareQuery,
  type PreparedInsert,
  type PreparedQuery,
  type QueryParameters,
} from './prepared-query.ts';
export { addBlobReference, collectGarbage, dropBlobReference } from './blob-references.ts';
export { oneChunk } from './one-chunk.ts';
export { foldForSearch } from './search/fold-for-search.ts';
export { foldSearchDocument } from './search/prepare-document.ts';
export {
  objectState,
  readObjectChanges,
  type ObjectChanges,
  type ObjectChangesRead,
} from './object-changes.ts';
export { SEARCH_LIMITS } from './search/search-limits.ts';

// The store's public surface for the domain layer: the role interfaces, the table types, and the
// dialect-independent records (change log, blob references). Backends are reached only from main.ts.

export type * from './store.ts';
export type * from './schema.ts';
export {
  currentModseq,
  pruneChangeLog,
  readChanges,
  type Change,
  type ChangePage,
  type PruneOptions,
} from './change-log.ts';
export { addBlobReference, collectGarbage, dropBlobReference } from './blob-references.ts';

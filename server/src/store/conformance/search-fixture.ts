// Helpers for the search conformance cases: index a set of documents in one write, and ask which ids match.

import type { Database, SearchDocument, SearchField, SearchQuery } from '../store.ts';

/** Index every document (object id → document) of `accountId` in one write transaction. */
export async function indexAll(
  database: Database,
  accountId: string,
  documents: Readonly<Record<string, SearchDocument>>,
): Promise<void> {
  await database.write(async (tx) => {
    for (const [objectId, document] of Object.entries(documents)) {
      await database.search.index(tx, accountId, objectId, document);
    }
  });
}

/** The matching ids, sorted, so cases compare sets whatever order a backend returns. */
export async function found(database: Database, accountId: string, query: SearchQuery): Promise<string[]> {
  return [...(await database.search.search(accountId, query))].sort();
}

/** A condition on every document: `text` and `substring` unless said otherwise. */
export function has(
  value: string,
  field: SearchField = 'text',
  match: 'substring' | 'words' = 'substring',
): SearchQuery {
  return { field, value, match };
}

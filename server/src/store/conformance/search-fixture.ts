// Helpers for the search conformance cases: index a set of documents in one write, and ask which ids match
// (both ways the index answers: `search` lists them, `match` counts them and tests candidates).

import assert from 'node:assert/strict';
import type { Database, SearchDocument, SearchField, SearchQuery } from '../store.ts';

/** Every object id ever indexed per database and account: the candidates `found` hands to `match`. */
const indexedIds = new WeakMap<Database, Map<string, Set<string>>>();

function indexedOf(database: Database, accountId: string): Set<string> {
  let accounts = indexedIds.get(database);
  if (accounts === undefined) indexedIds.set(database, (accounts = new Map()));
  let ids = accounts.get(accountId);
  if (ids === undefined) accounts.set(accountId, (ids = new Set()));
  return ids;
}

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
  for (const objectId of Object.keys(documents)) indexedOf(database, accountId).add(objectId);
}

/**
 * The matching ids, sorted, so cases compare sets whatever order a backend returns. Checks on the way that
 * `match` agrees: the same count, and the same ids among every id ever indexed in the account (removed ones
 * and one never indexed included), returned in the candidates' order.
 */
export async function found(database: Database, accountId: string, query: SearchQuery): Promise<string[]> {
  const ids = [...(await database.search.search(accountId, query))].sort();
  const matches = await database.search.match(accountId, query);
  assert.equal(matches.count, ids.length, `match count of ${JSON.stringify(query)}`);
  const candidates = [...indexedOf(database, accountId), 'never-indexed'].reverse();
  assert.deepEqual(
    await matches.among(candidates),
    candidates.filter((id) => ids.includes(id)),
    `match among of ${JSON.stringify(query)}`,
  );
  return ids;
}

/** A condition on every document: `text` and `substring` unless said otherwise. */
export function has(
  value: string,
  field: SearchField = 'text',
  match: 'substring' | 'words' = 'substring',
): SearchQuery {
  return { field, value, match };
}

// Small pieces of query building both backends share: the LIKE pattern for "contains", and the check of
// SearchOptions.limit.

import assert from 'node:assert/strict';

/** `%text%` with LIKE's own characters escaped, for `like ? escape '\'`. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A limit is a positive integer or absent; anything else is a bug in the caller. */
export function checkLimit(limit: number | undefined): void {
  assert(
    limit === undefined || (Number.isSafeInteger(limit) && limit > 0),
    'search limit must be a positive integer',
  );
}

// SORT and THREAD arguments (RFC 5256 §3, §4; DISPLAYFROM/DISPLAYTO, RFC 5957):
//   SORT (sort-criterion *(SP sort-criterion)) SP charset SP search-key *(SP search-key)
//   THREAD algorithm SP charset SP search-key *(SP search-key)
// The charset is mandatory here (no CHARSET keyword); only US-ASCII and UTF-8 are accepted (NO [BADCHARSET]).
// Security: client input, bounded like SEARCH (search-criteria.ts); the criteria list by the cursor.

import { ParseError } from '#core/errors';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import { PARSE_ERRORS } from '../wire/tokens.ts';
import { parseCharset, parseSearchKeys, type SearchKey } from './search-criteria.ts';
import type { SupportedCharset } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';

export const SORT_KEYS = [
  'ARRIVAL',
  'CC',
  'DATE',
  'FROM',
  'SIZE',
  'SUBJECT',
  'TO',
  'DISPLAYFROM',
  'DISPLAYTO',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortCriterion {
  readonly key: SortKey;
  readonly isReverse: boolean;
}

export interface SortProgram {
  readonly criteria: readonly SortCriterion[];
  readonly charset: SupportedCharset;
  readonly search: SearchKey;
}

export const THREAD_ALGORITHMS = ['REFERENCES', 'ORDEREDSUBJECT'] as const;
export type ThreadAlgorithm = (typeof THREAD_ALGORITHMS)[number];

export interface ThreadProgram {
  readonly algorithm: ThreadAlgorithm;
  readonly charset: SupportedCharset;
  readonly search: SearchKey;
}

/** The arguments of SORT / UID SORT, the cursor after the SP that follows the command name. */
export function parseSortProgram(
  cursor: ArgumentCursor,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): SortProgram {
  const criteria = cursor.expectList(readCriterion, 'Sort criteria', { allowEmpty: false });
  cursor.expectSpace();
  const charset = parseCharset(cursor);
  cursor.expectSpace();
  return { criteria, charset, search: parseSearchKeys(cursor, limits) };
}

/** The arguments of THREAD / UID THREAD. */
export function parseThreadProgram(
  cursor: ArgumentCursor,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): ThreadProgram {
  const algorithm = cursor.expectKeyword(THREAD_ALGORITHMS, 'Threading algorithm');
  cursor.expectSpace();
  const charset = parseCharset(cursor);
  cursor.expectSpace();
  return { algorithm, charset, search: parseSearchKeys(cursor, limits) };
}

/** sort-criterion = ["REVERSE" SP] sort-key */
function readCriterion(cursor: ArgumentCursor): SortCriterion {
  const isReverse = cursor.peekKeyword() === 'REVERSE';
  if (isReverse) {
    cursor.expectAtom('Sort key', { stopAtBracket: true });
    // `(REVERSE)` and `(REVERSE REVERSE DATE)`: say what is missing rather than list the keys.
    if (!cursor.skip(' ') || cursor.peekKeyword() === 'REVERSE') {
      throw new ParseError(PARSE_ERRORS.syntax, 'REVERSE must be followed by a sort key');
    }
  }
  return { key: cursor.expectKeyword(SORT_KEYS, 'Sort key'), isReverse };
}

// A SearchDocument made ready for either backend: each column's text bounded, folded, bounded again (folding
// can lengthen text: ß → ss, ﬃ → ffi), and its distinct words. Backends store exactly what this returns.

import type { FoldedSearchDocument, SearchDocument } from '../store.ts';
import { foldForSearch } from './fold-for-search.ts';
import { SEARCH_COLUMNS, SOURCE_OF_COLUMN, type SearchColumn } from './search-columns.ts';
import { SEARCH_LIMITS } from './search-limits.ts';
import { documentWordBudget, indexedWords } from './search-words.ts';

export interface PreparedColumn {
  /** Folded text, for substring search. */
  readonly text: string;
  /** Distinct words of `text`, space-separated, for word search. */
  readonly words: string;
}

export type PreparedDocument = Readonly<Record<SearchColumn, PreparedColumn>>;

const MAX_CHARS: Readonly<Record<SearchColumn, number>> = {
  subject: SEARCH_LIMITS.maxSubjectChars,
  from_addresses: SEARCH_LIMITS.maxAddressChars,
  to_addresses: SEARCH_LIMITS.maxAddressChars,
  cc_addresses: SEARCH_LIMITS.maxAddressChars,
  bcc_addresses: SEARCH_LIMITS.maxAddressChars,
  body: SEARCH_LIMITS.maxBodyChars,
  attachment_names: SEARCH_LIMITS.maxAttachmentNameChars,
};

/**
 * Parts in the order they draw on the document's word budget: the small, telling ones first, so a huge body
 * can only crowd out the end of itself.
 */
const WORD_ORDER: readonly SearchColumn[] = [
  'subject',
  'from_addresses',
  'to_addresses',
  'cc_addresses',
  'bcc_addresses',
  'attachment_names',
  'body',
];

export type FoldedTexts = Readonly<Record<SearchColumn, string>>;

export function prepareDocument(document: SearchDocument | FoldedSearchDocument): PreparedDocument {
  return withWords(textsOf(document));
}

/** The document's folded texts: folded here unless the caller folded it ahead (foldSearchDocument). */
export function textsOf(document: SearchDocument | FoldedSearchDocument): FoldedTexts {
  return 'folded' in document ? document.folded : foldedTexts(document);
}

/**
 * A document folded ahead of the transaction that indexes it: folding a message's text is most of the work
 * of indexing it, and inside the transaction it would hold SQLite's single write lock (about 50 µs for a
 * message of 4 KiB).
 */
export function foldSearchDocument(document: SearchDocument): FoldedSearchDocument {
  return { folded: foldedTexts(document) };
}

/** Each column's folded and bounded text: what SQLite's pending list keeps until the words are indexed. */
export function foldedTexts(document: SearchDocument): FoldedTexts {
  const entries = SEARCH_COLUMNS.map((column) => {
    const limit = MAX_CHARS[column];
    const raw = joinBounded(document[SOURCE_OF_COLUMN[column]], limit);
    return [column, bounded(foldForSearch(raw), limit)] as const;
  });
  return Object.fromEntries(entries) as Record<SearchColumn, string>;
}

/** The texts with their distinct words, the document's word budget drawn on in WORD_ORDER. */
export function withWords(texts: FoldedTexts): PreparedDocument {
  const budget = documentWordBudget();
  const entries = WORD_ORDER.map((column) => {
    const text = texts[column];
    return [column, { text, words: indexedWords(text, budget) }] as const;
  });
  return Object.fromEntries(entries) as Record<SearchColumn, PreparedColumn>;
}

/** One string from a part, bounded before any work is done on it; list items are separated by a newline. */
function joinBounded(value: string | readonly string[] | undefined, limit: number): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return bounded(value, limit);
  let joined = '';
  for (const item of value) {
    if (joined.length >= limit) break;
    joined += joined === '' ? item : `\n${item}`;
  }
  return bounded(joined, limit);
}

/** At most `limit` code units, without leaving half a surrogate pair at the cut. */
function bounded(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit).toWellFormed();
}

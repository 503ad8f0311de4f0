// Words as the index sees them, decided here once for both backends: a word is a run of letters, digits or
// private-use characters in folded text (what SQLite's unicode61 tokenizer keeps), so `l'ecole` is l + ecole
// and `marie.dupont@ac-grenoble.fr` is marie + dupont + ac + grenoble + fr.

import { SEARCH_LIMITS } from './search-limits.ts';

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const NOT_ASCII = /[^\x00-\x7f]/;
/** A query word, and a `*` written right after it to ask for a prefix match. */
const QUERY_WORD = /([\p{L}\p{N}\p{Co}]+)(\*?)/gu;

export interface QueryWord {
  readonly word: string;
  readonly isPrefix: boolean;
}

/** What is left of a document's word caps (SEARCH_LIMITS) while its parts are indexed one after the other. */
export interface WordBudget {
  words: number;
  bytes: number;
}

export function documentWordBudget(): WordBudget {
  return { words: SEARCH_LIMITS.maxWordsPerDocument, bytes: SEARCH_LIMITS.maxWordBytesPerDocument };
}

/**
 * The distinct words of folded `text`, space-separated, in order of first appearance, taken from `budget`:
 * over-long words are skipped (substring search still finds them), and indexing stops when the budget runs
 * out. Both backends index exactly this string, so they agree on what is a word.
 */
export function indexedWords(text: string, budget: WordBudget = documentWordBudget()): string {
  const seen = new Set<string>();
  // Keeps a word; false once the budget is spent.
  const keep = (word: string): boolean => {
    if (word.length > SEARCH_LIMITS.maxWordChars || seen.has(word)) return true;
    const size = utf8Length(word) + 1;
    if (budget.words === 0 || size > budget.bytes) return false;
    seen.add(word);
    budget.words -= 1;
    budget.bytes -= size;
    return true;
  };
  if (NOT_ASCII.test(text)) {
    for (const [word] of text.matchAll(WORD)) if (!keep(word)) break;
  } else {
    // ASCII (most folded French text): the same words, read unit by unit, without a match object each.
    let start = -1;
    for (let index = 0; index <= text.length; index++) {
      if (index < text.length && isAsciiLetterOrDigit(text.charCodeAt(index))) {
        if (start < 0) start = index;
      } else if (start >= 0) {
        if (!keep(text.slice(start, index))) break;
        start = -1;
      }
    }
  }
  return [...seen].join(' ');
}

/** The distinct words of a folded query value, each exact or prefix (`elec*`), in order of appearance. */
export function queryWords(value: string): QueryWord[] {
  const words = new Map<string, QueryWord>();
  for (const [, word = '', star] of value.matchAll(QUERY_WORD)) {
    const isPrefix = star === '*';
    const key = `${isPrefix ? '*' : '='}${word}`;
    if (!words.has(key)) words.set(key, { word, isPrefix });
  }
  return [...words.values()];
}

/** True when no indexed word can match `word`: it is longer than any word the index keeps. */
export function isBeyondIndexedWords(word: string): boolean {
  return word.length > SEARCH_LIMITS.maxWordChars;
}

/** WORD's characters where the text is ASCII: A–Z, a–z, 0–9. */
function isAsciiLetterOrDigit(unit: number): boolean {
  const lower = unit | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (unit >= 0x30 && unit <= 0x39);
}

/** UTF-8 length without encoding (this runs once per word of every indexed document). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each of its halves.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 2 : 3;
  }
  return bytes;
}

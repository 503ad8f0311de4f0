// The words of a full-text search value as the search index reads them (store/search/search-words.ts, which
// protocols may not import): the value folded like the index, then runs of letters, digits or private-use
// characters, each exact or, written with a trailing `*`, a prefix. Email/query bounds values with it and
// SearchSnippet/get highlights with it, so both agree with what the index matched.

import { foldForSearch } from '#domain/mail';

export interface SearchWord {
  /** Folded (foldForSearch): lower case, no accents. */
  readonly word: string;
  readonly isPrefix: boolean;
}

const QUERY_WORD = /([\p{L}\p{N}\p{Co}]+)(\*?)/gu;

/** The distinct words of `value`, in order of first appearance. */
export function searchWords(value: string): SearchWord[] {
  const words = new Map<string, SearchWord>();
  for (const [, word = '', star] of foldForSearch(value).matchAll(QUERY_WORD)) {
    const isPrefix = star === '*';
    const key = `${isPrefix ? '*' : '='}${word}`;
    if (!words.has(key)) words.set(key, { word, isPrefix });
  }
  return [...words.values()];
}

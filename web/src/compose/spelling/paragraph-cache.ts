// The misspellings already known, by paragraph text: a paragraph typed before, pasted again or unchanged
// since the last pause is never sent again. Least recently used dropped first, so a long session stays small.

import type { JmapMisspelling } from '@vercors/contract';

export interface ParagraphCache {
  get(text: string): readonly JmapMisspelling[] | undefined;
  set(text: string, misspelled: readonly JmapMisspelling[]): void;
  has(text: string): boolean;
  readonly size: number;
}

/** Paragraphs remembered: several long messages' worth. */
export const PARAGRAPH_CACHE_ENTRIES = 1_000;

export function createParagraphCache(maxEntries = PARAGRAPH_CACHE_ENTRIES): ParagraphCache {
  const entries = new Map<string, readonly JmapMisspelling[]>();
  return {
    get(text) {
      const found = entries.get(text);
      if (found !== undefined) {
        // Most recent last: a Map keeps insertion order.
        entries.delete(text);
        entries.set(text, found);
      }
      return found;
    },
    set(text, misspelled) {
      entries.delete(text);
      entries.set(text, misspelled);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value ?? '');
    },
    has(text) {
      return entries.has(text);
    },
    get size() {
      return entries.size;
    },
  };
}

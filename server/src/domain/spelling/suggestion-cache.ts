// The suggestions already computed, by word, least recently used dropped first. Suggesting is the costly part
// of a check (10 ms to 0.5 s a word, where judging one takes microseconds) and the same mistakes come back in
// every paragraph a person retypes, so the worker keeps them for all accounts of the process.

export interface SuggestionCache {
  get(word: string): readonly string[] | undefined;
  set(word: string, suggestions: readonly string[]): void;
  readonly size: number;
}

export function createSuggestionCache(maxEntries: number): SuggestionCache {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recent first.
  const entries = new Map<string, readonly string[]>();
  return {
    get(word) {
      const found = entries.get(word);
      if (found !== undefined) {
        entries.delete(word);
        entries.set(word, found);
      }
      return found;
    },
    set(word, suggestions) {
      entries.delete(word);
      entries.set(word, suggestions);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value ?? '');
    },
    get size() {
      return entries.size;
    },
  };
}

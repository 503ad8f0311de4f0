// The directory's autocomplete index, in memory: every listed person's words (names, the address's local part,
// function, disciplines, establishments with their communes), folded for French (accents, case, œ/æ), so that
// "mart grenob" finds Martin at a Grenoble school, in any word order. Built once per change of the directory,
// read by every keystroke without touching the database.
//
// Shape: people are numbered in name order (family, then given name). Each distinct word has its postings (the
// people having it, in that order) laid out contiguously in one Int32Array, words sorted, so a prefix is a
// binary search giving one slice of postings. A query takes its words from the fewest postings to the most and
// intersects them with per-person stamps in typed arrays (reused, never cleared); the viewer's colleagues and
// correspondents are stamped the same way. Ranking then needs no string comparison: within a score, a smaller
// number is an earlier name. A query's cost is the postings it reads plus, for a match of a large share of the
// académie ("ma"), one pass over the numbers — never a sort of the matches.

import { foldForSearch } from '#store';

/** What the index knows of a person: words to match, and what ranking needs. */
export interface IndexedPerson {
  /** Words of the names: a match on one of them ranks higher. */
  readonly nameWords: readonly string[];
  readonly otherWords: readonly string[];
  /** The establishments (UAI) the person works in, to rank the viewer's colleagues first. */
  readonly establishments: readonly string[];
  /** Lower case, to rank the viewer's correspondents first. */
  readonly email: string | null;
  /** Folded "family given": the order of equally ranked people. */
  readonly sortKey: string;
}

export interface Viewer {
  /** The viewer's own establishments: their colleagues come first. */
  readonly establishments: ReadonlySet<string>;
  /** Addresses the viewer writes to (lower case): those people come before anybody else. */
  readonly correspondents: ReadonlySet<string>;
}

export const PEOPLE_INDEX_LIMITS = {
  /** Shorter queries (in letters, all words together) match too much to help. */
  minQueryLength: 2,
  maxQueryLength: 100,
  /** Query words used; more narrow nothing in practice. */
  maxWords: 5,
  maxResults: 50,
} as const;

/** Where words break: spaces, address punctuation, apostrophes (d'Arc), hyphens (Jean-Pierre), slashes. */
const WORD_BREAKS = /[\s@,;:._+\-'’/()]+/;

/** The folded words of `text`, in order, without empties. */
export function wordsOf(text: string): string[] {
  return foldForSearch(text)
    .split(WORD_BREAKS)
    .filter((word) => word !== '');
}

// Ranking weights: a correspondent beats a colleague, who beats a name match.
const CORRESPONDENT = 4;
const COLLEAGUE = 2;
const NAME_MATCH = 1;
const SCORES = CORRESPONDENT + COLLEAGUE + NAME_MATCH + 1;
/** Below this many matches, rank them by sorting; above, by one pass over everybody in name order. */
const SMALL_MATCH = 2048;

export interface PeopleIndex {
  readonly size: number;
  /**
   * The indexes (into the list the index was built from) of the people matching every word of `text`, best
   * first: the viewer's correspondents, then their colleagues, then people whose name has a word starting with
   * the first word; ties by family and given name. At most `limit`.
   */
  search(text: string, limit: number, viewer: Viewer): number[];
}

/** Sorted distinct words and, for each, its postings: people numbers in increasing order. */
interface WordTable {
  readonly words: readonly string[];
  readonly starts: Int32Array;
  readonly postings: Int32Array;
}

function buildTable(postingsByWord: Map<string, number[]>): WordTable {
  const words = [...postingsByWord.keys()].sort();
  const starts = new Int32Array(words.length + 1);
  let total = 0;
  for (let w = 0; w < words.length; w++) {
    starts[w] = total;
    total += postingsByWord.get(words[w] ?? '')?.length ?? 0;
  }
  starts[words.length] = total;
  const postings = new Int32Array(total);
  for (let w = 0; w < words.length; w++)
    postings.set(postingsByWord.get(words[w] ?? '') ?? [], starts[w] ?? 0);
  return { words, starts, postings };
}

/** The first index of `words` not below `key`. */
function lowerBound(words: readonly string[], key: string): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((words[middle] ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The postings slice of every word of `table` starting with `prefix`. */
function rangeOf(table: WordTable, prefix: string): { from: number; to: number } {
  return {
    from: table.starts[lowerBound(table.words, prefix)] ?? 0,
    to: table.starts[lowerBound(table.words, `${prefix}\uffff`)] ?? 0,
  };
}

export function buildPeopleIndex(people: readonly IndexedPerson[]): PeopleIndex {
  const count = people.length;
  // Number people in name order: original index of each number.
  const original = Int32Array.from(people.keys()).sort((a, b) => {
    const keyA = people[a]?.sortKey ?? '';
    const keyB = people[b]?.sortKey ?? '';
    return keyA < keyB ? -1 : keyA > keyB ? 1 : a - b;
  });

  const allWords = new Map<string, number[]>();
  const nameWords = new Map<string, number[]>();
  const byEstablishment = new Map<string, number[]>();
  const byEmail = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, id: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [id]);
    // People are added in increasing order, once per key: lists stay sorted and distinct.
    else if (list[list.length - 1] !== id) list.push(id);
  };
  for (let id = 0; id < count; id++) {
    const person = people[original[id] ?? 0] as IndexedPerson;
    for (const word of person.nameWords) {
      add(nameWords, word, id);
      add(allWords, word, id);
    }
    for (const word of person.otherWords) add(allWords, word, id);
    for (const uai of person.establishments) add(byEstablishment, uai, id);
    if (person.email !== null) add(byEmail, person.email, id);
  }
  const all = buildTable(allWords);
  const names = buildTable(nameWords);

  // Per-query scratch, reused. A number is a candidate when matched[id] === stamp and hits[id] === the query's
  // word count; colleague/correspondent/nameMatch hold the stamp when that applies to it.
  const matched = new Int32Array(count);
  const hits = new Uint8Array(count);
  const colleague = new Int32Array(count);
  const correspondent = new Int32Array(count);
  const nameMatch = new Int32Array(count);
  const firstRange = new Int32Array(count);
  let stamp = 0;

  const nextStamp = () => {
    stamp += 1;
    if (stamp === 0x7fffffff) {
      for (const array of [matched, colleague, correspondent, nameMatch]) array.fill(0);
      stamp = 1;
    }
    return stamp;
  };

  return {
    size: count,
    search(text, limit, viewer) {
      const query = [...new Set(wordsOf(text.slice(0, PEOPLE_INDEX_LIMITS.maxQueryLength)))].slice(
        0,
        PEOPLE_INDEX_LIMITS.maxWords,
      );
      if (query.join('').length < PEOPLE_INDEX_LIMITS.minQueryLength || count === 0) return [];
      const bound = Math.max(1, Math.min(limit, PEOPLE_INDEX_LIMITS.maxResults));
      const ranges = query.map((word) => rangeOf(all, word)).sort((a, b) => a.to - a.from - (b.to - b.from));
      const now = nextStamp();

      // Intersect: everyone in the smallest range, then those each further range also holds. hits counts the
      // words matched; a person with two words under one prefix (Martin, Martine) counts once per query word.
      const first = ranges[0] as { from: number; to: number };
      let inFirst = 0;
      for (let at = first.from; at < first.to; at++) {
        const id = all.postings[at] ?? 0;
        if (matched[id] !== now) {
          matched[id] = now;
          hits[id] = 1;
          firstRange[inFirst++] = id;
        }
      }
      for (let r = 1; r < ranges.length; r++) {
        const range = ranges[r] as { from: number; to: number };
        for (let at = range.from; at < range.to; at++) {
          const id = all.postings[at] ?? 0;
          if (matched[id] === now && hits[id] === r) hits[id] = r + 1;
        }
      }
      const wanted = ranges.length;

      // What ranks: the viewer's colleagues and correspondents, and names matching the first word.
      for (const uai of viewer.establishments)
        for (const id of byEstablishment.get(uai) ?? []) colleague[id] = now;
      if (viewer.correspondents.size <= inFirst) {
        for (const email of viewer.correspondents)
          for (const id of byEmail.get(email) ?? []) correspondent[id] = now;
      } else {
        for (let i = 0; i < inFirst; i++) {
          const id = firstRange[i] ?? 0;
          const email = people[original[id] ?? 0]?.email;
          if (email !== null && email !== undefined && viewer.correspondents.has(email))
            correspondent[id] = now;
        }
      }
      const firstWord = query[0] ?? '';
      const named = rangeOf(names, firstWord);
      for (let at = named.from; at < named.to; at++) nameMatch[names.postings[at] ?? 0] = now;
      const scoreOf = (id: number) =>
        (correspondent[id] === now ? CORRESPONDENT : 0) +
        (colleague[id] === now ? COLLEAGUE : 0) +
        (nameMatch[id] === now ? NAME_MATCH : 0);

      // Rank: best score first, then name order (the numbers' order).
      const found: number[] = [];
      if (inFirst <= SMALL_MATCH) {
        const candidates: number[] = [];
        for (let i = 0; i < inFirst; i++) {
          const id = firstRange[i] ?? 0;
          if (hits[id] === wanted) candidates.push(id);
        }
        candidates.sort((a, b) => scoreOf(b) - scoreOf(a) || a - b);
        for (const id of candidates.slice(0, bound)) found.push(original[id] ?? 0);
        return found;
      }
      // Many matches: one pass in name order, keeping the first `bound` of each score.
      const buckets: number[][] = Array.from({ length: SCORES }, () => []);
      let full = 0;
      for (let id = 0; id < count && full < SCORES; id++) {
        if (matched[id] !== now || hits[id] !== wanted) continue;
        const bucket = buckets[scoreOf(id)] as number[];
        if (bucket.length < bound) {
          bucket.push(id);
          if (bucket.length === bound) full++;
        }
      }
      for (let score = SCORES - 1; score >= 0 && found.length < bound; score--)
        for (const id of buckets[score] ?? []) {
          if (found.length === bound) break;
          found.push(original[id] ?? 0);
        }
      return found;
    },
  };
}

// The directory's autocomplete index, in memory: every listed person's words (names, address, function,
// disciplines, establishments with their communes), folded for French (accents, case, œ/æ), so that "mart
// grenob" finds Martin at a Grenoble school, in any word order. Built once per change of the directory, read
// by every keystroke without touching the database.
//
// Shape: the distinct words sorted, each with its postings (the people having it) laid out contiguously in one
// Int32Array, so a prefix is a binary search giving one slice of postings. A query takes its words from the
// fewest postings to the most and intersects them with per-person marks (typed arrays, stamped per query,
// never cleared): its cost is the size of the postings it reads, not the size of the académie.

import { foldForSearch } from '#store';

/** What the index knows of a person: words to match, and what ranking needs. */
export interface IndexedPerson {
  /** Words of the name first (family, given, display), then everything else that should match. */
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

export interface PeopleIndex {
  readonly size: number;
  /**
   * The indexes (into the list the index was built from) of the people matching every word of `text`, best
   * first: the viewer's correspondents, then their colleagues, then people whose name starts with the first
   * word; ties by family and given name. At most `limit`.
   */
  search(text: string, limit: number, viewer: Viewer): number[];
}

export function buildPeopleIndex(people: readonly IndexedPerson[]): PeopleIndex {
  // Postings per distinct word, then the words sorted and the postings laid out in that order.
  const postingsByWord = new Map<string, number[]>();
  const nameWordSets: (readonly string[])[] = [];
  people.forEach((person, index) => {
    const words = new Set([...person.nameWords, ...person.otherWords]);
    for (const word of words) {
      const list = postingsByWord.get(word);
      if (list === undefined) postingsByWord.set(word, [index]);
      else list.push(index);
    }
    nameWordSets.push(person.nameWords);
  });
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

  // Everyone's place in name order, so that ranking a large match sorts integers, not strings.
  const byName = people.map((_, index) => index);
  byName.sort((a, b) => {
    const keyA = people[a]?.sortKey ?? '';
    const keyB = people[b]?.sortKey ?? '';
    return keyA < keyB ? -1 : keyA > keyB ? 1 : a - b;
  });
  const nameRank = new Int32Array(people.length);
  byName.forEach((index, rank) => {
    nameRank[index] = rank;
  });

  // Per-query scratch, reused: marks[person] === stamp when the person is in the first word's range, and
  // hits[person] how many further words they matched (reset after each query).
  const marks = new Int32Array(people.length);
  const hits = new Int32Array(people.length);
  let stamp = 0;

  /** The first index of `words` not below `key`. */
  const lowerBound = (key: string) => {
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((words[middle] ?? '') < key) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  /** The postings slice of every word starting with `prefix`. */
  const rangeOf = (prefix: string) => ({
    from: starts[lowerBound(prefix)] ?? 0,
    to: starts[lowerBound(`${prefix}\uffff`)] ?? 0,
  });

  return {
    size: people.length,
    search(text, limit, viewer) {
      const query = [...new Set(wordsOf(text.slice(0, PEOPLE_INDEX_LIMITS.maxQueryLength)))].slice(
        0,
        PEOPLE_INDEX_LIMITS.maxWords,
      );
      if (query.join('').length < PEOPLE_INDEX_LIMITS.minQueryLength || people.length === 0) return [];
      const bound = Math.max(1, Math.min(limit, PEOPLE_INDEX_LIMITS.maxResults));
      const ranges = query.map(rangeOf).sort((a, b) => a.to - a.from - (b.to - b.from));

      // Intersect: the people in the smallest range, kept while each further word's range also has them.
      // A person with two words under one prefix (Martin, Martine) is counted once per query word by the stamp.
      let candidates: number[] = [];
      stamp = stamp >= 0x3fffffff ? 1 : stamp + 1;
      if (stamp === 1) {
        marks.fill(0);
        hits.fill(0);
      }
      const first = ranges[0];
      if (first === undefined) return [];
      for (let at = first.from; at < first.to; at++) {
        const person = postings[at] ?? 0;
        if (marks[person] !== stamp) {
          marks[person] = stamp;
          candidates.push(person);
        }
      }
      const inFirstRange = candidates;
      for (let r = 1; r < ranges.length && candidates.length > 0; r++) {
        const range = ranges[r];
        if (range === undefined) break;
        const round = r;
        for (let at = range.from; at < range.to; at++) {
          const person = postings[at] ?? 0;
          // Matched every earlier word, and not yet counted for this one.
          if (marks[person] === stamp && hits[person] === round - 1) hits[person] = round;
        }
        candidates = candidates.filter((person) => hits[person] === round);
      }
      for (const person of inFirstRange) hits[person] = 0;

      // Rank: one bucket per score, best first; within a bucket, name order (ranks sorted as integers).
      const firstWord = query[0] ?? '';
      const buckets: number[][] = Array.from(
        { length: CORRESPONDENT + COLLEAGUE + NAME_MATCH + 1 },
        () => [],
      );
      for (const index of candidates) {
        const person = people[index] as IndexedPerson;
        let score = 0;
        if (person.email !== null && viewer.correspondents.has(person.email)) score += CORRESPONDENT;
        if (person.establishments.some((uai) => viewer.establishments.has(uai))) score += COLLEAGUE;
        if ((nameWordSets[index] ?? []).some((word) => word.startsWith(firstWord))) score += NAME_MATCH;
        buckets[score]?.push(nameRank[index] ?? 0);
      }
      const found: number[] = [];
      for (let score = buckets.length - 1; score >= 0 && found.length < bound; score--) {
        const ranks = Int32Array.from(buckets[score] ?? []).sort();
        for (let i = 0; i < ranks.length && found.length < bound; i++) found.push(byName[ranks[i] ?? 0] ?? 0);
      }
      return found;
    },
  };
}

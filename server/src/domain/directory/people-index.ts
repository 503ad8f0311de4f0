// The directory's autocomplete index, in memory: every listed person's words (names, the address's local part,
// function, disciplines, establishments with their communes), folded for French (accents, case, œ/æ), so that
// "mart grenob" finds Martin at a Grenoble school, in any word order. Built once per change of the directory,
// read by every keystroke without touching the database.
//
// Shape: people are numbered in name order (family, then given name). Each distinct word has its postings (the
// people having it, in that order) laid out contiguously in one Int32Array, words sorted and packed into one
// string (packed-strings.ts), so a prefix is a binary search giving one slice of postings. A query takes its
// words from the fewest postings to the most and intersects them with per-person stamps in typed arrays (reused,
// never cleared); the viewer's colleagues and correspondents are stamped the same way. Ranking then needs no
// string comparison: within a score, a smaller number is an earlier name. The few people ranked above the rest
// (the viewer's colleagues and correspondents) are collected while stamped; the others, for a match of a large
// share of the académie ("ma"), come from one pass in name order that stops once the page is full — never a
// sort of the matches.
//
// The index is plain data (PeopleIndexData: typed arrays and a few strings), built apart from its search
// (indexPeople, then openPeopleIndex), so a worker thread can build it and hand it over (directory-snapshot.ts)
// and the heap it lives in holds a handful of objects rather than a million.

import { foldForSearch } from '#store';
import { lowerBound, type PackedStrings, packStrings, stringAt } from './packed-strings.ts';

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

export interface PeopleIndex {
  readonly size: number;
  /**
   * The indexes (into the list the index was built from) of the people matching every word of `text`, best
   * first: the viewer's correspondents, then their colleagues, then people whose name has a word starting with
   * the first word; ties by family and given name. At most `limit`.
   */
  search(text: string, limit: number, viewer: Viewer): number[];
}

/** Sorted distinct keys and, for each, its postings: people numbers in increasing order. */
export interface PostingTable {
  readonly keys: PackedStrings;
  /** Key k's postings are postings[starts[k]] up to postings[starts[k + 1]]. */
  readonly starts: Int32Array;
  readonly postings: Int32Array;
}

/** The index as plain data: what crosses from the thread that builds it. */
export interface PeopleIndexData {
  readonly count: number;
  /** For each number (name order), the person's position in the list the index was built from. */
  readonly original: Int32Array;
  /** Every word of every person. */
  readonly words: PostingTable;
  /** Words of names only. */
  readonly names: PostingTable;
  /** UAI → the people working there. */
  readonly establishments: PostingTable;
  /** Address → its people. */
  readonly emails: PostingTable;
  /** Each number's address, '' for none. */
  readonly emailOf: PackedStrings;
}

/** The typed arrays' buffers of `data`: moved, not copied, when it is posted to another thread. */
export function peopleIndexBuffers(data: PeopleIndexData): ArrayBuffer[] {
  const tables = [data.words, data.names, data.establishments, data.emails];
  return [
    data.original,
    data.emailOf.ends,
    ...tables.flatMap((table) => [table.keys.ends, table.starts, table.postings]),
  ].map((array) => array.buffer as ArrayBuffer);
}

function postingTable(postingsByKey: Map<string, number[]>): PostingTable {
  const keys = [...postingsByKey.keys()].sort();
  const starts = new Int32Array(keys.length + 1);
  let total = 0;
  for (let k = 0; k < keys.length; k++) {
    starts[k] = total;
    total += postingsByKey.get(keys[k] ?? '')?.length ?? 0;
  }
  starts[keys.length] = total;
  const postings = new Int32Array(total);
  for (let k = 0; k < keys.length; k++) postings.set(postingsByKey.get(keys[k] ?? '') ?? [], starts[k] ?? 0);
  return { keys: packStrings(keys), starts, postings };
}

/** The postings slice of every key of `table` starting with `prefix`. */
function prefixRange(table: PostingTable, prefix: string): { from: number; to: number } {
  return {
    from: table.starts[lowerBound(table.keys, prefix)] ?? 0,
    to: table.starts[lowerBound(table.keys, `${prefix}\uffff`)] ?? 0,
  };
}

/** The postings slice of `key` exactly (empty when absent). */
function keyRange(table: PostingTable, key: string): { from: number; to: number } {
  const at = lowerBound(table.keys, key);
  if (at >= table.keys.ends.length || stringAt(table.keys, at) !== key) return { from: 0, to: 0 };
  return { from: table.starts[at] ?? 0, to: table.starts[at + 1] ?? 0 };
}

export function indexPeople(people: readonly IndexedPerson[]): PeopleIndexData {
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
  const emailOf: string[] = [];
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
    emailOf.push(person.email ?? '');
  }
  return {
    count,
    original,
    words: postingTable(allWords),
    names: postingTable(nameWords),
    establishments: postingTable(byEstablishment),
    emails: postingTable(byEmail),
    emailOf: packStrings(emailOf),
  };
}

/** The index of `people`, ready to search. */
export function buildPeopleIndex(people: readonly IndexedPerson[]): PeopleIndex {
  return openPeopleIndex(indexPeople(people));
}

/** One bit per person: a query's sets fit in the processor's nearest caches (12.5 KB for 100,000 people). */
const has = (bits: Uint32Array, id: number) => ((bits[id >>> 5] ?? 0) & (1 << (id & 31))) !== 0;
const set = (bits: Uint32Array, id: number) => {
  bits[id >>> 5] = (bits[id >>> 5] ?? 0) | (1 << (id & 31));
};

export function openPeopleIndex(data: PeopleIndexData): PeopleIndex {
  const { count, original, words, names, establishments, emails, emailOf } = data;
  // Per-query scratch, reused and cleared by each query: who matches every word so far (and the next word's
  // matches), who has a name starting with the first word, who is the viewer's colleague or correspondent.
  const size = (count + 31) >>> 5;
  let matched = new Uint32Array(size);
  let next = new Uint32Array(size);
  const named = new Uint32Array(size);
  const colleague = new Uint32Array(size);
  const correspondent = new Uint32Array(size);
  // A viewer's correspondents, as numbers: the same set (contacts are read once a minute) is looked up once.
  const correspondentNumbers = new WeakMap<ReadonlySet<string>, Int32Array>();

  const numbersOf = (addresses: ReadonlySet<string>): Int32Array => {
    let found = correspondentNumbers.get(addresses);
    if (found === undefined) {
      const list: number[] = [];
      for (const email of addresses) {
        const { from, to } = keyRange(emails, email);
        for (let at = from; at < to; at++) list.push(emails.postings[at] ?? 0);
      }
      found = Int32Array.from(list);
      correspondentNumbers.set(addresses, found);
    }
    return found;
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
      const ranges = query
        .map((word) => prefixRange(words, word))
        .sort((a, b) => a.to - a.from - (b.to - b.from));
      for (const bits of [matched, named, colleague, correspondent]) bits.fill(0);

      // Intersect: everyone in the smallest range, then those each further range also holds. A person with two
      // words under one prefix (Martin, Martine) is in the range twice, and counted once.
      const first = ranges[0] as { from: number; to: number };
      for (let at = first.from; at < first.to; at++) set(matched, words.postings[at] ?? 0);
      for (let r = 1; r < ranges.length; r++) {
        const range = ranges[r] as { from: number; to: number };
        next.fill(0);
        for (let at = range.from; at < range.to; at++) {
          const id = words.postings[at] ?? 0;
          if (has(matched, id)) set(next, id);
        }
        [matched, next] = [next, matched];
      }
      const isMatch = (id: number) => has(matched, id);

      // Names matching the first word rank above other matches.
      const nameRange = prefixRange(names, query[0] ?? '');
      for (let at = nameRange.from; at < nameRange.to; at++) set(named, names.postings[at] ?? 0);

      // The viewer's colleagues and correspondents among the matches: collected as they are marked.
      const above: number[] = [];
      for (const uai of viewer.establishments) {
        const { from, to } = keyRange(establishments, uai);
        for (let at = from; at < to; at++) {
          const id = establishments.postings[at] ?? 0;
          set(colleague, id);
          if (isMatch(id)) above.push(id);
        }
      }
      const firstSize = first.to - first.from;
      if (viewer.correspondents.size <= firstSize) {
        for (const id of numbersOf(viewer.correspondents)) {
          set(correspondent, id);
          if (isMatch(id)) above.push(id);
        }
      } else {
        // More addresses than matches (a hostile book of thousands): test each match's address instead.
        for (let at = first.from; at < first.to; at++) {
          const id = words.postings[at] ?? 0;
          if (isMatch(id) && viewer.correspondents.has(stringAt(emailOf, id))) {
            set(correspondent, id);
            above.push(id);
          }
        }
      }
      const scoreOf = (id: number) =>
        (has(correspondent, id) ? CORRESPONDENT : 0) +
        (has(colleague, id) ? COLLEAGUE : 0) +
        (has(named, id) ? NAME_MATCH : 0);

      // Best score first, then name order (the numbers' order); someone both colleague and correspondent, or
      // in two of the viewer's establishments, once.
      const found = [...new Set(above)].sort((a, b) => scoreOf(b) - scoreOf(a) || a - b).slice(0, bound);
      // The rest in name order, names matching first, until `need` names match (the others then cannot make
      // the page): 32 people per step, an empty step costs one comparison.
      const need = bound - found.length;
      const byName: number[] = [];
      const others: number[] = [];
      for (let word = 0; word < size && need > 0 && byName.length < need; word++) {
        let bits = (matched[word] ?? 0) & ~((colleague[word] ?? 0) | (correspondent[word] ?? 0));
        while (bits !== 0) {
          const low = bits & -bits;
          const id = (word << 5) + 31 - Math.clz32(low);
          bits ^= low;
          if (has(named, id)) {
            if (byName.length < need) byName.push(id);
          } else if (others.length < need) others.push(id);
        }
      }
      found.push(...byName.slice(0, need), ...others.slice(0, Math.max(0, need - byName.length)));
      return found.map((id) => original[id] ?? 0);
    },
  };
}

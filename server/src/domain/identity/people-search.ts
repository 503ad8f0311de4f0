// Searching the académie's people by name or address, for the recipient autocomplete of a compose window:
// every active account, matched accent- and case-insensitively on the start of each word of its name or
// address, the best matches first. The list is kept in memory per process (25,000 staff are a few MB) and
// read again when it is older than PEOPLE_REFRESH_MS, so a keystroke costs no database read.
// Security: any signed-in user may search it (a professional directory, as the webmail it replaces had); it
// holds names, addresses and establishments only, never suspended or disabled accounts.

import type { Clock } from '#core/clock';
import { type Database, foldForSearch } from '#store';

export interface PersonEntry {
  readonly name: string;
  readonly email: string;
  /** The establishment the person works in, when known. */
  readonly establishment: { readonly uai: string; readonly name: string } | null;
}

export const PEOPLE_SEARCH_LIMITS = {
  /** Shortest query: one letter matches too much to be useful. */
  minQueryLength: 2,
  maxQueryLength: 100,
  /** Words of a query used; more narrow nothing in practice. */
  maxWords: 5,
  maxResults: 25,
} as const;

/** How stale the in-memory list may get: a new colleague shows up within this time. */
export const PEOPLE_REFRESH_MS = 60_000;

interface IndexedPerson {
  readonly entry: PersonEntry;
  /** Folded words of the name and of the address (local part split on . - _ and the domain). */
  readonly words: readonly string[];
  /** The folded name, for the order of equally good matches. */
  readonly sortKey: string;
}

export interface PeopleSearch {
  /** At most `limit` people (≤ maxResults) whose words start with every word of `text`, best first. */
  search(text: string, limit: number): Promise<readonly PersonEntry[]>;
}

/** Name and address cut into words the same way a query is: spaces, @ and address punctuation. */
const WORD_BREAKS = /[\s@,;._+-]+/;

function wordsOf(name: string, email: string): string[] {
  const words = `${foldForSearch(name)} ${foldForSearch(email)}`.split(WORD_BREAKS);
  return [...new Set(words.filter((word) => word !== ''))];
}

/** 0 when the first query word starts the name, 1 when every word matches a word, undefined otherwise. */
function rank(person: IndexedPerson, query: readonly string[]): number | undefined {
  if (!query.every((word) => person.words.some((candidate) => candidate.startsWith(word)))) return undefined;
  return person.sortKey.startsWith(query[0] ?? '') ? 0 : 1;
}

async function loadPeople(database: Database): Promise<IndexedPerson[]> {
  const rows = await database.db
    .selectFrom('accounts')
    .leftJoin('establishments', 'establishments.uai', 'accounts.establishment_uai')
    .select(['accounts.email', 'accounts.display_name', 'establishments.uai', 'establishments.name'])
    .where('accounts.status', '=', 'active')
    .execute();
  return rows.map((row) => {
    const entry: PersonEntry = {
      name: row.display_name,
      email: row.email,
      establishment: row.uai !== null && row.name !== null ? { uai: row.uai, name: row.name } : null,
    };
    return { entry, words: wordsOf(row.display_name, row.email), sortKey: foldForSearch(row.display_name) };
  });
}

export function createPeopleSearch(dependencies: {
  readonly database: Database;
  readonly clock: Clock;
}): PeopleSearch {
  let people: { readonly list: Promise<IndexedPerson[]>; readonly at: number } | undefined;
  const current = () => {
    const now = dependencies.clock.nowMs();
    if (people === undefined || now - people.at > PEOPLE_REFRESH_MS) {
      const list = loadPeople(dependencies.database);
      // A failed read is not kept: the next search tries again.
      list.catch(() => {
        people = undefined;
      });
      people = { list, at: now };
    }
    return people.list;
  };
  return {
    async search(text, limit) {
      const query = foldForSearch(text.slice(0, PEOPLE_SEARCH_LIMITS.maxQueryLength))
        .split(WORD_BREAKS)
        .filter((word) => word !== '')
        .slice(0, PEOPLE_SEARCH_LIMITS.maxWords);
      if (query.join('').length < PEOPLE_SEARCH_LIMITS.minQueryLength) return [];
      const bound = Math.max(1, Math.min(limit, PEOPLE_SEARCH_LIMITS.maxResults));
      const matches: { person: IndexedPerson; rank: number }[] = [];
      for (const person of await current()) {
        const found = rank(person, query);
        if (found !== undefined) matches.push({ person, rank: found });
      }
      matches.sort(
        (a, b) =>
          a.rank - b.rank ||
          (a.person.sortKey < b.person.sortKey ? -1 : a.person.sortKey > b.person.sortKey ? 1 : 0) ||
          (a.person.entry.email < b.person.entry.email ? -1 : 1),
      );
      return matches.slice(0, bound).map((match) => match.person.entry);
    },
  };
}

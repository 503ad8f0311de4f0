// The académie directory's autocomplete ("a few letters are enough to find the right colleague in another
// school"): who is shown, how the in-memory index (people-index.ts) is kept current, and the cards it answers.
//
// Who: people present in the HR directory who did not opt out, unless their account is suspended or disabled
// (mail to them would wait unread, and a departure often shows as a suspension before HR catches up); and,
// so that an académie without an HR import still finds its staff, active person accounts no directory entry
// is linked to. Never departed people, never opted-out ones, never resources or shared mailboxes.
//
// Freshness: each process keeps one index. A search at most every REFRESH_CHECK_MS asks the database whether
// anything the index shows changed (one aggregate query); if so the index is rebuilt in the background while
// searches go on with the previous one. A change shows within that delay, a keystroke costs no database read.

import { createHash } from 'node:crypto';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import { buildPeopleIndex, type IndexedPerson, type PeopleIndex, wordsOf } from './people-index.ts';
import { readPeople } from './people-rows.ts';
import type { PersonRole } from './person.ts';

/** How stale the index may get. */
export const REFRESH_CHECK_MS = 30_000;

/** One establishment on a card. */
export interface DirectoryCardPost {
  readonly uai: string;
  readonly name: string;
  readonly commune: string;
  /** Null for an account without a directory entry (its establishment, role unknown). */
  readonly role: PersonRole | null;
  readonly isPrimary: boolean;
}

/** What the composer and the directory screens show of a person. */
export interface DirectoryCard {
  /** The directory entry's id; null for an account without one. */
  readonly personId: string | null;
  readonly accountId: string | null;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string | null;
  /** The function: "Professeur des écoles". */
  readonly title: string | null;
  readonly phone: string | null;
  readonly disciplines: readonly string[];
  /** The main post first. */
  readonly posts: readonly DirectoryCardPost[];
}

export interface DirectorySearchViewer {
  readonly accountId: string;
  /** Addresses the viewer writes to, lower case: ranked first. */
  readonly correspondents?: ReadonlySet<string>;
}

export interface DirectoryListing {
  /**
   * Changes whenever what is shown changes (a person, an account status, an establishment): the read-only
   * global address book's sync token. Equal versions mean equal listings; the numbers carry no order.
   */
  readonly version: number;
  /** Everyone shown, by family then given name. */
  readonly cards: readonly DirectoryCard[];
  /** When this listing was read from the database. */
  readonly readAt: Date;
}

export interface DirectorySearch {
  /** Cards of the people matching every word of `text`, the viewer's correspondents and colleagues first. */
  search(text: string, limit: number, viewer: DirectorySearchViewer): Promise<readonly DirectoryCard[]>;
  /** The whole directory as shown to every signed-in user, from the same index (and the same freshness). */
  listDirectory(): Promise<DirectoryListing>;
}

interface Snapshot {
  readonly index: PeopleIndex;
  readonly cards: readonly DirectoryCard[];
  /** The cards in name order, and the listing's version. */
  readonly listing: DirectoryListing;
  /** The establishments of each account shown, to rank a viewer's colleagues. */
  readonly establishmentsByAccount: ReadonlyMap<string, readonly string[]>;
  readonly fingerprint: string;
  checkedAt: number;
}

export function createDirectorySearch(dependencies: {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
}): DirectorySearch {
  const { database, clock, log } = dependencies;
  let current: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;

  const reload = (fingerprint: string) => {
    loading ??= load(database, fingerprint, clock.nowMs())
      .then((snapshot) => {
        current = snapshot;
        return snapshot;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const snapshot = async (): Promise<Snapshot> => {
    if (current === undefined) return reload(await fingerprintOf(database));
    const now = clock.nowMs();
    if (now - current.checkedAt >= REFRESH_CHECK_MS && loading === undefined) {
      const stale = current;
      stale.checkedAt = now;
      // In the background: this search answers from the index it has.
      void fingerprintOf(database)
        .then((fingerprint) => (fingerprint === stale.fingerprint ? undefined : reload(fingerprint)))
        .catch((error: unknown) => log.error({ err: error }, 'directory index refresh failed'));
    }
    return current;
  };

  return {
    async search(text, limit, viewer) {
      const { index, cards, establishmentsByAccount } = await snapshot();
      const found = index.search(text, limit, {
        establishments: new Set(establishmentsByAccount.get(viewer.accountId) ?? []),
        correspondents: viewer.correspondents ?? new Set(),
      });
      return found.map((position) => cards[position] as DirectoryCard);
    },
    async listDirectory() {
      return (await snapshot()).listing;
    },
  };
}

/** What the index shows changes only if one of these does (counts catch deletions). */
async function fingerprintOf(database: Database): Promise<string> {
  const [people, accounts, establishments] = await Promise.all([
    database.db
      .selectFrom('people')
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow(),
    database.db
      .selectFrom('accounts')
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow(),
    database.db
      .selectFrom('establishments')
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow(),
  ]);
  return [people, accounts, establishments].map((row) => `${row.count}:${row.latest ?? ''}`).join('/');
}

async function load(database: Database, fingerprint: string, now: number): Promise<Snapshot> {
  const people = await readPeople(database.db, (query) =>
    query.where('people.hr_status', '=', 'present').where('people.listing', '=', 'listed'),
  );
  const cards: DirectoryCard[] = [];
  const indexed: IndexedPerson[] = [];
  const establishmentsByAccount = new Map<string, string[]>();
  // Establishments, functions and disciplines repeat across thousands of people: each text is folded once.
  const folded = new Map<string, readonly string[]>();
  const words = (text: string): readonly string[] => {
    let found = folded.get(text);
    if (found === undefined) {
      found = wordsOf(text);
      folded.set(text, found);
    }
    return found;
  };
  const add = (card: DirectoryCard) => {
    cards.push(card);
    const family = wordsOf(card.familyName);
    const given = wordsOf(card.givenName);
    indexed.push({
      nameWords: [...new Set([...family, ...given, ...wordsOf(card.name)])],
      otherWords: [
        // The address's local part only: the domain is everybody's, and nobody types it to find a colleague.
        ...wordsOf((card.email ?? '').split('@')[0] ?? ''),
        ...words(card.title ?? ''),
        ...card.disciplines.flatMap(words),
        ...card.posts.flatMap((post) => [...words(post.name), ...words(post.commune)]),
      ],
      establishments: card.posts.map((post) => post.uai),
      email: card.email,
      // By family then given name; an account with neither (made by hand) by its display name.
      sortKey: [...family, ...given].join(' ') || wordsOf(card.name).join(' '),
    });
    if (card.accountId !== null)
      establishmentsByAccount.set(
        card.accountId,
        card.posts.map((post) => post.uai),
      );
  };

  for (const person of people) {
    if (person.accountStatus !== null && person.accountStatus !== 'active') continue;
    add({
      personId: person.id,
      accountId: person.accountId,
      name: person.displayName,
      givenName: person.givenName,
      familyName: person.familyName,
      email: person.email,
      title: person.title,
      phone: person.phone,
      disciplines: person.disciplines,
      posts: person.posts.map((post) => ({
        uai: post.uai,
        name: post.name,
        commune: post.commune,
        role: post.role,
        isPrimary: post.isPrimary,
      })),
    });
  }

  // Active person accounts without a directory entry: found by name, address and establishment.
  const accounts = await database.db
    .selectFrom('accounts')
    .leftJoin('people', 'people.account_id', 'accounts.id')
    .leftJoin('establishments', 'establishments.uai', 'accounts.establishment_uai')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.display_name',
      'accounts.given_name',
      'accounts.family_name',
      'establishments.uai',
      'establishments.name',
      'establishments.commune',
    ])
    .where('people.id', 'is', null)
    .where('accounts.status', '=', 'active')
    .where('accounts.kind', '=', 'person')
    .execute();
  for (const row of accounts) {
    add({
      personId: null,
      accountId: row.id,
      name: row.display_name,
      givenName: row.given_name,
      familyName: row.family_name,
      email: row.email,
      title: null,
      phone: null,
      disciplines: [],
      posts:
        row.uai === null
          ? []
          : [{ uai: row.uai, name: row.name ?? '', commune: row.commune ?? '', role: null, isPrimary: true }],
    });
  }
  const byName = cards
    .map((card, position) => ({ card, key: indexed[position]?.sortKey ?? '' }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.card);
  return {
    index: buildPeopleIndex(indexed),
    cards,
    listing: { version: versionOf(fingerprint), cards: byName, readAt: new Date(now) },
    establishmentsByAccount,
    fingerprint,
    checkedAt: now,
  };
}

/** A positive 48-bit number from the fingerprint (a DAV sync token is a number here). */
function versionOf(fingerprint: string): number {
  return Number.parseInt(createHash('sha256').update(fingerprint).digest('hex').slice(0, 12), 16);
}

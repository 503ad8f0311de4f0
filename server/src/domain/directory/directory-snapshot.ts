// What each process answers the directory's autocomplete and global address book from: every person shown
// (directory-search.ts says who), their cards, and the index over them — read and built in one go, on a worker
// thread (runtime/directory-snapshot-thread.ts), and handed over as plain data the receiving event loop adopts
// at once: typed arrays that move between threads without a copy, the cards as UTF-8 JSON decoded only when
// shown (ten per keystroke), a few strings. Numbers are name order: the index's numbers, the cards' order, the
// listing's order.

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '#store';
import type { DirectoryCard } from './directory-search.ts';
import { type PackedStrings, indexOfSorted, packStrings } from './packed-strings.ts';
import {
  type IndexedPerson,
  indexPeople,
  openPeopleIndex,
  type PeopleIndex,
  type PeopleIndexData,
  peopleIndexBuffers,
  wordsOf,
} from './people-index.ts';
import { readPeople } from './people-rows.ts';

/** Decoded cards kept per snapshot (a few MB). */
const DECODED_CARDS = 4_096;

export interface DirectorySnapshotData {
  /** The directory version (migration 20) read before anything else: a later change moves it past this. */
  readonly version: number;
  /** When the data was read. */
  readonly readAt: number;
  readonly index: PeopleIndexData;
  /** The cards as UTF-8 JSON one after the other, in name order; card i ends at cardEnds[i]. */
  readonly cards: Uint8Array;
  readonly cardEnds: Int32Array;
  /** The accounts shown, sorted, and the number of each one's card. */
  readonly accounts: PackedStrings;
  readonly accountCards: Int32Array;
}

/** A snapshot being built elsewhere (a worker thread: runtime/directory-snapshot-builds.ts). */
export interface SnapshotBuild {
  readonly result: Promise<DirectorySnapshotData>;
  /** Stops the build; `result` then fails. */
  stop(): Promise<void>;
}

/** A snapshot built here, on this event loop: for tests and one-shot commands. */
export function buildSnapshotHere(db: Kysely<DatabaseSchema>, nowMs: number): SnapshotBuild {
  return { result: buildDirectorySnapshot(db, nowMs), stop: () => Promise.resolve() };
}

/** A snapshot adopted by the event loop that searches it. */
export interface DirectorySnapshot {
  readonly version: number;
  readonly readAt: Date;
  readonly index: PeopleIndex;
  readonly size: number;
  cardAt(number: number): DirectoryCard;
  /** The card of the person `accountId` belongs to, when shown. */
  cardOfAccount(accountId: string): DirectoryCard | undefined;
}

export async function readDirectoryVersion(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await db
    .selectFrom('directory_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Reads everyone shown and builds the snapshot: the costly part, meant for a worker thread. */
export async function buildDirectorySnapshot(
  db: Kysely<DatabaseSchema>,
  nowMs: number,
): Promise<DirectorySnapshotData> {
  const version = await readDirectoryVersion(db);
  const cards = await readShownCards(db);
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
  const indexed = cards.map((card): IndexedPerson => {
    const family = wordsOf(card.familyName);
    const given = wordsOf(card.givenName);
    return {
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
    };
  });
  // Name order once, here: the index then numbers people as they come.
  const order = [...indexed.keys()].sort((a, b) => {
    const keyA = indexed[a]?.sortKey ?? '';
    const keyB = indexed[b]?.sortKey ?? '';
    return keyA < keyB ? -1 : keyA > keyB ? 1 : a - b;
  });
  const sortedCards = order.map((position) => cards[position] as DirectoryCard);
  const index = indexPeople(order.map((position) => indexed[position] as IndexedPerson));

  const texts = sortedCards.map((card) => JSON.stringify(card));
  const cardEnds = new Int32Array(texts.length);
  let total = 0;
  for (const [i, text] of texts.entries()) {
    total += Buffer.byteLength(text);
    cardEnds[i] = total;
  }
  const bytes = new Uint8Array(total);
  const encoder = new TextEncoder();
  for (const [i, text] of texts.entries())
    encoder.encodeInto(text, bytes.subarray(i === 0 ? 0 : cardEnds[i - 1]));

  const byAccount = sortedCards
    .flatMap((card, number) => (card.accountId === null ? [] : [{ id: card.accountId, number }]))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    version,
    readAt: nowMs,
    index,
    cards: bytes,
    cardEnds,
    accounts: packStrings(byAccount.map((entry) => entry.id)),
    accountCards: Int32Array.from(byAccount.map((entry) => entry.number)),
  };
}

/** The buffers `data` is made of, to move (not copy) to the thread that adopts it. */
export function snapshotBuffers(data: DirectorySnapshotData): ArrayBuffer[] {
  return [
    ...peopleIndexBuffers(data.index),
    data.cards.buffer as ArrayBuffer,
    data.cardEnds.buffer as ArrayBuffer,
    data.accounts.ends.buffer as ArrayBuffer,
    data.accountCards.buffer as ArrayBuffer,
  ];
}

export function openDirectorySnapshot(data: DirectorySnapshotData): DirectorySnapshot {
  // A Buffer over the same memory: its toString decodes a range without making a view of it first.
  const bytes = Buffer.from(data.cards.buffer, data.cards.byteOffset, data.cards.byteLength);
  const index = openPeopleIndex(data.index);
  // The cards shown lately, decoded: a name being typed shows the same people keystroke after keystroke, and
  // some people (the secretariat, the heads of school) in many answers. Shared, so never changed by a reader.
  const decoded = new Map<number, DirectoryCard>();
  const cardAt = (number: number): DirectoryCard => {
    let card = decoded.get(number);
    if (card === undefined) {
      const start = number === 0 ? 0 : (data.cardEnds[number - 1] ?? 0);
      card = JSON.parse(bytes.toString('utf8', start, data.cardEnds[number])) as DirectoryCard;
      // Oldest first in a Map: drop from the front once full.
      if (decoded.size >= DECODED_CARDS) decoded.delete(decoded.keys().next().value ?? -1);
      decoded.set(number, card);
    }
    return card;
  };
  return {
    version: data.version,
    readAt: new Date(data.readAt),
    index,
    size: data.cardEnds.length,
    cardAt,
    cardOfAccount(accountId) {
      const at = indexOfSorted(data.accounts, accountId);
      return at < 0 ? undefined : cardAt(data.accountCards[at] ?? 0);
    },
  };
}

/**
 * Who is shown: people present in the HR directory who did not opt out, unless their account is suspended or
 * disabled; and active person accounts no directory entry is linked to.
 */
async function readShownCards(db: Kysely<DatabaseSchema>): Promise<DirectoryCard[]> {
  const people = await readPeople(db, (query) =>
    query.where('people.hr_status', '=', 'present').where('people.listing', '=', 'listed'),
  );
  const cards: DirectoryCard[] = [];
  for (const person of people) {
    if (person.accountStatus !== null && person.accountStatus !== 'active') continue;
    cards.push({
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
  const accounts = await db
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
    cards.push({
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
  return cards;
}

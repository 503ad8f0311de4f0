// The académie directory's autocomplete ("a few letters are enough to find the right colleague in another
// school"): who is shown, how each process's in-memory snapshot (directory-snapshot.ts) is kept current, and
// the cards it answers.
//
// Who: people present in the HR directory who did not opt out, unless their account is suspended or disabled
// (mail to them would wait unread, and a departure often shows as a suspension before HR catches up); and,
// so that an académie without an HR import still finds its staff, active person accounts no directory entry
// is linked to. Never departed people, never opted-out ones, never resources or shared mailboxes.
//
// Freshness: a search at most every REFRESH_CHECK_MS reads the directory version (one row that triggers move
// with every change to what the directory shows, migration 20). When it moved, a new snapshot is built (on a
// worker thread, as main.ts wires it) while searches go on with the previous one, and the event loop adopts it whole when it arrives: a
// keystroke costs no database read, and a rebuild (seconds for 100,000 people) never stalls the process.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import {
  type DirectorySnapshot,
  openDirectorySnapshot,
  readDirectoryVersion,
  type SnapshotBuild,
} from './directory-snapshot.ts';
import type { PersonRole } from './person.ts';

/** How stale the index may get. */
export const REFRESH_CHECK_MS = 5_000;

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
   * Changes whenever what is shown may have changed (a person, an account status, an establishment): the
   * read-only global address book's sync token. Equal versions mean equal listings.
   */
  readonly version: number;
  /** Everyone shown, by family then given name (decoded on first use). */
  readonly cards: readonly DirectoryCard[];
  /** When this listing was read from the database. */
  readonly readAt: Date;
}

export interface DirectorySearch {
  /** Cards of the people matching every word of `text`, the viewer's correspondents and colleagues first. */
  search(text: string, limit: number, viewer: DirectorySearchViewer): Promise<readonly DirectoryCard[]>;
  /** The whole directory as shown to every signed-in user, from the same index (and the same freshness). */
  listDirectory(): Promise<DirectoryListing>;
  /**
   * Builds the snapshot now if there is none, so the first keystroke after a start does not wait for it (a
   * server process calls it once its listeners are up). Rejects as the build does.
   */
  warmUp(): Promise<void>;
  /** Stops a build in progress (the process is closing). */
  close(): Promise<void>;
}

export function createDirectorySearch(dependencies: {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** Starts building a snapshot: on a worker thread in the server (main.ts). */
  readonly buildSnapshot: (nowMs: number) => SnapshotBuild;
}): DirectorySearch {
  const { database, clock, log } = dependencies;
  const build = dependencies.buildSnapshot;
  let current: { snapshot: DirectorySnapshot; listing?: DirectoryListing } | undefined;
  let checkedAt = 0;
  let running: SnapshotBuild | undefined;
  let loading: Promise<DirectorySnapshot> | undefined;
  let isClosed = false;

  const rebuild = (): Promise<DirectorySnapshot> => {
    loading ??= (async () => {
      const started = clock.nowMs();
      running = build(started);
      try {
        const snapshot = openDirectorySnapshot(await running.result);
        if (!isClosed) current = { snapshot };
        log.info(
          { people: snapshot.size, version: snapshot.version, ms: clock.nowMs() - started },
          'directory index built',
        );
        return snapshot;
      } finally {
        running = undefined;
        loading = undefined;
      }
    })();
    return loading;
  };

  const snapshot = async (): Promise<DirectorySnapshot> => {
    if (current === undefined) {
      checkedAt = clock.nowMs();
      return rebuild();
    }
    const now = clock.nowMs();
    if (now - checkedAt >= REFRESH_CHECK_MS && loading === undefined) {
      checkedAt = now;
      const shown = current.snapshot.version;
      // In the background: this search answers from the snapshot it has.
      void readDirectoryVersion(database.db)
        .then((version) => (version === shown || isClosed ? undefined : rebuild()))
        .catch((error: unknown) => log.error({ err: error }, 'directory index refresh failed'));
    }
    return current.snapshot;
  };

  return {
    async search(text, limit, viewer) {
      const shown = await snapshot();
      const own = shown.cardOfAccount(viewer.accountId);
      const found = shown.index.search(text, limit, {
        establishments: new Set(own?.posts.map((post) => post.uai) ?? []),
        correspondents: viewer.correspondents ?? new Set(),
      });
      return found.map((number) => shown.cardAt(number));
    },
    async listDirectory() {
      const shown = await snapshot();
      if (current?.snapshot === shown && current.listing !== undefined) return current.listing;
      const listing = listingOf(shown);
      if (current?.snapshot === shown) current.listing = listing;
      return listing;
    },
    async warmUp() {
      await snapshot();
    },
    async close() {
      isClosed = true;
      await running?.stop();
    },
  };
}

/** Every card, decoded on first use (a phone's first sync of the global address book), then kept. */
function listingOf(shown: DirectorySnapshot): DirectoryListing {
  let cards: readonly DirectoryCard[] | undefined;
  return {
    version: shown.version,
    readAt: shown.readAt,
    get cards() {
      cards ??= Array.from({ length: shown.size }, (_, number) => shown.cardAt(number));
      return cards;
    },
  };
}

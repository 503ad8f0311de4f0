// Personal address books and their cards (issue 7 item 4, docs/contacts.md): what the contacts module hands
// out and accepts, who may act, and its bounds. The change-log types are RFC 9610's names: JMAP Contacts reads
// the same log.

import type { JmapVcardImportReport } from '@vercors/contract';
import type { CardKind } from '#formats/vcard';

/** The change-log types (RFC 9610 AddressBook and ContactCard). */
export const ADDRESS_BOOK_TYPE = 'AddressBook';
export const CONTACT_CARD_TYPE = 'ContactCard';

/** default: the "Contacts" book new cards go to; collected: the correspondents collected from sent mail. */
export const ADDRESS_BOOK_ROLES = ['default', 'collected'] as const;
export type AddressBookRole = (typeof ADDRESS_BOOK_ROLES)[number];

/**
 * Who acts: an authenticated account (CardDAV, JMAP), which reaches its own books only, or the system (the
 * command line, run by whoever already holds the server's data).
 */
export type ContactsActor = { readonly accountId: string } | 'system';

export interface AddressBook {
  readonly id: string;
  readonly accountId: string;
  /** The URL segment under the account's CardDAV home (`contacts`, `collected`, or the client's choice). */
  readonly resourceName: string;
  readonly name: string;
  readonly description: string;
  readonly role: AddressBookRole | null;
  readonly sortOrder: number;
  /** The modseq of the last change to the book or its cards: the sync-token and CTag. */
  readonly modseq: number;
  readonly cardCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ContactCard {
  readonly id: string;
  readonly addressBookId: string;
  readonly resourceName: string;
  readonly uid: string;
  /** The client's vCard text, as stored. */
  readonly vcard: string;
  readonly kind: CardKind;
  readonly fullName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly organization: string;
  readonly members: readonly string[];
  readonly size: number;
  readonly modseq: number;
  /** A strong ETag (quoted), different after every write of the card. */
  readonly etag: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewAddressBook {
  readonly resourceName: string;
  readonly name?: string;
  readonly description?: string;
}

export interface AddressBookChanges {
  readonly name?: string;
  readonly description?: string;
}

export interface BookDeletion {
  /**
   * False: refuse (inUse, reason hasCards) a book that holds cards, checked in the deleting transaction (JMAP
   * onDestroyRemoveContents false, RFC 9610 §2.3). True by default: a CardDAV DELETE takes the members along.
   */
  readonly canRemoveCards?: boolean;
}

/** HTTP-style preconditions of a write (RFC 7232): an ETag list or `*`. */
export interface WriteConditions {
  /** Write only if the resource exists with one of these ETags (`*`: exists at all). */
  readonly ifMatch?: readonly string[] | '*';
  /** Write only if the resource has none of these ETags (`*`: does not exist). */
  readonly ifNoneMatch?: readonly string[] | '*';
}

export interface PutCardResult {
  readonly card: ContactCard;
  readonly isNew: boolean;
}

/**
 * Where a sync that was cut short resumes (RFC 6578 §3.6). Changes are read in (modseq, resource name) order;
 * the next answer starts after `after`, the last change the cut answer reported.
 */
export interface CardSyncPosition {
  /**
   * Removals are reported after this modseq: the client's token, or for a cut initial sync the book's modseq
   * then (the client never had what was removed before).
   */
  readonly since: number;
  readonly after: { readonly modseq: number; readonly resourceName: string };
}

/** What changed in a book since a sync token (RFC 6578). */
export interface CardChanges {
  /** The book's modseq now: the next sync token, unless the answer was cut (`resumeAt`). */
  readonly modseq: number;
  readonly changed: readonly ContactCard[];
  /** Resource names removed since the token (and not re-created). */
  readonly removed: readonly string[];
  /** Set when more changes remain than the caller's limit: the next sync starts there. */
  readonly resumeAt?: CardSyncPosition;
}

/** The import's report, as ContactCard/importVCard answers it. */
export type ImportReport = JmapVcardImportReport;

export const CONTACT_LIMITS = {
  /** Books per account: a few by context (colleagues, parents, partners), far from a file store. */
  maxBooksPerAccount: 50,
  /**
   * Cards per book: a whole school's staff and parents several times over; the benchmark syncs 10,000. A full
   * export or sync-collection of a book stays a few tens of MiB at most.
   */
  maxCardsPerBook: 20_000,
  /**
   * UTF-8 bytes of all the cards of one book: a phone's book with a photo on every card (2,000 × 100 KB) fits;
   * a sync or an export of a whole book, held in memory once, stays bounded.
   */
  maxBytesPerBook: 256 * 1024 * 1024,
  /** Characters of a book's name and of its description. */
  maxNameChars: 200,
  maxDescriptionChars: 2_000,
  /** Characters of a DAV resource name (a path segment). */
  maxResourceNameChars: 255,
  /** Recipients of one sent message added to the collected book: a class list, not a mailing list. */
  maxCollectedPerMessage: 20,
  /** Tombstones pruned per transaction: short transactions keep the single SQLite writer available. */
  pruneBatch: 500,
} as const;

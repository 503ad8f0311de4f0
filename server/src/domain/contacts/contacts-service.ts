// The contacts service: personal address books and their cards, built once by main.ts. Every operation takes
// the actor (an account, which reaches only its own books, or the system) and the owner's account id.

import type { ContactsDependencies } from './contacts-context.ts';
import { ownerOf } from './contacts-access.ts';
import { createBook, deleteBook, getBook, listBooks, updateBook } from './book-operations.ts';
import { deleteCard, getCards, groupMembers, listCards, putCard } from './card-operations.ts';
import { changesSince } from './card-sync.ts';
import { collectAddresses, type Correspondent } from './collected-addresses.ts';
import type {
  AddressBook,
  AddressBookChanges,
  BookDeletion,
  CardChanges,
  CardSyncPosition,
  ContactCard,
  ContactsActor,
  ImportReport,
  NewAddressBook,
  PutCardResult,
  WriteConditions,
} from './contacts-model.ts';
import { knownAddressesReader } from './known-addresses.ts';
import { pruneCardTombstones } from './tombstone-pruning.ts';
import { exportVcards, importVcards } from './vcard-transfer.ts';

export interface ContactsService {
  /** The account an address (primary or alias) names, if the actor may reach its books; else notFound. */
  ownerOf(actor: ContactsActor, address: string): Promise<string>;
  /** The owner's books (the default and collected ones made on first use). */
  listBooks(actor: ContactsActor, ownerId: string): Promise<readonly AddressBook[]>;
  getBook(actor: ContactsActor, ownerId: string, bookName: string): Promise<AddressBook>;
  createBook(actor: ContactsActor, ownerId: string, input: NewAddressBook): Promise<AddressBook>;
  updateBook(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    changes: AddressBookChanges,
  ): Promise<AddressBook>;
  /** inUse for the default and collected books, and with canRemoveCards false for one that holds cards. */
  deleteBook(actor: ContactsActor, ownerId: string, bookName: string, options?: BookDeletion): Promise<void>;
  putCard(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    resourceName: string,
    vcard: string,
    conditions?: WriteConditions,
  ): Promise<PutCardResult>;
  deleteCard(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    resourceName: string,
    conditions?: WriteConditions,
  ): Promise<void>;
  getCards(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    resourceNames: readonly string[],
  ): Promise<readonly ContactCard[]>;
  listCards(actor: ContactsActor, ownerId: string, bookName: string): Promise<readonly ContactCard[]>;
  groupMembers(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    groupResourceName: string,
  ): Promise<readonly ContactCard[]>;
  /**
   * Undefined: everything; a modseq or a cut answer's position: what changed since. At most `limit` changes
   * (default all); beyond, the answer says where to resume. cannotCalculateChanges when the token is no longer
   * valid.
   */
  changesSince(
    actor: ContactsActor,
    ownerId: string,
    bookName: string,
    since: number | CardSyncPosition | undefined,
    limit?: number,
  ): Promise<CardChanges>;
  importVcards(actor: ContactsActor, ownerId: string, bookName: string, file: string): Promise<ImportReport>;
  exportVcards(actor: ContactsActor, ownerId: string, bookName: string): Promise<string>;
  /** After the account sent a message: its unknown recipients go to the collected book. */
  collectAddresses(accountId: string, recipients: readonly Correspondent[]): Promise<number>;
  /** The prune-card-tombstones job. */
  pruneTombstones(olderThanMs: number): Promise<number>;
  /** The addresses in the account's books, lower case (at most a minute old): whom it writes to. */
  knownAddresses(accountId: string): Promise<ReadonlySet<string>>;
}

export function createContactsService(dependencies: ContactsDependencies): ContactsService {
  const context = dependencies;
  const knownAddresses = knownAddressesReader(context);
  return {
    knownAddresses,
    ownerOf: (actor, address) => ownerOf(context.database.db, actor, address),
    listBooks: (actor, ownerId) => listBooks(context, actor, ownerId),
    getBook: (actor, ownerId, bookName) => getBook(context, actor, ownerId, bookName),
    createBook: (actor, ownerId, input) => createBook(context, actor, ownerId, input),
    updateBook: (actor, ownerId, bookName, changes) => updateBook(context, actor, ownerId, bookName, changes),
    deleteBook: (actor, ownerId, bookName, options) => deleteBook(context, actor, ownerId, bookName, options),
    putCard: (actor, ownerId, bookName, resourceName, vcard, conditions) =>
      putCard(context, actor, ownerId, bookName, resourceName, vcard, conditions),
    deleteCard: (actor, ownerId, bookName, resourceName, conditions) =>
      deleteCard(context, actor, ownerId, bookName, resourceName, conditions),
    getCards: (actor, ownerId, bookName, names) => getCards(context, actor, ownerId, bookName, names),
    listCards: (actor, ownerId, bookName) => listCards(context, actor, ownerId, bookName),
    groupMembers: (actor, ownerId, bookName, group) => groupMembers(context, actor, ownerId, bookName, group),
    changesSince: (actor, ownerId, bookName, since, limit) =>
      changesSince(context, actor, ownerId, bookName, since, limit),
    importVcards: (actor, ownerId, bookName, file) => importVcards(context, actor, ownerId, bookName, file),
    exportVcards: (actor, ownerId, bookName) => exportVcards(context, actor, ownerId, bookName),
    collectAddresses: (accountId, recipients) => collectAddresses(context, accountId, recipients),
    pruneTombstones: (olderThanMs) => pruneCardTombstones(context, olderThanMs),
  };
}

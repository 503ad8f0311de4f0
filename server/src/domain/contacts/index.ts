// Public surface of contacts (#domain/contacts): personal address books with vCard cards (CardDAV's data),
// collected addresses from sent mail, vCard import and export.

export { collectingPipeline, collectingSubmissions, headerRecipients } from './collect-on-send.ts';
export type { Correspondent } from './collected-addresses.ts';
export type { ContactsDependencies } from './contacts-context.ts';
export {
  ADDRESS_BOOK_ROLES,
  ADDRESS_BOOK_TYPE,
  CONTACT_CARD_TYPE,
  CONTACT_LIMITS,
  type AddressBook,
  type AddressBookChanges,
  type AddressBookRole,
  type BookDeletion,
  type CardChanges,
  type CardSyncPosition,
  type ContactCard,
  type ContactsActor,
  type ImportReport,
  type NewAddressBook,
  type PutCardResult,
  type WriteConditions,
} from './contacts-model.ts';
export { createContactsService, type ContactsService } from './contacts-service.ts';
export {
  createContactsJmapReads,
  type ContactsChanges,
  type ContactsJmapReads,
  type ContactsType,
} from './jmap-queries.ts';

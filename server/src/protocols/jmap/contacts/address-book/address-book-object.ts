// The JMAP AddressBook object (RFC 9610 §2) from the contacts module's book: the owner has every right, books
// are not shared (shareWith null) and every book is subscribed (CardDAV shows them all).

import type { JmapAddressBook } from '@vercors/contract';
import type { AddressBook } from '#domain/contacts';

export const ADDRESS_BOOK_PROPERTIES = [
  'id',
  'name',
  'description',
  'sortOrder',
  'isDefault',
  'isSubscribed',
  'shareWith',
  'myRights',
] as const;

export const OWNER_RIGHTS = { mayRead: true, mayWrite: true, mayShare: true, mayDelete: true } as const;

export function jmapAddressBook(book: AddressBook): JmapAddressBook {
  return {
    id: book.id,
    name: book.name,
    description: book.description === '' ? null : book.description,
    sortOrder: book.sortOrder,
    isDefault: book.role === 'default',
    isSubscribed: true,
    shareWith: null,
    myRights: OWNER_RIGHTS,
  };
}

// The address book a ContactCard/importVCard or /exportVCard call names by its JMAP id: one of the caller's
// own books (the contacts module decides who reaches which books; another account's book reads as missing).

import type { AddressBook } from '#domain/contacts';
import type { MethodContext } from '../../method-context.ts';
import { MethodError } from '../../method-error.ts';

export async function ownBook(
  context: MethodContext,
  accountId: string,
  addressBookId: string,
): Promise<AddressBook> {
  const books = await context.services.contacts.listBooks({ accountId }, accountId);
  const book = books.find((candidate) => candidate.id === addressBookId);
  // The same words for a book that does not exist and one of another account (STYLE.md §3.6).
  if (book === undefined) throw new MethodError('invalidArguments', `no address book ${addressBookId}`);
  return book;
}

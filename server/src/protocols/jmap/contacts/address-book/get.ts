// AddressBook/get (RFC 9610 §2.1): the account's books (the default and collected ones made on first look),
// every one when `ids` is null. The state is read before the list, so a change in between is reported again.

import { defineMethod } from '../../method-context.ts';
import { getArguments, requireAccount, selectProperties } from '../../standard/arguments.ts';
import { getFromList } from '../../standard/get-list.ts';
import { CONTACTS, contactsState } from '../contacts-changes.ts';
import { ADDRESS_BOOK_PROPERTIES, jmapAddressBook } from './address-book-object.ts';

export const addressBookGet = defineMethod({
  capability: CONTACTS,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, ADDRESS_BOOK_PROPERTIES);
    const state = await contactsState('AddressBook', context);
    const books = await context.services.contacts.listBooks({ accountId }, accountId);
    return { accountId, state, ...getFromList(books.map(jmapAddressBook), args.ids, properties) };
  },
});

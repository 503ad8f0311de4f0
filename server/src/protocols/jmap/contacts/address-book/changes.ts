// AddressBook/changes (RFC 9610 §2.2), from the change log.

import { contactsChangesMethod } from '../contacts-changes.ts';

export const addressBookChanges = contactsChangesMethod('AddressBook');

// ContactCard/changes (RFC 9610 §3.2), from the change log: CardDAV's writes are reported too.

import { contactsChangesMethod } from '../contacts-changes.ts';

export const contactCardChanges = contactsChangesMethod('ContactCard');

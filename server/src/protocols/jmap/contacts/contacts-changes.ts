// AddressBook/changes and ContactCard/changes (RFC 8620 §5.2, RFC 9610 §2.2, §3.2), read from the one change
// log through the contacts module: CardDAV's writes are in it too, so a card a phone changed is reported here.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { ContactsType } from '#domain/contacts';
import { defineMethod, type MethodContext, type MethodDefinition } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { changesResponse } from '../standard/changes.ts';
import { startSetFrom } from '../standard/set-arguments.ts';

/** The capability of every JMAP Contacts method. */
export const CONTACTS = JMAP_CAPABILITIES.contacts;

/** The type's state now, as a JMAP state string. */
export async function contactsState(type: ContactsType, context: MethodContext): Promise<string> {
  const { accountId } = context.principal;
  return String(await context.services.contactsJmap.state({ accountId }, accountId, type));
}

export function contactsChangesMethod(type: ContactsType): MethodDefinition {
  return defineMethod({
    capability: CONTACTS,
    schema: changesArguments,
    run: (args, context) =>
      changesResponse(type, args, context, (accountId, since, maxChanges) =>
        context.services.contactsJmap.changes({ accountId }, accountId, type, since, maxChanges),
      ),
  });
}

/** A contacts /set's oldState, as standard/set-arguments.ts's startSet gives it for the mail types. */
export function startContactsSet(
  args: Parameters<typeof startSetFrom>[0],
  type: ContactsType,
  context: MethodContext,
): Promise<string> {
  return startSetFrom(args, type, () => contactsState(type, context));
}

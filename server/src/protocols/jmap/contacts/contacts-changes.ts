// AddressBook/changes and ContactCard/changes (RFC 8620 §5.2, RFC 9610 §2.2, §3.2), read from the one change
// log through the contacts module: CardDAV's writes are in it too, so a card a phone changed is reported here.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { ContactsType } from '#domain/contacts';
import { defineMethod, type MethodContext, type MethodDefinition } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { changesArguments, parseState, requireAccount } from '../standard/arguments.ts';
import { MAX_CHANGES } from '../standard/changes.ts';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';

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
    async run(args, context) {
      const accountId = requireAccount(args.accountId, context);
      const since = parseState(args.sinceState);
      if (since === undefined)
        throw new MethodError(
          'cannotCalculateChanges',
          `${args.sinceState} is not a ${type} state of this server`,
        );
      const maxChanges = Math.min(args.maxChanges ?? MAX_CHANGES, MAX_CHANGES);
      const changes = await context.services.contactsJmap.changes(
        { accountId },
        accountId,
        type,
        since,
        maxChanges,
      );
      return {
        accountId,
        oldState: args.sinceState,
        newState: String(changes.newModseq),
        hasMoreChanges: changes.hasMoreChanges,
        created: changes.created,
        updated: changes.updated,
        destroyed: changes.destroyed,
      };
    },
  });
}

/**
 * A contacts /set's oldState, once the call is within maxObjectsInSet and starts from its ifInState (else
 * stateMismatch), as standard/set-arguments.ts's startSet does for the mail types.
 */
export async function startContactsSet(
  args: {
    readonly ifInState?: string | null | undefined;
    readonly create?: Readonly<Record<string, unknown>> | null | undefined;
    readonly update?: Readonly<Record<string, unknown>> | null | undefined;
    readonly destroy?: readonly string[] | null | undefined;
  },
  type: ContactsType,
  context: MethodContext,
): Promise<string> {
  const operations =
    Object.keys(args.create ?? {}).length +
    Object.keys(args.update ?? {}).length +
    (args.destroy?.length ?? 0);
  if (operations > JMAP_CORE_LIMITS.maxObjectsInSet)
    throw new MethodError('requestTooLarge', `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} objects per /set`);
  const oldState = await contactsState(type, context);
  if (args.ifInState !== null && args.ifInState !== undefined && args.ifInState !== oldState)
    throw new MethodError('stateMismatch', `the ${type} state is ${oldState}, not ${args.ifInState}`);
  return oldState;
}

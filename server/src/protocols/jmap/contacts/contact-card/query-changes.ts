// ContactCard/queryChanges (RFC 8620 §5.6), exact as ReplyTemplate's: the query state is the ContactCard
// state, so the change log says which cards changed since the client's; each one updated or destroyed is
// removed, and each one created or updated that is in the results now is added back at its index. upToId is
// ignored (names can change). More than 5,000 changes, or a state the account never had, is
// cannotCalculateChanges; more than maxChanges, tooManyChanges.

import { defineMethod } from '../../method-context.ts';
import { MethodError } from '../../method-error.ts';
import { parseState, requireAccount } from '../../standard/arguments.ts';
import { MAX_CHANGES } from '../../standard/changes.ts';
import { queryChangesArgumentsOf } from '../../standard/query-filter.ts';
import { CONTACTS, contactsState } from '../contacts-changes.ts';
import { cardFilter, cardQueryIds, cardSort } from './query.ts';

export const contactCardQueryChanges = defineMethod({
  capability: CONTACTS,
  schema: queryChangesArgumentsOf(cardFilter, cardSort),
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const actor = { accountId };
    const { contactsJmap } = context.services;
    const since = parseState(args.sinceQueryState);
    // The state first, then the cards: the changes read after hold every change the list shows.
    const state = Number(await contactsState('ContactCard', context));
    const cards = await contactsJmap.accountCards(actor, accountId);
    if (since === undefined || since > state)
      throw new MethodError(
        'cannotCalculateChanges',
        `${args.sinceQueryState} is not a query state of this server`,
      );
    const changes = await contactsJmap.changes(actor, accountId, 'ContactCard', since, MAX_CHANGES);
    if (changes.hasMoreChanges)
      throw new MethodError('cannotCalculateChanges', `more than ${MAX_CHANGES} changes: query again`);
    const ids = await cardQueryIds(cards, args.filter ?? undefined, args.sort ?? []);
    const removed = [...changes.updated, ...changes.destroyed];
    const touched = new Set([...changes.created, ...changes.updated]);
    const added = ids.flatMap((id, index) => (touched.has(id) ? [{ id, index }] : []));
    const maxChanges = args.maxChanges ?? undefined;
    if (maxChanges !== undefined && removed.length + added.length > maxChanges)
      throw new MethodError(
        'tooManyChanges',
        `${removed.length + added.length} changes, more than maxChanges`,
      );
    return {
      accountId,
      oldQueryState: args.sinceQueryState,
      // The state read before the list: a change after it is reported again next time (harmless), never lost.
      newQueryState: String(state),
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
      removed,
      added,
    };
  },
});

// ContactCard/queryChanges (RFC 8620 §5.6), exact (standard/query-changes.ts): the query state is the
// ContactCard state, so the change log says which cards changed since the client's.

import { defineMethod } from '../../method-context.ts';
import { requireAccount } from '../../standard/arguments.ts';
import { exactQueryChanges } from '../../standard/query-changes.ts';
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
    // The state first, then the cards: the changes read after hold every change the list shows.
    const state = Number(await contactsState('ContactCard', context));
    const cards = await contactsJmap.accountCards(actor, accountId);
    const ids = await cardQueryIds(cards, args.filter ?? undefined, args.sort ?? []);
    return exactQueryChanges({ ...args, accountId }, state, ids, (since, maxChanges) =>
      contactsJmap.changes(actor, accountId, 'ContactCard', since, maxChanges),
    );
  },
});

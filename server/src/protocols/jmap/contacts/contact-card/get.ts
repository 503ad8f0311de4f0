// ContactCard/get (RFC 9610 §3.1): cards by id, each read from its stored vCard. `ids` null lists the whole
// account, refused (requestTooLarge) beyond maxObjectsInGet: a client pages with ContactCard/query.

import { JMAP_CORE_LIMITS } from '../../jmap-limits.ts';
import { defineMethod } from '../../method-context.ts';
import { MethodError } from '../../method-error.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../../standard/arguments.ts';
import { CONTACTS, contactsState } from '../contacts-changes.ts';
import { CONTACT_CARD_PROPERTIES, jmapContactCard } from './contact-card-object.ts';

export const contactCardGet = defineMethod({
  capability: CONTACTS,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, CONTACT_CARD_PROPERTIES);
    const actor = { accountId };
    const state = await contactsState('ContactCard', context);
    const { contactsJmap } = context.services;
    const cards =
      args.ids === null || args.ids === undefined
        ? await contactsJmap.accountCards(actor, accountId)
        : await contactsJmap.cardsByIds(actor, accountId, args.ids);
    if ((args.ids ?? null) === null && cards.length > JMAP_CORE_LIMITS.maxObjectsInGet)
      throw new MethodError(
        'requestTooLarge',
        `more than ${JMAP_CORE_LIMITS.maxObjectsInGet} cards: ask by ids`,
      );
    const byId = new Map(cards.map((card) => [card.id, card]));
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of new Set(args.ids ?? cards.map((card) => card.id))) {
      const card = byId.get(id);
      if (card === undefined) notFound.push(id);
      // Absent JSContact properties stay absent (RFC 9553 has no nulls for them).
      else
        list.push(
          Object.fromEntries(
            Object.entries(pick(jmapContactCard(card) as never, properties)).filter(
              ([, value]) => value !== undefined,
            ),
          ),
        );
    }
    return { accountId, state, list, notFound };
  },
});

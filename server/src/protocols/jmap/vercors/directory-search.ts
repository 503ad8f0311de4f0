// Directory/search (urn:vercors:jmap, docs/jmap.md): the recipient autocomplete of a compose window and the
// directory screen's search — the académie directory's cards (domain/directory/directory-search.ts says who
// is shown) whose words start with what the user typed, in any order, accents and case aside; the people in
// the caller's address books first, then its colleagues. Every signed-in user may search: it is the académie's professional directory.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { PEOPLE_INDEX_LIMITS, type DirectoryCard } from '#domain/directory';
import { defineMethod } from '../method-context.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';

const searchArguments = z.strictObject({
  accountId: jmapId,
  text: z.string().max(PEOPLE_INDEX_LIMITS.maxQueryLength),
  limit: z.number().int().min(1).max(PEOPLE_INDEX_LIMITS.maxResults).optional(),
});

export const directorySearch = defineMethod({
  capability: JMAP_CAPABILITIES.vercors,
  schema: searchArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    // The people in the caller's address books (contacts, collected addresses) are those it writes to.
    const correspondents = await context.services.contacts.knownAddresses(context.principal.accountId);
    const cards = await context.services.directory.search(args.text, args.limit ?? 10, {
      accountId: context.principal.accountId,
      correspondents,
    });
    return { accountId, list: cards.map(cardView) };
  },
});

function cardView(card: DirectoryCard) {
  const main = card.posts[0];
  return {
    id: card.personId,
    name: card.name,
    givenName: card.givenName,
    familyName: card.familyName,
    email: card.email,
    title: card.title,
    phone: card.phone,
    disciplines: card.disciplines,
    // The main post, as a compose window's suggestion shows it; every post below.
    establishment: main === undefined ? null : { uai: main.uai, name: main.name },
    posts: card.posts,
  };
}

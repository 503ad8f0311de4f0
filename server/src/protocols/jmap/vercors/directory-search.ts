// Directory/search (urn:vercors:jmap, docs/jmap.md): the recipient autocomplete of a compose window — the
// académie's active people whose name or address words start with what the user typed, best first, with
// their establishment. The académie directory service will answer it once it exists (issue: directory);
// today it is the identity service's list of accounts.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { PEOPLE_SEARCH_LIMITS } from '#domain/identity';
import { defineMethod } from '../method-context.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';

const searchArguments = z.strictObject({
  accountId: jmapId,
  text: z.string().max(PEOPLE_SEARCH_LIMITS.maxQueryLength),
  limit: z.number().int().min(1).max(PEOPLE_SEARCH_LIMITS.maxResults).optional(),
});

export const directorySearch = defineMethod({
  capability: JMAP_CAPABILITIES.vercors,
  schema: searchArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const list = await context.services.people.searchPeople(args.text, args.limit ?? 10);
    return { accountId, list };
  },
});

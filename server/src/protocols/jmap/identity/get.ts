// Identity/get (RFC 8621 §6.1): every identity when `ids` is null, the primary address's first. The state is
// read before the list (after the identities were brought in line with the account's addresses).

import { defineMethod } from '../method-context.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { IDENTITY_PROPERTIES, jmapIdentity, SUBMISSION } from './identity-object.ts';

export const identityGet = defineMethod({
  capability: SUBMISSION,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, IDENTITY_PROPERTIES);
    const { state, identities } = await context.services.mail.listIdentities(accountId);
    const byId = new Map(identities.map((identity) => [identity.id, identity]));
    const wanted = args.ids ?? identities.map((identity) => identity.id);
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of new Set(wanted)) {
      const identity = byId.get(id);
      if (identity === undefined) notFound.push(id);
      else list.push(pick(jmapIdentity(identity) as unknown as Record<string, unknown>, properties));
    }
    return { accountId, state: String(state), list, notFound };
  },
});

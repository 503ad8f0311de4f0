// Quota/get (RFC 9425 §4.1): the account's two quotas, `octets` and `count`, with their state (see
// #domain/mail quota-resources.ts: the last usage change, and a fingerprint of the limits and names).

import { defineMethod } from '../method-context.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { jmapQuota, QUOTA, QUOTA_PROPERTIES } from './quota-object.ts';

export const quotaGet = defineMethod({
  capability: QUOTA,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, QUOTA_PROPERTIES);
    const { state, resources } = await context.services.mail.quotaResources(accountId);
    const quotas = resources.map(jmapQuota);
    const byId = new Map(quotas.map((quota) => [quota.id, quota]));
    const wanted = args.ids ?? quotas.map((quota) => quota.id);
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of new Set(wanted)) {
      const quota = byId.get(id);
      if (quota === undefined) notFound.push(id);
      else list.push(pick(quota as unknown as Record<string, unknown>, properties));
    }
    return { accountId, state, list, notFound };
  },
});

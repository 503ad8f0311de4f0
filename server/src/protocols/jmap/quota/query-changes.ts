// Quota/queryChanges (RFC 9425 §4.4). With two quotas, exactness is cheap: from the current query state,
// nothing changed; from an older one, every quota is removed and the current results added back at their
// index (RFC 8620 §5.6 lets `removed` name ids the client never had, and a moved id is removed and added).
// A state this account never had is cannotCalculateChanges; more changes than maxChanges is tooManyChanges.

import { z } from 'zod';
import { QUOTA_RESOURCE_TYPES } from '#domain/mail';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { jmapQuota, QUOTA } from './quota-object.ts';
import { quotaComparator, quotaFilter, quotaQueryIds } from './query.ts';

const queryChangesArguments = z.strictObject({
  accountId: jmapId,
  filter: quotaFilter.nullable().optional(),
  sort: z.array(quotaComparator).max(8).nullable().optional(),
  sinceQueryState: z.string().max(64),
  maxChanges: unsignedInt.nullable().optional(),
  upToId: jmapId.nullable().optional(),
  calculateTotal: z.boolean().optional(),
});

export const quotaQueryChanges = defineMethod({
  capability: QUOTA,
  schema: queryChangesArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    // Refuses a state the account never had; otherwise says whether anything moved since.
    const changes = await mail.quotaChanges(accountId, args.sinceQueryState);
    const { state, resources } = await mail.quotaResources(accountId);
    const ids = quotaQueryIds(resources.map(jmapQuota), args.filter ?? undefined, args.sort ?? []);
    const isSame = changes.updated.length === 0 && changes.newState === state;
    const removed = isSame ? [] : [...QUOTA_RESOURCE_TYPES];
    const added = isSame ? [] : ids.map((id, index) => ({ id, index }));
    const maxChanges = args.maxChanges ?? undefined;
    if (maxChanges !== undefined && removed.length + added.length > maxChanges)
      throw new MethodError(
        'tooManyChanges',
        `${removed.length + added.length} changes, more than maxChanges`,
      );
    return {
      accountId,
      oldQueryState: args.sinceQueryState,
      newQueryState: state,
      ...(args.calculateTotal === true ? { total: ids.length } : {}),
      removed,
      added,
    };
  },
});

// Quota/changes (RFC 9425 §4.2): both quotas as updated whenever usage, a limit or a name moved since the
// state, none otherwise; quotas are never created nor destroyed. A state this account never had, or a
// maxChanges below the two ids to report, is cannotCalculateChanges (the client gets them again).

import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { changesArguments, requireAccount } from '../standard/arguments.ts';
import { QUOTA } from './quota-object.ts';

export const quotaChanges = defineMethod({
  capability: QUOTA,
  schema: changesArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const changes = await context.services.mail.quotaChanges(accountId, args.sinceState);
    if (args.maxChanges !== null && args.maxChanges !== undefined && changes.updated.length > args.maxChanges)
      throw new MethodError(
        'cannotCalculateChanges',
        `${changes.updated.length} quotas changed, more than maxChanges: get them again`,
      );
    return {
      accountId,
      oldState: args.sinceState,
      newState: changes.newState,
      hasMoreChanges: false,
      created: [],
      updated: changes.updated,
      destroyed: [],
    };
  },
});

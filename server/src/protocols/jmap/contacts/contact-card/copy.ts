// ContactCard/copy (RFC 9610 §3.7, RFC 8620 §5.4): copy cards from one account into another. The two accounts
// must differ (within one account a card is created again in the other book); a user has only their own
// account (shared accounts come with delegation), so a copy within it is invalidArguments and any other
// fromAccountId is fromAccountNotFound, as Email/copy answers.

import { z } from 'zod';
import { JMAP_CORE_LIMITS } from '../../jmap-limits.ts';
import { defineMethod } from '../../method-context.ts';
import { invalidArguments, MethodError } from '../../method-error.ts';
import { jmapId, requireAccount } from '../../standard/arguments.ts';
import { CONTACTS } from '../contacts-changes.ts';

const copyArguments = z.strictObject({
  fromAccountId: jmapId,
  ifFromInState: z.string().max(64).nullable().optional(),
  accountId: jmapId,
  ifInState: z.string().max(64).nullable().optional(),
  create: z
    .record(jmapId, z.record(z.string(), z.unknown()))
    .refine((create) => Object.keys(create).length <= JMAP_CORE_LIMITS.maxObjectsInSet, {
      message: `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} cards per copy`,
    }),
  onSuccessDestroyOriginal: z.boolean().optional(),
  destroyFromIfInState: z.string().max(64).nullable().optional(),
});

export const contactCardCopy = defineMethod({
  capability: CONTACTS,
  schema: copyArguments,
  run(args, context) {
    requireAccount(args.accountId, context);
    if (args.fromAccountId === args.accountId)
      return Promise.reject(
        invalidArguments('fromAccountId and accountId must differ: use ContactCard/set within an account'),
      );
    return Promise.reject(
      new MethodError('fromAccountNotFound', `no account ${args.fromAccountId} for this user`),
    );
  },
});

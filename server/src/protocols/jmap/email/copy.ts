// Email/copy (RFC 8621 §4.7, RFC 8620 §5.4): copy emails from one account into another. The two accounts must
// differ (within one account an email joins more mailboxes with Email/set mailboxIds). A user has only their
// own account for now (shared accounts come with delegation), so every other fromAccountId is
// fromAccountNotFound, and a copy within the account is refused as the RFC asks: the arguments are checked in
// full first, so clients learn which rule they met.

import { z } from 'zod';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, MAIL, requireAccount } from '../standard/arguments.ts';

const copyArguments = z.strictObject({
  fromAccountId: jmapId,
  ifFromInState: z.string().max(64).nullable().optional(),
  accountId: jmapId,
  ifInState: z.string().max(64).nullable().optional(),
  create: z
    .record(
      jmapId,
      z.strictObject({
        id: jmapId,
        mailboxIds: z.record(z.string().max(256), z.boolean()).optional(),
        keywords: z.record(z.string().max(256), z.boolean()).optional(),
        receivedAt: z.string().max(64).optional(),
      }),
    )
    .refine((create) => Object.keys(create).length <= JMAP_CORE_LIMITS.maxObjectsInSet, {
      message: `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} emails per copy`,
    }),
  onSuccessDestroyOriginal: z.boolean().optional(),
  destroyFromIfInState: z.string().max(64).nullable().optional(),
});

export const emailCopy = defineMethod({
  capability: MAIL,
  schema: copyArguments,
  run(args, context) {
    requireAccount(args.accountId, context);
    if (args.fromAccountId === args.accountId)
      return Promise.reject(
        invalidArguments(
          'fromAccountId and accountId must differ: use Email/set mailboxIds within an account',
        ),
      );
    return Promise.reject(
      new MethodError('fromAccountNotFound', `no account ${args.fromAccountId} for this user`),
    );
  },
});

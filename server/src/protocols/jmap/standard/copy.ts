// Foo/copy (RFC 8620 §5.4) while a user has only their own account (shared accounts come with delegation):
// the arguments are checked in full first, so clients learn which rule they met; a copy within the account is
// invalidArguments (the two accounts must differ), and any other fromAccountId is fromAccountNotFound.

import { z } from 'zod';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod, type MethodDefinition } from '../method-context.ts';
import { invalidArguments, MethodError } from '../method-error.ts';
import { jmapId, requireAccount } from './arguments.ts';

export function singleAccountCopy(options: {
  readonly capability: string;
  /** One object to create, as the type's /copy accepts it. */
  readonly create: z.ZodType;
  /** "emails", "cards": in the bound's message. */
  readonly what: string;
  /** What to do instead within one account. */
  readonly withinAccount: string;
}): MethodDefinition {
  const copyArguments = z.strictObject({
    fromAccountId: jmapId,
    ifFromInState: z.string().max(64).nullable().optional(),
    accountId: jmapId,
    ifInState: z.string().max(64).nullable().optional(),
    create: z
      .record(jmapId, options.create)
      .refine((create) => Object.keys(create).length <= JMAP_CORE_LIMITS.maxObjectsInSet, {
        message: `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} ${options.what} per copy`,
      }),
    onSuccessDestroyOriginal: z.boolean().optional(),
    destroyFromIfInState: z.string().max(64).nullable().optional(),
  });
  return defineMethod({
    capability: options.capability,
    schema: copyArguments,
    run(args, context) {
      requireAccount(args.accountId, context);
      if (args.fromAccountId === args.accountId)
        return Promise.reject(
          invalidArguments(`fromAccountId and accountId must differ: ${options.withinAccount}`),
        );
      return Promise.reject(
        new MethodError('fromAccountNotFound', `no account ${args.fromAccountId} for this user`),
      );
    },
  });
}

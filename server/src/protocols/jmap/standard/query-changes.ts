// Foo/queryChanges (RFC 8620 §5.6) for the types whose /query says canCalculateChanges false (Mailbox,
// EmailSubmission): their lists are short, so every call with valid arguments is cannotCalculateChanges and
// the client queries again.

import { z } from 'zod';
import { defineMethod, type MethodDefinition } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, requireAccount, unsignedInt } from './arguments.ts';

const queryChangesArguments = {
  accountId: jmapId,
  filter: z.unknown().optional(),
  sort: z.unknown().optional(),
  sinceQueryState: z.string().max(64),
  maxChanges: unsignedInt.nullable().optional(),
  upToId: jmapId.nullable().optional(),
  calculateTotal: z.boolean().optional(),
};

/** The queryChanges of a type whose queries are recalculated; `extra` are its own /query arguments. */
export function recalculatedQueryChanges(
  capability: string,
  what: string,
  extra: Readonly<Record<string, z.ZodType>> = {},
): MethodDefinition {
  return defineMethod({
    capability,
    schema: z.strictObject({ ...queryChangesArguments, ...extra }),
    run(args, context) {
      requireAccount(args.accountId, context);
      return Promise.reject(
        new MethodError(
          'cannotCalculateChanges',
          `${what} queries are recalculated, not updated: query again`,
        ),
      );
    },
  });
}

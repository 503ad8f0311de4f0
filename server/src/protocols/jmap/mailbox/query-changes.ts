// Mailbox/queryChanges (RFC 8620 §5.6): Mailbox/query says canCalculateChanges false, so every call is
// cannotCalculateChanges once its arguments are valid, and the client queries again.

import { z } from 'zod';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, MAIL, requireAccount, unsignedInt } from '../standard/arguments.ts';

const queryChangesArguments = z.strictObject({
  accountId: jmapId,
  filter: z.unknown().optional(),
  sort: z.unknown().optional(),
  sinceQueryState: z.string().max(64),
  maxChanges: unsignedInt.nullable().optional(),
  upToId: jmapId.nullable().optional(),
  calculateTotal: z.boolean().optional(),
  sortAsTree: z.boolean().optional(),
  filterAsTree: z.boolean().optional(),
});

export const mailboxQueryChanges = defineMethod({
  capability: MAIL,
  schema: queryChangesArguments,
  run(args, context) {
    requireAccount(args.accountId, context);
    return Promise.reject(
      new MethodError('cannotCalculateChanges', 'mailbox queries are recalculated, not updated: query again'),
    );
  },
});

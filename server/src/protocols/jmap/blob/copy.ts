// Blob/copy (RFC 8620 §6.3): make blobs of one account available in another. A user has only their own
// account for now (shared accounts come with delegation), so fromAccountId must be it too, and copying a blob
// into the account it is already in is that very blob: `copied` maps each id found to itself.

import { JMAP_CAPABILITIES, type JmapSetError } from '@vercors/contract';
import { z } from 'zod';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';
import { orNull } from '../standard/set-arguments.ts';
import { hasBlob } from './blob-read.ts';

const blobCopyArguments = z.strictObject({
  fromAccountId: jmapId,
  accountId: jmapId,
  blobIds: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInSet),
});

export const blobCopy = defineMethod({
  capability: JMAP_CAPABILITIES.core,
  schema: blobCopyArguments,
  async run(args, context) {
    if (args.fromAccountId !== context.principal.accountId)
      throw new MethodError('fromAccountNotFound', `no account ${args.fromAccountId} for this user`);
    const accountId = requireAccount(args.accountId, context);
    const copied: Record<string, string> = {};
    const notCopied: Record<string, JmapSetError> = {};
    for (const blobId of new Set(args.blobIds)) {
      if (await hasBlob(context.services.mail, accountId, blobId)) copied[blobId] = blobId;
      else
        notCopied[blobId] = {
          type: 'blobNotFound',
          description: `no blob ${blobId} in ${args.fromAccountId}`,
        };
    }
    return {
      fromAccountId: args.fromAccountId,
      accountId,
      copied: orNull(copied),
      notCopied: orNull(notCopied),
    };
  },
});

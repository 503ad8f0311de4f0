// MDN/parse (RFC 9007 §2.2): blobs read as MDNs without storing anything — a receipt in the inbox (`m<emailId>`),
// an upload, or a message attached to one. notParsable: blobs that are no message, or a message without a
// readable message/disposition-notification part; notFound: the rest.
// Security: client-chosen blobs; each is bounded (maxMessageBytes) and parsed under the MIME parser's limits.

import { z } from 'zod';
import { MAIL_LIMITS } from '#domain/mail';
import { readBlob } from '../blob/blob-read.ts';
import { isMessage } from '../email/message-blob.ts';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';
import { jmapMdn, MDN } from './mdn-object.ts';

const parseArguments = z.strictObject({
  accountId: jmapId,
  blobIds: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInGet),
});

export const mdnParse = defineMethod({
  capability: MDN,
  schema: parseArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail, mdn } = context.services;
    const parsed: Record<string, unknown> = {};
    const notParsable: string[] = [];
    const notFound: string[] = [];
    // One blob in memory at a time: each is at most maxMessageBytes.
    for (const blobId of new Set(args.blobIds)) {
      const raw = await readBlob(mail, accountId, blobId);
      if (raw === undefined) {
        notFound.push(blobId);
        continue;
      }
      const report =
        raw.byteLength <= MAIL_LIMITS.maxMessageBytes && isMessage(raw)
          ? await mdn.parseMdn(accountId, raw)
          : undefined;
      if (report === undefined) notParsable.push(blobId);
      else parsed[blobId] = jmapMdn(report);
    }
    return {
      accountId,
      parsed: Object.keys(parsed).length > 0 ? parsed : null,
      notParsable: notParsable.length > 0 ? notParsable : null,
      notFound: notFound.length > 0 ? notFound : null,
    };
  },
});

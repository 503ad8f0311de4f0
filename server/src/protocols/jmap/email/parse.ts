// Email/parse (RFC 8621 §4.9): blobs read as Email objects without storing them: an uploaded .eml, or a
// message/rfc822 attachment of a stored email. The same machinery as Email/get builds them (properties, body
// parts, body values, header forms) from the parsed blob; what only a stored email has (id, mailboxIds,
// keywords, receivedAt, threadId) is null, and body parts get blob ids naming the part within the parsed blob.
// Security: client-chosen blobs; each is bounded (maxMessageBytes) and parsed under the MIME parser's limits.

import { z } from 'zod';
import type { Email } from '#domain/mail';
import { MAIL_LIMITS } from '#domain/mail';
import { type ParsedMessage, parseMessage } from '#formats/mime';
import { blobPartId } from '../blob/blob-ids.ts';
import { readBlob } from '../blob/blob-read.ts';
import { JMAP_CORE_LIMITS, MAX_ID_LENGTH } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { jmapId, MAIL, requireAccount } from '../standard/arguments.ts';
import { newBodyValueBudget } from './body-values.ts';
import type { EmailBytes } from './email-bytes.ts';
import { type EmailRequest, type EmailSource, jmapEmail } from './email-object.ts';
import { selectBodyProperties, selectParsedEmailProperties } from './email-properties.ts';
import { BODY_ARGUMENTS, bodyValueOptions } from './get.ts';
import { isMessage } from './message-blob.ts';

const emailParseArguments = z.strictObject({
  accountId: jmapId,
  blobIds: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInGet),
  properties: z.array(z.string().max(MAX_ID_LENGTH)).max(256).nullable().optional(),
  ...BODY_ARGUMENTS,
});

export const emailParse = defineMethod({
  capability: MAIL,
  schema: emailParseArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const request: EmailRequest = {
      properties: selectParsedEmailProperties(args.properties),
      bodyProperties: selectBodyProperties(args.bodyProperties),
      bodyValues: bodyValueOptions(args),
    };
    const { mail } = context.services;
    const budget = newBodyValueBudget();
    const parsed: Record<string, unknown> = {};
    const notParsable: string[] = [];
    const notFound: string[] = [];
    // One blob in memory at a time: each is at most maxMessageBytes.
    for (const blobId of new Set(args.blobIds)) {
      const raw = await readBlob(mail, accountId, blobId);
      if (raw === undefined) notFound.push(blobId);
      else if (!isParsable(blobId, raw)) notParsable.push(blobId);
      else
        parsed[blobId] = await jmapEmail(
          parsedEmail(await parseMessage(raw)),
          request,
          source(blobId, raw),
          budget,
        );
    }
    return {
      accountId,
      parsed: Object.keys(parsed).length > 0 ? parsed : null,
      notParsable: notParsable.length > 0 ? notParsable : null,
      notFound: notFound.length > 0 ? notFound : null,
    };
  },
});

/** A message this server would store, whose parts can be given blob ids (not nested too deep). */
function isParsable(blobId: string, raw: Uint8Array): boolean {
  return (
    raw.byteLength <= MAIL_LIMITS.maxMessageBytes && isMessage(raw) && blobPartId(blobId, '1') !== undefined
  );
}

/** The parsed blob, in memory: every range is a view of it, and its parts are named within it. */
function source(blobId: string, raw: Uint8Array): EmailSource {
  const bytes: EmailBytes = {
    slice: ({ start, end }) =>
      end <= start ? new Uint8Array(0) : raw.subarray(start, Math.min(end, raw.length)),
  };
  return {
    read: () => Promise.resolve(bytes),
    partBlobId: (partId) => blobPartId(blobId, partId) ?? null,
    // RFC 8621 §4.9: null when asked, as no stored email is behind them; the blobId is the one parsed.
    fixedProperties: { id: null, blobId, threadId: null, mailboxIds: null, keywords: null, receivedAt: null },
  };
}

/** The Email the parsed message would be once stored (what email-rows.ts keeps), without its stored-only ids. */
function parsedEmail(parsed: ParsedMessage): Email {
  return {
    id: '',
    blobId: '',
    threadId: '',
    keywords: [],
    size: parsed.size,
    receivedAt: new Date(0),
    sentAt: parsed.sentAt === undefined ? null : new Date(parsed.sentAt),
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    subject: parsed.subject,
    normalizedSubject: parsed.normalizedSubject,
    from: parsed.from,
    sender: parsed.sender,
    replyTo: parsed.replyTo,
    to: parsed.to,
    cc: parsed.cc,
    bcc: parsed.bcc,
    preview: parsed.preview,
    hasAttachment: parsed.hasAttachment,
    modseq: 0,
    structure: {
      headerSize: parsed.headerSize,
      lineCount: parsed.lineCount,
      structure: parsed.structure,
      envelope: parsed.envelope,
      attachments: parsed.attachments,
      listId: parsed.listId ?? null,
      defects: parsed.defects,
    },
    headerCache: null,
  };
}

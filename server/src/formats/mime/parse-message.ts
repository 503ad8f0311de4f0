// Parse one raw message into ParsedMessage: structure with exact offsets (mailsplit + our delimiter scan),
// envelope and threading fields, body text, preview and attachments.
// Security: network input; never throws on malformed mail, work bounded by the size of the input and the limits below.

import { allFields, firstField } from './header-block.ts';
import { baseSubject } from './base-subject.ts';
import { summarizeBody } from './body-summary.ts';
import {
  boundReferences,
  decodeText,
  parseAddressList,
  parseDate,
  parseListId,
  parseMessageIds,
} from './header-values.ts';
import { buildMessage, countLines, type TreeContext } from './message-tree.ts';
import type { ParseDefect, ParsedMessage, ParseOptions } from './parsed-message.ts';

/** Search text kept per message: 1 MiB of characters covers any real letter; longer bodies are logs or dumps. */
export const MAX_BODY_TEXT = 1024 * 1024;
/** MIME parts per message (nested messages included). Real mail has < 50; 1000 leaves room for digests. */
export const MAX_PARTS = 1000;
/** Nesting of multiparts and message/rfc822. Forward-of-forward with related+alternative stays < 10. */
export const MAX_DEPTH = 20;
/** Header bytes read per block. Postfix's header_size_limit is 100 KiB; 2 MiB keeps oversized real headers whole. */
export const MAX_HEADER_BYTES = 2 * 1024 * 1024;
/** mailsplit weighs each header line as at least 64 bytes; 4x our byte limit lets 1 MiB of short lines through. */
const HEAD_COST_FACTOR = 4;

/** Parse a raw RFC 5322 message. Best effort on broken input; problems worked around are listed in `defects`. */
export async function parseMessage(raw: Uint8Array, options: ParseOptions = {}): Promise<ParsedMessage> {
  const maxHeaderBytes = positive(options.maxHeaderBytes, MAX_HEADER_BYTES);
  const context: TreeContext = {
    budget: { remaining: positive(options.maxParts, MAX_PARTS), isExhausted: false },
    defects: new Set<ParseDefect>(),
    maxDepth: positive(options.maxDepth, MAX_DEPTH),
    maxHeaderBytes,
    maxHeadCost: maxHeaderBytes * HEAD_COST_FACTOR,
  };
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const built = await buildMessage(context, bytes, 0, '', 0);
  const header = built.header;
  if (header.isTruncated) context.defects.add('headerTooLarge');
  if (bytes.includes(0)) context.defects.add('nulBytes');
  const subject = decodeText(firstField(header, 'subject') ?? '');
  const messageId = parseMessageIds(firstField(header, 'message-id'))[0];
  const sentAt = parseDate(firstField(header, 'date'));
  const listId = parseListId(firstField(header, 'list-id'));
  const summary = summarizeBody(
    bytes,
    built.root,
    positive(options.maxBodyText, MAX_BODY_TEXT),
    context.defects,
  );
  return {
    size: bytes.length,
    headerSize: built.root.headerEnd,
    lineCount: countLines(bytes, 0, bytes.length),
    ...(messageId === undefined ? {} : { messageId }),
    inReplyTo: parseMessageIds(firstField(header, 'in-reply-to')),
    references: boundReferences(parseMessageIds(allFields(header, 'references').join(' '))),
    subject,
    normalizedSubject: baseSubject(subject),
    ...(sentAt === undefined ? {} : { sentAt }),
    from: parseAddressList(firstField(header, 'from')),
    sender: parseAddressList(firstField(header, 'sender')),
    replyTo: parseAddressList(firstField(header, 'reply-to')),
    to: parseAddressList(allFields(header, 'to').join(', ')),
    cc: parseAddressList(allFields(header, 'cc').join(', ')),
    bcc: parseAddressList(allFields(header, 'bcc').join(', ')),
    ...(listId === undefined ? {} : { listId }),
    preview: summary.preview,
    hasAttachment: summary.hasAttachment,
    attachments: summary.attachments,
    bodyText: summary.bodyText,
    structure: built.root,
    envelope: built.envelope,
    defects: [...context.defects].sort(),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

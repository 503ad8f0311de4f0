// What a delivery report (RFC 3464) or a read receipt (RFC 8098) says it is about, to find the submission it
// reports on: a DSN's Original-Envelope-Id (our queue sends the submission id as ENVID), a receipt's
// Original-Message-ID, else the Message-ID of the original either returns; who displayed the message; and,
// from a DSN's per-recipient blocks, what happened to each recipient.
// Security: network input from anyone. Only a message whose own Content-Type is multipart/report is parsed,
// and only its first REPORT_LIMITS.maxScanBytes: the machine-readable part comes before the returned original
// (RFC 6522 §3), so a report of any size costs the same. What cannot be read is no report.

import { decodeXtext, type ReportedRecipient, type ReportReference, smtpReplyOf } from '#domain/delivery';
import { fieldValues, readFields, readMdn } from '#domain/mdn';
import { decodeBody, type MimePart, parseMessage, parseMessageIds } from '#formats/mime';

export const REPORT_LIMITS = {
  /** Bytes of a message read as a report: its notification and the returned original's header fit easily. */
  maxScanBytes: 256 * 1024,
  /** Header bytes looked at before deciding to parse: most mail is no report and costs one search. */
  maxHeaderBytes: 64 * 1024,
  /** Bytes of a delivery-status part, or of a returned header, read for fields: real ones are a few KiB. */
  maxFieldBytes: 64 * 1024,
  maxFields: 200,
  /** A report has three parts, the original perhaps a few more: anything beyond is not looked into. */
  maxParts: 64,
  maxDepth: 4,
  /** RFC 3461 §4.4: an ENVID is at most 100 characters. */
  maxEnvelopeIdChars: 100,
  /** Longer Message-IDs are never stored on a submission (the threading table's bound). */
  maxMessageIdChars: 512,
  /** An address is at most 254 characters (RFC 5321 §4.5.3.1 path less its brackets). */
  maxAddressChars: 254,
  /**
   * Per-recipient blocks of a DSN read (one per recipient the reporter handled): the blocks past these are
   * not looked at, and their recipients keep their status.
   */
  maxRecipientBlocks: 100,
  /** An smtpReply taken from a report: a reply of a few lines joined; past this it is cut. */
  maxReplyChars: 1000,
} as const;

const DSN_TYPES = new Set(['delivery-status', 'global-delivery-status']);
const MDN_TYPES = new Set(['disposition-notification', 'global-disposition-notification']);
/** Where a report returns the original (RFC 3462 §3, RFC 6533 §6): whole, or its header section. */
const ORIGINAL_TYPES = new Set([
  'text/rfc822-headers',
  'message/rfc822',
  'message/global',
  'message/global-headers',
]);
const REPORT_TYPE = /content-type:[ \t]*(?:\r?\n[ \t]+)*multipart[ \t]*\/[ \t]*report/i;
/** `rfc822; paul@ac-test.fr` (RFC 3464 §2.3.2, RFC 8098 §3.2.3; utf-8 from RFC 6533). */
const RECIPIENT = /^(?:rfc822|utf-8)[ \t]*;[ \t]*<?([^\s<>;]+@[^\s<>;]+)>?$/i;
/** RFC 3464 §2.3.3 action-value: the first word (a comment may follow). */
const ACTION = /^(failed|delayed|delivered|relayed|expanded)(?![a-z0-9-])/i;
/** RFC 3464 §2.3.4 status-code (RFC 3463): the first word (a comment may follow). */
const STATUS = /^([245]\.\d{1,3}\.\d{1,3})(?![\d.])/;
/** RFC 3464 §2.3.6 `diagnostic-type ; text`. */
const DIAGNOSTIC = /^([^;\s]+)[ \t]*;(.*)$/s;
/** What an action means for the status a synthetic reply falls back on when the report gives none. */
const OUTCOMES = {
  failed: 'bounced',
  delayed: 'deferred',
  delivered: 'delivered',
  relayed: 'delivered',
  expanded: 'delivered',
} as const;
const LF = 0x0a;
const CR = 0x0d;

/** What `raw` reports on, or undefined when it is no delivery report or receipt that names its subject. */
export async function readReportReference(raw: Uint8Array): Promise<ReportReference | undefined> {
  if (!claimsReport(raw)) return undefined;
  const bytes = raw.subarray(0, REPORT_LIMITS.maxScanBytes);
  const parsed = await parseMessage(bytes, {
    maxBodyText: 1,
    maxParts: REPORT_LIMITS.maxParts,
    maxDepth: REPORT_LIMITS.maxDepth,
    maxHeaderBytes: REPORT_LIMITS.maxHeaderBytes,
  });
  const root = parsed.structure;
  if (root.type !== 'multipart' || root.subtype !== 'report') return undefined;
  const reportType = root.parameters['report-type']?.toLowerCase() ?? '';
  if (DSN_TYPES.has(reportType)) return dsnReference(bytes, root);
  if (!MDN_TYPES.has(reportType)) return undefined;
  const mdn = readMdn(bytes, parsed);
  if (mdn === undefined) return undefined;
  const messageId =
    boundedId(parseMessageIds(mdn.originalMessageId ?? undefined)[0]) ?? originalId(bytes, root);
  if (messageId === undefined) return undefined;
  const displayedBy =
    mdn.disposition.type === 'displayed' ? recipients([mdn.finalRecipient, mdn.originalRecipient]) : [];
  return { kind: 'mdn', envelopeIds: [], messageId, displayedBy, recipients: [] };
}

/** The top-level header names multipart/report: one search, before any parsing. */
function claimsReport(raw: Uint8Array): boolean {
  const head = Buffer.from(
    raw.buffer,
    raw.byteOffset,
    Math.min(raw.byteLength, REPORT_LIMITS.maxHeaderBytes),
  );
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const ends = [crlf, lf].filter((end) => end >= 0);
  const header = head.subarray(0, ends.length > 0 ? Math.min(...ends) : head.length);
  return REPORT_TYPE.test(header.toString('latin1'));
}

function dsnReference(bytes: Uint8Array, root: MimePart): ReportReference | undefined {
  const status = root.children.find((part) => part.type === 'message' && DSN_TYPES.has(part.subtype));
  if (status === undefined) return undefined;
  // The per-message fields are the first block (RFC 3464 §2.2), one block per recipient follows (§2.3).
  const body = decodeBody(bytes, status, REPORT_LIMITS.maxFieldBytes);
  const [perMessage = body, ...perRecipient] = fieldBlocks(body, 1 + REPORT_LIMITS.maxRecipientBlocks);
  const fields = readFields(perMessage, REPORT_LIMITS.maxFieldBytes, REPORT_LIMITS.maxFields);
  const envid = fieldValues(fields, 'original-envelope-id')[0];
  const envelopeIds =
    envid === undefined
      ? []
      : [...new Set([envid, decodeXtext(envid)])].filter(
          (id) => id !== '' && id.length <= REPORT_LIMITS.maxEnvelopeIdChars,
        );
  const messageId = originalId(bytes, root) ?? null;
  if (envelopeIds.length === 0 && messageId === null) return undefined;
  const recipients = perRecipient.flatMap((block) => {
    const recipient = reportedRecipient(block);
    return recipient === undefined ? [] : [recipient];
  });
  return { kind: 'dsn', envelopeIds, messageId, displayedBy: [], recipients };
}

/**
 * The blocks of fields of a delivery-status body, split at blank lines (a run of them is one separator, and
 * those some reporters put first separate nothing): the first `maxBlocks`, each without its blank line.
 */
function fieldBlocks(body: Uint8Array, maxBlocks: number): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  let blockStart = -1;
  let lineStart = 0;
  while (lineStart < body.length && blocks.length < maxBlocks) {
    let lf = body.indexOf(LF, lineStart);
    if (lf < 0) lf = body.length;
    const isBlank = lf === lineStart || (lf === lineStart + 1 && body[lineStart] === CR);
    if (isBlank && blockStart >= 0) {
      blocks.push(body.subarray(blockStart, lineStart));
      blockStart = -1;
    } else if (!isBlank && blockStart < 0) {
      blockStart = lineStart;
    }
    lineStart = lf + 1;
  }
  if (blockStart >= 0 && blocks.length < maxBlocks) blocks.push(body.subarray(blockStart));
  return blocks;
}

/**
 * One per-recipient block: its recipient, what was done and the reply that says so. A block that names no
 * readable recipient or no known action is skipped: it says nothing a submission could use.
 */
function reportedRecipient(block: Uint8Array): ReportedRecipient | undefined {
  const fields = readFields(block, REPORT_LIMITS.maxFieldBytes, REPORT_LIMITS.maxFields);
  const first = (name: string) => fieldValues(fields, name)[0];
  const addresses = recipients([first('final-recipient') ?? null, first('original-recipient') ?? null]);
  const action = ACTION.exec(first('action')?.trim() ?? '')?.[1]?.toLowerCase() as
    | ReportedRecipient['action']
    | undefined;
  if (addresses.length === 0 || action === undefined) return undefined;
  const status = STATUS.exec(first('status')?.trim() ?? '')?.[1] ?? '';
  const diagnostic = DIAGNOSTIC.exec(first('diagnostic-code') ?? '');
  const text = (diagnostic?.[2] ?? '').replace(/\s+/g, ' ').trim();
  const isSmtp = diagnostic?.[1]?.toLowerCase() === 'smtp';
  // smtpReplyOf keeps a reply only when it opens with a reply code; else it builds one from the status.
  const smtpReply = smtpReplyOf(
    {
      address: addresses[0] as string,
      outcome: OUTCOMES[action],
      status,
      detail: text,
      ...(isSmtp && { reply: text }),
    },
    text,
  );
  return { addresses, action, smtpReply: bounded(smtpReply, REPORT_LIMITS.maxReplyChars) };
}

/** `text` cut to `max` UTF-16 units, never inside a surrogate pair. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, cut);
}

/** The Message-ID of the original a report returns (whole or its header section), when it returns one. */
function originalId(bytes: Uint8Array, root: MimePart): string | undefined {
  const original = root.children.find((part) => ORIGINAL_TYPES.has(`${part.type}/${part.subtype}`));
  if (original === undefined) return undefined;
  const header = decodeBody(bytes, original, REPORT_LIMITS.maxFieldBytes);
  const fields = readFields(header, REPORT_LIMITS.maxFieldBytes, REPORT_LIMITS.maxFields);
  return boundedId(parseMessageIds(fieldValues(fields, 'message-id')[0])[0]);
}

function boundedId(id: string | undefined): string | undefined {
  return id !== undefined && id.length <= REPORT_LIMITS.maxMessageIdChars ? id : undefined;
}

/** The addresses of recipient fields (`rfc822; address`), lower case, without repeats. */
function recipients(values: readonly (string | null)[]): string[] {
  const addresses = values.flatMap((value) => {
    const address = RECIPIENT.exec(value?.trim() ?? '')?.[1];
    return address !== undefined && address.length <= REPORT_LIMITS.maxAddressChars
      ? [address.toLowerCase()]
      : [];
  });
  return [...new Set(addresses)];
}

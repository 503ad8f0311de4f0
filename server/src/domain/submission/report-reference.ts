// What a delivery report (RFC 3464) or a read receipt (RFC 8098) says it is about, to find the submission it
// reports on: a DSN's Original-Envelope-Id (our queue sends the submission id as ENVID), a receipt's
// Original-Message-ID, else the Message-ID of the original either returns; and who displayed the message.
// Security: network input from anyone. Only a message whose own Content-Type is multipart/report is parsed,
// and only its first REPORT_LIMITS.maxScanBytes: the machine-readable part comes before the returned original
// (RFC 6522 §3), so a report of any size costs the same. What cannot be read is no report.

import { decodeXtext, type ReportReference } from '#domain/delivery';
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
  return { kind: 'mdn', envelopeIds: [], messageId, displayedBy };
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
  // The per-message fields are the first block (RFC 3464 §2.2); a blank line some reporters put first is not.
  const body = decodeBody(bytes, status, REPORT_LIMITS.maxFieldBytes);
  const fields = readFields(
    withoutLeadingBlankLines(body),
    REPORT_LIMITS.maxFieldBytes,
    REPORT_LIMITS.maxFields,
  );
  const envid = fieldValues(fields, 'original-envelope-id')[0];
  const envelopeIds =
    envid === undefined
      ? []
      : [...new Set([envid, decodeXtext(envid)])].filter(
          (id) => id !== '' && id.length <= REPORT_LIMITS.maxEnvelopeIdChars,
        );
  const messageId = originalId(bytes, root) ?? null;
  if (envelopeIds.length === 0 && messageId === null) return undefined;
  return { kind: 'dsn', envelopeIds, messageId, displayedBy: [] };
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

function withoutLeadingBlankLines(body: Uint8Array): Uint8Array {
  let start = 0;
  while (start < body.length && (body[start] === 0x0d || body[start] === 0x0a)) start += 1;
  return body.subarray(start);
}

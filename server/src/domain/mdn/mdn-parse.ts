// Reading an MDN (RFC 8098 §3.1) out of a message: the message/disposition-notification part of its
// multipart/report (or RFC 6533's message/global-disposition-notification), its fields, the human-readable text
// before it, whether the original follows whole, and the message's Subject. Only the report's own multiparts are
// walked: a receipt attached to a forwarded message is not the message's own.
// Security: network input; the MIME parser's bounds, then MDN_LIMITS on the report part and the text.

import {
  MDN_ACTION_MODES,
  MDN_DISPOSITION_TYPES,
  MDN_SENDING_MODES,
  type MdnActionMode,
  type MdnDispositionType,
  type MdnSendingMode,
} from '@vercors/contract';
import {
  decodeBody,
  htmlToText,
  type MimePart,
  type ParsedMessage,
  parseMessage,
  partText,
} from '#formats/mime';
import { fieldValues, readFields, type ReportField, withoutComments } from './mdn-fields.ts';
import { type Mdn, type MdnDisposition, MDN_LIMITS } from './mdn.ts';

/** An MDN as the message says it; forEmailId is the account's business (mdn-service.ts). */
export type ParsedMdn = Omit<Mdn, 'forEmailId'>;

const NOTIFICATION_TYPES = new Set(['disposition-notification', 'global-disposition-notification']);

/** Fields RFC 8098 §3.2 defines; every other one is an extension field (§3.3). */
const STANDARD_FIELDS = new Set([
  'reporting-ua',
  'mdn-gateway',
  'original-recipient',
  'final-recipient',
  'original-message-id',
  'disposition',
  'error',
]);

/** RFC 8098 §3.2.6: `action-mode/sending-mode; type[/modifier, …]`, comments allowed anywhere (CFWS). */
const DISPOSITION = /^([a-z-]+)\s*\/\s*([a-z-]+)\s*;\s*([a-z-]+)\s*(?:\/.*)?$/;

/** The MDN the message holds, or undefined when it holds none (or one whose Disposition cannot be read). */
export async function parseMdnMessage(raw: Uint8Array): Promise<ParsedMdn | undefined> {
  return readMdn(raw, await parseMessage(raw));
}

/** parseMdnMessage on a message parsed already (with the caller's own bounds); `raw` is what was parsed. */
export function readMdn(raw: Uint8Array, parsed: ParsedMessage): ParsedMdn | undefined {
  const report = reportParts(parsed.structure);
  if (report === undefined) return undefined;
  const body = decodeBody(raw, report.notification, MDN_LIMITS.maxReportBytes);
  const fields = readFields(body, MDN_LIMITS.maxReportBytes, MDN_LIMITS.maxReportFields);
  const disposition = parseDisposition(first(fields, 'disposition'));
  if (disposition === undefined) return undefined;
  const errors = fieldValues(fields, 'error');
  const extensions = extensionFields(fields);
  return {
    subject: parsed.envelope.subject === undefined ? null : parsed.subject,
    textBody: report.text === undefined ? null : humanText(raw, report.text),
    includeOriginalMessage: report.original?.type === 'message',
    reportingUA: first(fields, 'reporting-ua') ?? null,
    disposition,
    mdnGateway: first(fields, 'mdn-gateway') ?? null,
    originalRecipient: first(fields, 'original-recipient') ?? null,
    finalRecipient: first(fields, 'final-recipient') ?? null,
    originalMessageId: first(fields, 'original-message-id') ?? null,
    error: errors.length > 0 ? errors : null,
    extensionFields: Object.keys(extensions).length > 0 ? extensions : null,
  };
}

interface ReportParts {
  readonly notification: MimePart;
  /** The human-readable part before the report, when there is one. */
  readonly text: MimePart | undefined;
  /** The part after the report: the original or its header section. */
  readonly original: MimePart | undefined;
}

/** The report part of the first multipart holding one (multiparts only: nested messages are not entered). */
function reportParts(part: MimePart): ReportParts | undefined {
  if (part.type !== 'multipart') return undefined;
  const index = part.children.findIndex(
    (child) => child.type === 'message' && NOTIFICATION_TYPES.has(child.subtype),
  );
  if (index >= 0) {
    return {
      notification: part.children[index] as MimePart,
      text: part.children
        .slice(0, index)
        .map(textPartOf)
        .find((text) => text !== undefined),
      original: part.children[index + 1],
    };
  }
  for (const child of part.children) {
    const found = reportParts(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The text/plain part of a part (a multipart/alternative's), else its text/html one. */
function textPartOf(part: MimePart): MimePart | undefined {
  if (part.type === 'text' && (part.subtype === 'plain' || part.subtype === 'html')) return part;
  if (part.type !== 'multipart') return undefined;
  const texts = part.children.map(textPartOf).filter((text) => text !== undefined);
  return texts.find((text) => text.subtype === 'plain') ?? texts[0];
}

function humanText(raw: Uint8Array, part: MimePart): string {
  // Bytes are at most 4 per character: enough for maxParsedTextChars whatever the charset.
  const text = partText(raw, part, MDN_LIMITS.maxParsedTextChars * 4);
  const plain = part.subtype === 'html' ? htmlToText(text) : text;
  return [...plain.replace(/\r\n/g, '\n')].slice(0, MDN_LIMITS.maxParsedTextChars).join('');
}

function first(fields: readonly ReportField[], name: string): string | undefined {
  return fieldValues(fields, name)[0];
}

function isOneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

/** The three words of the Disposition field, lower case (RFC 9007 §2); modifiers are left aside. */
function parseDisposition(value: string | undefined): MdnDisposition | undefined {
  if (value === undefined) return undefined;
  const match = DISPOSITION.exec(withoutComments(value).toLowerCase());
  const [, actionMode, sendingMode, type] = match ?? [];
  if (
    !isOneOf<MdnActionMode>(MDN_ACTION_MODES, actionMode) ||
    !isOneOf<MdnSendingMode>(MDN_SENDING_MODES, sendingMode) ||
    !isOneOf<MdnDispositionType>(MDN_DISPOSITION_TYPES, type)
  )
    return undefined;
  return { actionMode, sendingMode, type };
}

/**
 * The fields RFC 8098 does not define, by name as written; the first of a repeated name wins. Built from
 * entries, so a field named `__proto__` is an ordinary key.
 */
function extensionFields(fields: readonly ReportField[]): Record<string, string> {
  const extensions = new Map<string, string>();
  for (const { name, value } of fields) {
    if (!STANDARD_FIELDS.has(name.toLowerCase()) && !extensions.has(name)) extensions.set(name, value);
  }
  return Object.fromEntries(extensions);
}

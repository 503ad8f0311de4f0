// bodyValues (RFC 8621 §4.1.4, §4.2): the decoded text of text/* parts, transfer and charset decoded, cut on
// a UTF-8 boundary at maxBodyValueBytes. Only the start of a part that the cut keeps is read, so a 256-byte
// value of a 50 MB part reads a few kilobytes.
// Security: stored network input; a per-call budget bounds the text one Email/get holds in memory and sends.

import type { JmapEmailBodyValue } from '@vercors/contract';
import { decodeBody, decodeCharset, type MimePart } from '#formats/mime';
import type { BodyLists } from './body-lists.ts';
import { treeParts } from './body-parts.ts';
import type { ByteRange, EmailBytes } from './email-bytes.ts';

/**
 * Octets of body values one Email/get returns in all: beyond, values are cut (isTruncated) and the client
 * downloads the part by its blobId instead. 16 MiB holds any real text body and bounds a call over 1,000 ids.
 */
const MAX_BODY_VALUES_BYTES = 16 * 1024 * 1024;

/** The transfer encodings decoded; any other is reported as an encoding problem (and passed as is). */
const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'base64', 'quoted-printable']);

/** Charsets where a character is at least one octet of UTF-8 for each source octet (or decoding fell back). */
const OCTET_CHARSETS =
  /^(|us-ascii|ascii|utf-?8|iso[-_]?8859[-_]?[0-9]{1,2}|latin-?[0-9]|(windows|cp)-?125[0-8]|koi8-[a-z]{1,2})$/;

export interface BodyValueOptions {
  readonly fetchTextBodyValues: boolean;
  readonly fetchHTMLBodyValues: boolean;
  readonly fetchAllBodyValues: boolean;
  /** 0: no limit asked. */
  readonly maxBodyValueBytes: number;
}

/** What is left of the call's MAX_BODY_VALUES_BYTES; one per Email/get call. */
export interface BodyValueBudget {
  remaining: number;
}

export function newBodyValueBudget(): BodyValueBudget {
  return { remaining: MAX_BODY_VALUES_BYTES };
}

/** One value to make: the part, the octets its text may have, and the encoded range to read for that. */
export interface BodyValueRead {
  readonly part: MimePart;
  readonly limit: number;
  /** Decoded octets enough for `limit` octets of UTF-8 text in the part's charset. */
  readonly sourceLimit: number;
  readonly range: ByteRange;
}

/** Whether the options ask for any body value (else bodyValues is an empty object). */
export function wantsBodyValues(options: BodyValueOptions): boolean {
  return options.fetchAllBodyValues || options.fetchTextBodyValues || options.fetchHTMLBodyValues;
}

/** The text/* parts whose values are asked for, each once, in the order the RFC lists them. */
export function bodyValueParts(
  root: MimePart,
  lists: BodyLists | undefined,
  options: BodyValueOptions,
): MimePart[] {
  const candidates = options.fetchAllBodyValues
    ? treeParts(root)
    : [
        ...(options.fetchTextBodyValues ? (lists?.textBody ?? []) : []),
        ...(options.fetchHTMLBodyValues ? (lists?.htmlBody ?? []) : []),
      ];
  return [...new Set(candidates.filter((part) => part.type === 'text'))];
}

/** How much of `part` to read for a value of at most `limit` octets. */
export function planBodyValue(
  part: MimePart,
  options: BodyValueOptions,
  budget: BodyValueBudget,
): BodyValueRead {
  const asked = options.maxBodyValueBytes > 0 ? options.maxBodyValueBytes : Number.POSITIVE_INFINITY;
  const limit = Math.min(asked, budget.remaining);
  // One source octet makes at least one octet of UTF-8 in octet charsets; multi-byte charsets (UTF-16,
  // GB18030, Shift_JIS) use at most 4 per character. One more character tells whether anything was cut.
  const isOctetCharset = OCTET_CHARSETS.test((part.parameters.charset ?? '').trim().toLowerCase());
  const sourceLimit = (isOctetCharset ? 1 : 4) * (limit + 1) + 4;
  const end = Math.min(part.bodyEnd, part.bodyStart + encodedLimit(part.encoding, sourceLimit));
  return { part, limit, sourceLimit, range: { start: part.bodyStart, end } };
}

/**
 * Encoded octets that decode to at least `decoded` octets: base64 is 4 per 3 plus line breaks (lines of 40
 * or more), quoted-printable at most 3 per octet plus soft line breaks.
 */
function encodedLimit(encoding: string, decoded: number): number {
  if (encoding === 'base64') return Math.ceil(decoded * 1.5) + 8;
  if (encoding === 'quoted-printable') return Math.ceil(decoded * 3.2) + 8;
  return decoded;
}

/** The value of `read.part`, from the bytes read for it; spends the budget. */
export function bodyValue(
  bytes: EmailBytes,
  read: BodyValueRead,
  budget: BodyValueBudget,
): JmapEmailBodyValue {
  const { part, sourceLimit } = read;
  const encoded = bytes.slice(read.range);
  let decoded = decodeBody(encoded, { ...part, bodyStart: 0, bodyEnd: encoded.length }, sourceLimit + 1);
  // The part goes on past what was read or decoded: the text is cut even if it fits the limit.
  let isCut = read.range.end < part.bodyEnd;
  if (decoded.length > sourceLimit) {
    decoded = decoded.subarray(0, sourceLimit);
    isCut = true;
  }
  const { text, isCharsetKnown } = decodeCharset(decoded, part.parameters.charset);
  const cut = cutUtf8(text, Math.min(read.limit, budget.remaining));
  budget.remaining -= cut.size;
  return {
    value: cut.value,
    isEncodingProblem: !isCharsetKnown || !KNOWN_ENCODINGS.has(part.encoding) || cut.value.includes('\ufffd'),
    isTruncated: cut.isTruncated || isCut,
  };
}

/** `text` cut to at most `limit` octets of UTF-8, never inside a character. */
function cutUtf8(text: string, limit: number): { value: string; isTruncated: boolean; size: number } {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= limit) return { value: text, isTruncated: false, size: encoded.length };
  let end = limit;
  // Back off continuation octets (10xxxxxx) to the start of the character the limit falls in.
  while (end > 0 && ((encoded[end] as number) & 0xc0) === 0x80) end--;
  return { value: encoded.subarray(0, end).toString('utf8'), isTruncated: true, size: end };
}

// A raw RFC 5322 §2.2 header block read into fields: find where it ends, unfold, and turn bytes into text.
// Security: network input; reads at most `maxBytes` of a block and MAX_HEADER_FIELDS fields, linear in both.

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;

/** Fields kept from one header block (of the names below). Real mail has a handful; repeats beyond are junk. */
const MAX_HEADER_FIELDS = 1024;

/** Bytes searched for the colon after a field name: the longest name we read plus room for obsolete spaces. */
const MAX_NAME_SCAN = 64;

/**
 * The fields this codec reads. Others are skipped while scanning, so a block of 10,000 Received lines costs no
 * memory and cannot push Subject out of the fields kept.
 */
const READ_FIELDS = new Set([
  'date',
  'subject',
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'in-reply-to',
  'message-id',
  'references',
  'list-id',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'content-description',
  'content-language',
  'content-location',
  'content-md5',
]);

export interface HeaderField {
  /** Lower-case field name, one of READ_FIELDS. */
  readonly name: string;
  /** Value after the colon: unfolded, outer whitespace trimmed, bytes read as UTF-8 or Windows-1252, NULs removed. */
  readonly value: string;
}

export interface HeaderBlock {
  readonly fields: HeaderField[];
  /** True when the block was longer than the bytes read or had more fields than kept. */
  readonly isTruncated: boolean;
}

/**
 * Offset just past the blank line that ends the header block starting at `start`, or `end` when there is none.
 * A block that starts with a blank line is empty (the blank line is its only content).
 */
export function findHeaderEnd(bytes: Uint8Array, start: number, end: number): number {
  let lineStart = start;
  while (lineStart < end) {
    const lf = bytes.indexOf(LF, lineStart);
    if (lf < 0 || lf >= end) return end;
    const isBlank = lf === lineStart || (lf === lineStart + 1 && bytes[lineStart] === CR);
    if (isBlank) return lf + 1;
    lineStart = lf + 1;
  }
  return end;
}

/** Read the fields this codec uses from the header block in [start, end), looking at no more than `maxBytes` of it. */
export function readHeaderBlock(
  bytes: Uint8Array,
  start: number,
  end: number,
  maxBytes: number,
): HeaderBlock {
  const limit = Math.min(end, start + maxBytes);
  const fields: HeaderField[] = [];
  let isTruncated = limit < end;
  let fieldStart = -1;
  let lineStart = start;
  while (lineStart < limit) {
    let lf = bytes.indexOf(LF, lineStart);
    if (lf < 0 || lf >= limit) lf = limit;
    const first = bytes[lineStart];
    const isContinuation = first === SP || first === TAB;
    const isBlank = lf === lineStart || (lf === lineStart + 1 && first === CR);
    if (!isContinuation) {
      if (fieldStart >= 0) {
        if (fields.length >= MAX_HEADER_FIELDS) {
          isTruncated = true;
          fieldStart = -1;
          break;
        }
        pushField(fields, bytes, fieldStart, lineStart);
      }
      fieldStart = isBlank ? -1 : lineStart;
      if (isBlank) break;
    }
    lineStart = lf + 1;
  }
  if (fieldStart >= 0 && fields.length < MAX_HEADER_FIELDS)
    pushField(fields, bytes, fieldStart, Math.min(lineStart, limit));
  return { fields, isTruncated };
}

function pushField(fields: HeaderField[], bytes: Uint8Array, start: number, end: number): void {
  // Only the first bytes can hold a name we read (the longest is 25); searching further would make a block of
  // colon-less lines quadratic. A line without a colon is not a field (RFC 5322 §2.2) and is skipped.
  const colon = bytes.subarray(start, Math.min(end, start + MAX_NAME_SCAN)).indexOf(0x3a);
  if (colon < 0) return;
  const nameEnd = start + colon;
  const name = latin1(bytes, start, nameEnd).trim().toLowerCase();
  if (!READ_FIELDS.has(name)) return;
  const value = unfold(decodeHeaderBytes(bytes.subarray(nameEnd + 1, end))).trim();
  fields.push({ name, value });
}

/** Remove the line breaks of folding (RFC 5322 §2.2.3) and any stray CR/LF; the whitespace after them stays. */
export function unfold(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/\r?\n|\r/g, '') : text;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * Header bytes as text: ASCII as is, raw 8-bit as UTF-8 (RFC 6532) when valid, else Windows-1252
 * (what latin1 mail is in practice). NULs are dropped: no consumer (IMAP strings, SQL text) accepts them.
 */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  let isAscii = true;
  for (const byte of bytes) {
    if (byte >= 0x80) {
      isAscii = false;
      break;
    }
  }
  let text: string;
  if (isAscii) {
    text = latin1(bytes, 0, bytes.length);
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      text = windows1252.decode(bytes);
    }
  }
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** First value of a field, by lower-case name. */
export function firstField(block: HeaderBlock, name: string): string | undefined {
  for (const field of block.fields) if (field.name === name) return field.value;
  return undefined;
}

/** Every value of a field, in order. */
export function allFields(block: HeaderBlock, name: string): string[] {
  return block.fields.filter((field) => field.name === name).map((field) => field.value);
}

// The fields of a raw header block (RFC 5322 §2.2), each with its value's raw octets, for the `headers`
// property and the `header:` forms of RFC 8621 §4.1.2–4.1.3.
// Security: stored network input; linear in the block, which the caller has already cut to a bounded size.

import type { JmapEmailHeader } from '@vercors/contract';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/** Fields kept per block: real mail has dozens; a block of thousands is spam or an attack, and is cut. */
const MAX_FIELDS = 10_000;

export interface HeaderField {
  /** The name as written (case kept, as RFC 8621 `headers` shows it). */
  readonly name: string;
  /** The value's octets: after the colon, up to but not including the CRLF that ends the field. */
  readonly raw: Uint8Array;
}

/**
 * The fields of `block`, in order, up to the blank line that ends it. A line that is neither a field nor a
 * continuation (no colon, or starting a block with white space) is skipped, as receivers do.
 */
export function parseHeaderFields(block: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [];
  let position = 0;
  while (position < block.length && fields.length < MAX_FIELDS) {
    const lineEnd = endOfLine(block, position);
    if (lineEnd === position) break; // the blank line that ends the block
    let fieldEnd = lineEnd;
    let next = afterLineBreak(block, lineEnd);
    while (next < block.length && (block[next] === SP || block[next] === TAB)) {
      fieldEnd = endOfLine(block, next);
      next = afterLineBreak(block, fieldEnd);
    }
    const colon = position + block.subarray(position, lineEnd).indexOf(COLON);
    if (colon > position && block[position] !== SP && block[position] !== TAB) {
      const name = Buffer.from(block.buffer, block.byteOffset + position, colon - position)
        .toString('latin1')
        .trimEnd();
      if (name !== '') fields.push({ name, raw: block.subarray(colon + 1, fieldEnd) });
    }
    position = next;
  }
  return fields;
}

/** The fields named `name` (any case), in order. */
export function fieldsNamed(fields: readonly HeaderField[], name: string): HeaderField[] {
  const lower = name.toLowerCase();
  return fields.filter((field) => field.name.toLowerCase() === lower);
}

const utf8 = new TextDecoder('utf-8');

/**
 * The Raw form (RFC 8621 §4.1.2.1): the octets as UTF-8, any invalid sequence replaced with U+FFFD, NULs
 * dropped. Folding is kept.
 */
export function rawValue(raw: Uint8Array): string {
  const text = utf8.decode(raw);
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

/** The `headers` property: every field as written, values in the Raw form. */
export function headerList(fields: readonly HeaderField[]): JmapEmailHeader[] {
  return fields.map((field) => ({ name: field.name, value: rawValue(field.raw) }));
}

/** Offset of the CR of a CRLF, or the LF of a bare LF, ending the line at `start` (or the block's end). */
function endOfLine(block: Uint8Array, start: number): number {
  const lf = block.indexOf(LF, start);
  if (lf < 0) return block.length;
  return lf > start && block[lf - 1] === CR ? lf - 1 : lf;
}

function afterLineBreak(block: Uint8Array, lineEnd: number): number {
  if (block[lineEnd] === CR && block[lineEnd + 1] === LF) return lineEnd + 2;
  return lineEnd + 1;
}

// IMAP section specs (RFC 3501 §6.4.5, RFC 9051 §6.4.5) resolved to byte ranges of the raw message, so FETCH
// BODY[section] is a slice of the stored blob. HEADER.FIELDS (.NOT) resolve to the HEADER range; IMAP filters it.

import { findPart } from './part-tree.ts';
import type { MimePart, ParsedMessage } from './parsed-message.ts';

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const HEADER_KEYWORDS = new Set(['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT']);
/** section-part ["." section-msgtext / "MIME"]; part numbers are nz-number (≤ 9 digits keeps them exact). */
const SECTION =
  /^([1-9][0-9]{0,8}(?:\.[1-9][0-9]{0,8})*)(?:\.(HEADER|HEADER\.FIELDS|HEADER\.FIELDS\.NOT|TEXT|MIME))?$/;

/**
 * The byte range of `section` ('', 'HEADER', 'TEXT', '1', '2.1', '2.MIME', '3.HEADER', '3.TEXT', …), or undefined
 * when the message has no such section (a part number that does not exist; HEADER/TEXT of a part that is not a
 * message/rfc822). Keywords are case-insensitive; a field list after HEADER.FIELDS must already be removed.
 */
export function sectionRange(parsed: ParsedMessage, section: string): ByteRange | undefined {
  const spec = section.trim().toUpperCase();
  const root = parsed.structure;
  if (spec === '') return { start: 0, end: parsed.size };
  if (HEADER_KEYWORDS.has(spec) || spec === 'TEXT') return messageRange(root, spec, 0, parsed.size);
  const match = SECTION.exec(spec);
  if (!match) return undefined;
  const [, partId = '', keyword] = match;
  const part = findPart(root, partId);
  if (part === undefined) return undefined;
  if (keyword === undefined) return { start: part.bodyStart, end: part.bodyEnd };
  if (keyword === 'MIME') return { start: part.headerStart, end: part.headerEnd };
  // n.HEADER and n.TEXT exist only for an encapsulated message (RFC 3501 §6.4.5).
  if (part.message === undefined) return undefined;
  return messageRange(part.message.structure, keyword, part.bodyStart, part.bodyEnd);
}

/** HEADER or TEXT of a message whose root is `root` and whose bytes are [start, end). */
function messageRange(root: MimePart, keyword: string, start: number, end: number): ByteRange {
  if (HEADER_KEYWORDS.has(keyword)) return { start, end: root.headerEnd };
  return { start: root.bodyStart, end };
}

// What Email/import and Email/parse need to know of a blob before treating it as a message (RFC 8621 §4.8,
// §4.9): whether it is one at all, and the time its last Received field gives (import's default receivedAt).
// Security: client-supplied octets; only the start of the header block is looked at, bounded.

import { MAX_HEADER_BYTES } from '#formats/mime';
import { fieldsNamed, parseHeaderFields } from './header-fields.ts';
import { dateForm } from './header-form-values.ts';

/** RFC 5322 §2.2 line length bound: a first field name longer than a line is not one. */
const MAX_LINE = 998;
/** A field name (RFC 5322 ftext: printable ASCII but colon), optional obsolete white space, then the colon. */
const FIRST_FIELD = /^[!-9;-~]+[ \t]*:/;

/**
 * Whether the blob reads as an RFC 5322 message: it starts with a header field. The parser accepts anything
 * (a PDF parses as a message of one odd header line), so this is what tells an .eml from a picture or a PDF;
 * such blobs are invalidEmail for Email/import and notParsable for Email/parse.
 */
export function isMessage(raw: Uint8Array): boolean {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_LINE + 2)).toString(
    'latin1',
  );
  return FIRST_FIELD.test(head);
}

/**
 * The date of the topmost Received field (RFC 5321 §4.4: each relay adds its own on top, after a `;`), or
 * undefined when there is none or it does not parse: RFC 8621 §4.8's default receivedAt for Email/import.
 */
export function lastReceivedAt(raw: Uint8Array): Date | undefined {
  const [received] = fieldsNamed(parseHeaderFields(raw.subarray(0, MAX_HEADER_BYTES)), 'received');
  if (received === undefined) return undefined;
  const semicolon = received.raw.lastIndexOf(0x3b);
  if (semicolon < 0) return undefined;
  const date = dateForm(received.raw.subarray(semicolon + 1));
  return date === null ? undefined : new Date(date);
}

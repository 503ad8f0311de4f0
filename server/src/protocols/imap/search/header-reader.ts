// The HeaderReader of SEARCH HEADER on fields the full-text index does not hold (Message-ID, List-Id, X-*):
// the first bytes of the stored message up to the blank line, unfolded (RFC 5322 §2.2.3), RFC 2047 encoded
// words decoded, values of the asked fields returned. Security: reads at most maxHeaderBlockBytes per message,
// linear in them; the values are only compared, never interpreted.

import { isUtf8 } from 'node:buffer';
import libmime from 'libmime';
import { DomainError } from '#core/errors';
import type { MailService } from '#domain/mail';
import { DEFAULT_SEARCH_LIMITS } from './search-limits.ts';
import type { HeaderReader } from './search-run.ts';

const LF = 0x0a;

/** A HeaderReader over the mail service; an email gone meanwhile reads as undefined (it matches nothing). */
export function createHeaderReader(
  mail: Pick<MailService, 'getEmailBytes'>,
  accountId: string,
  maxBytes: number = DEFAULT_SEARCH_LIMITS.maxHeaderBlockBytes,
): HeaderReader {
  return async (emailId, fields) => {
    let stream: AsyncIterable<Uint8Array>;
    try {
      stream = await mail.getEmailBytes(accountId, emailId, { start: 0, end: maxBytes });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'notFound') return undefined;
      throw error;
    }
    return headerValues(await readHeaderBlock(stream), fields);
  };
}

/** The bytes up to (not including) the blank line that ends the header block, or all of them. */
export async function readHeaderBlock(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  let block = Buffer.alloc(0);
  for await (const chunk of stream) {
    const searchFrom = Math.max(0, block.length - 2);
    block = Buffer.concat([block, chunk]);
    const end = blankLine(block, searchFrom);
    // Leaving the loop early closes the stream: the body is never read.
    if (end !== -1) return block.subarray(0, end);
  }
  return block;
}

/** Values of `fields` (lower case) in a header block, unfolded, decoded, in the order they appear. */
export function headerValues(block: Buffer, fields: readonly string[]): Map<string, string[]> {
  const wanted = new Set(fields);
  // RFC 6532 allows UTF-8 header values; anything else is read byte for byte.
  const text = block.toString(isUtf8(block) ? 'utf8' : 'latin1');
  const values = new Map<string, string[]>();
  let name: string | undefined;
  let value = '';
  const flush = () => {
    if (name === undefined || !wanted.has(name)) return;
    const list = values.get(name) ?? [];
    // Folding whitespace is collapsed so a search for "école <parents" finds it however the line was folded.
    list.push(decodeWords(value.replace(/[ \t]+/g, ' ').trim()));
    values.set(name, list);
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      value += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    // A line without a colon is not a field (mbox "From " lines, junk): it ends the previous field only.
    name = colon === -1 ? undefined : line.slice(0, colon).trim().toLowerCase();
    value = colon === -1 ? '' : line.slice(colon + 1);
  }
  flush();
  return values;
}

function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Offset of the empty line (LF LF or LF CR LF) at or after `from`, pointing after the first LF; else -1. */
function blankLine(bytes: Buffer, from: number): number {
  for (let index = bytes.indexOf(LF, from); index !== -1; index = bytes.indexOf(LF, index + 1)) {
    const next = bytes[index + 1];
    if (next === LF || (next === 0x0d && bytes[index + 2] === LF)) return index + 1;
  }
  // The block may start with the blank line: a message without header fields.
  if (from === 0 && (bytes[0] === LF || (bytes[0] === 0x0d && bytes[1] === LF))) return 0;
  return -1;
}

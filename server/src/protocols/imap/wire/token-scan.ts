// Scanning one token out of a line of client input, by position: runs of one character class, quoted strings
// (RFC 9051 §9 `quoted`), bracketed atoms. Pure functions; ArgumentCursor turns a failure into a ParseError
// that shows where it happened.

import { ASTRING_CHAR } from './tokens.ts';

/** Where scanning stopped and what the grammar wanted there. */
export interface ScanFailure {
  readonly failedAt: number;
  readonly expected: string;
}

const SP = 0x20;
const DEL = 0x7f;
const CR = 0x0d;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** End of the run of `accepts` characters from `start`; `stopAtBracket` ends it before a `[`. */
export function scanChars(
  buffer: Buffer,
  start: number,
  accepts: Uint8Array,
  stopAtBracket: boolean,
): number {
  let index = start;
  while (index < buffer.length && accepts[buffer[index]!] === 1) {
    if (stopAtBracket && buffer[index] === OPEN_BRACKET) break;
    index++;
  }
  return index;
}

/**
 * The quoted string whose opening quote is at `start`: its value and the offset after its closing quote.
 * Only `\"` and `\\` are escapes; 8-bit octets pass (UTF-8 is allowed, RFC 9051); CR never (TEXT-CHAR).
 * Without escapes the value is a slice of `buffer`, not a copy.
 */
export function scanQuoted(buffer: Buffer, start: number): { value: Buffer; end: number } | ScanFailure {
  let index = start + 1;
  let escapes = 0;
  for (;;) {
    const byte = buffer[index];
    if (byte === undefined || byte === CR) return { failedAt: index, expected: 'Closing quote' };
    if (byte === DQUOTE) break;
    if (byte === BACKSLASH) {
      const escaped = buffer[index + 1];
      if (escaped !== DQUOTE && escaped !== BACKSLASH) {
        return { failedAt: index, expected: '\\" or \\\\ (the only escapes in a quoted string)' };
      }
      escapes++;
      index++;
    }
    index++;
  }
  if (escapes === 0) return { value: buffer.subarray(start + 1, index), end: index + 1 };
  const value = Buffer.allocUnsafe(index - start - 1 - escapes);
  let length = 0;
  for (let at = start + 1; at < index; at++) {
    if (buffer[at] === BACKSLASH) at++;
    value[length++] = buffer[at]!;
  }
  return { value, end: index + 1 };
}

/**
 * End of ASTRING-CHARs from `start` where a `[` opens a part that runs to its `]`, spaces and parentheses
 * included: the shape of FETCH's `BODY[HEADER.FIELDS (From To)]<0.100>` read without its grammar (as Dovecot's
 * parser reads it). Inside the brackets only printable ASCII.
 */
export function scanBracketedAtom(buffer: Buffer, start: number): number | ScanFailure {
  let index = start;
  for (;;) {
    while (index < buffer.length && ASTRING_CHAR[buffer[index]!] === 1 && buffer[index] !== OPEN_BRACKET)
      index++;
    if (buffer[index] !== OPEN_BRACKET) return index;
    let close = index + 1;
    while (
      close < buffer.length &&
      buffer[close] !== CLOSE_BRACKET &&
      buffer[close]! >= SP &&
      buffer[close]! < DEL
    ) {
      close++;
    }
    if (buffer[close] !== CLOSE_BRACKET) return { failedAt: close, expected: '"]"' };
    index = close + 1;
  }
}

export function isScanFailure(result: unknown): result is ScanFailure {
  return typeof result === 'object' && result !== null && 'failedAt' in result;
}

// The lexical classes of RFC 9051 §9 (atom, astring, tag, list-mailbox characters), the number ranges, and
// the generic argument tree. Lookup tables indexed by byte: the cursor tests one array slot per input byte.

/** ParseError codes raised by wire/: the session answers both with a tagged BAD. */
export const PARSE_ERRORS = {
  /** The arguments do not follow the grammar. */
  syntax: 'syntax',
  /** The arguments follow the grammar but exceed a WireLimits bound. */
  limit: 'limit',
} as const;

/** number (RFC 9051 §9): unsigned 32-bit. */
export const MAX_NUMBER = 4_294_967_295;
/** number64 and mod-sequence-value (RFC 9051 §9, RFC 7162 §7): at most 2^63 - 1. */
export const MAX_NUMBER64 = 9_223_372_036_854_775_807n;

const CTL_AND_SPACE_END = 0x20;
const DEL = 0x7f;

function table(accepts: (byte: number) => boolean): Uint8Array {
  const bytes = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) bytes[byte] = accepts(byte) ? 1 : 0;
  return bytes;
}

/** CHAR (7-bit, no NUL) minus CTL and SP: the printable ASCII range every class below starts from. */
function isPrintable(byte: number): boolean {
  return byte > CTL_AND_SPACE_END && byte < DEL;
}

/** atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials */
const ATOM_SPECIALS = new Set([...'(){%*"\\]'].map((c) => c.charCodeAt(0)));

/** ATOM-CHAR. `[` is one: `BODY[` reads as one atom unless the caller stops at the bracket. */
export const ATOM_CHAR = table((b) => isPrintable(b) && !ATOM_SPECIALS.has(b));
/** ASTRING-CHAR = ATOM-CHAR / resp-specials: mailbox names like `[Gmail]/Sent` need the `]`. */
export const ASTRING_CHAR = table((b) => ATOM_CHAR[b] === 1 || b === 0x5d);
/** tag = 1*<any ASTRING-CHAR except "+">: `+` would read as a continuation request. */
export const TAG_CHAR = table((b) => ASTRING_CHAR[b] === 1 && b !== 0x2b);
/** list-char = ATOM-CHAR / list-wildcards / resp-specials (LIST and LSUB patterns). */
export const LIST_CHAR = table((b) => ASTRING_CHAR[b] === 1 || b === 0x25 || b === 0x2a);
/** Characters of a sequence set or `$`, read as one run before it is parsed. */
export const SEQUENCE_CHAR = table(
  (b) => (b >= 0x30 && b <= 0x39) || b === 0x3a || b === 0x2a || b === 0x2c || b === 0x24,
);

/**
 * One argument of a command, as the generic reader sees it (ID parameters, extension parameters, tests).
 * Numbers stay atoms: only the command knows whether `7` is a number or a keyword.
 */
export type ArgumentValue =
  | { readonly type: 'atom'; readonly value: string }
  | { readonly type: 'nil' }
  | { readonly type: 'string'; readonly value: Buffer; readonly form: 'quoted' | 'literal' | 'literal8' }
  | { readonly type: 'list'; readonly items: readonly ArgumentValue[] };

/** Decimal digits only, as a number no greater than `max`; undefined for anything else (overflow included). */
export function parseDigits(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 16) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** Decimal digits only, as a bigint no greater than 2^63 - 1; undefined for anything else. */
export function parseDigits64(text: string): bigint | undefined {
  // 19 digits hold 2^63 - 1; leading zeros are legal (`number` is 1*DIGIT) but not unbounded.
  if (text.length === 0 || text.length > 24 || !/^[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= MAX_NUMBER64 ? value : undefined;
}

/** Client text to quote in an error: short (the input may be 64 KiB) and printable ASCII only. */
export function printable(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}...` : text;
  return shown.replace(/[^\x20-\x7e]/g, '?');
}

/** Up to 24 bytes of client input, printable ASCII only, to show in a BAD response. */
export function describeInput(bytes: Buffer, start: number): string {
  if (start >= bytes.length) return 'end of line';
  const end = Math.min(bytes.length, start + 24);
  let shown = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    shown += byte >= 0x20 && byte < DEL ? String.fromCharCode(byte) : '?';
  }
  return `"${shown}${end < bytes.length ? '...' : ''}"`;
}

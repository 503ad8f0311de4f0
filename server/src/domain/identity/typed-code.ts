// Short one-time codes people type (recovery codes, helpdesk activation codes): 12 characters of Crockford's
// base32 alphabet (no i, l, o, u), grouped by four: 60 random bits. Typing is forgiving: case, spaces and dashes
// (also the ones a phone keyboard substitutes) do not matter, and the letters Crockford leaves out are read as
// the digits they look like (o → 0, i and l → 1). Only a SHA-256 of the purpose, the account id and the code is
// kept: the account id salts it, so a copy of the database must be searched one account at a time.

import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 12;
const GROUP = 4;
/** Typed text longer than this is not a code (it would be 14 characters with its dashes). */
const MAX_TYPED_LENGTH = 64;

/** A new code in lower case, grouped for display. 256 is a multiple of 32, so `byte % 32` is even. */
export function newTypedCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  for (const [index, byte] of bytes.entries()) {
    if (index > 0 && index % GROUP === 0) code += '-';
    code += ALPHABET[byte % ALPHABET.length];
  }
  return code;
}

/** The code as hashed: lower case, no separators, look-alikes folded; undefined when it cannot be a code. */
export function normalizeTypedCode(typed: string): string | undefined {
  if (typed.length > MAX_TYPED_LENGTH) return undefined;
  const compact = typed
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  if (compact.length !== LENGTH) return undefined;
  for (const character of compact) if (!ALPHABET.includes(character)) return undefined;
  return compact;
}

/** The stored form of a code for one purpose and account. */
export function hashTypedCode(purpose: string, accountId: string, normalized: string): string {
  return createHash('sha256').update(`vercors-${purpose}\0${accountId}\0${normalized}`).digest('hex');
}

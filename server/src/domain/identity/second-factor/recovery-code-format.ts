// Recovery codes: 12 characters of Crockford's base32 alphabet (no i, l, o, u), shown in lower case as
// `xxxx-xxxx-xxxx`: 60 random bits each. Typing is forgiving: case, spaces and dashes do not matter, and the
// letters Crockford leaves out are read as the digits they look like (o → 0, i and l → 1).
// Only a SHA-256 of the account id and the code is kept. The account id salts it, so a stolen database must be
// searched one account at a time (2^60 / 10 tries each), not all accounts' codes at once.

import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 12;
const GROUP = 4;
/** Typed text longer than this is not a code (it would be 14 characters with its dashes). */
const MAX_TYPED_LENGTH = 64;

/** A new code, grouped for display. 256 is a multiple of 32, so `byte % 32` picks every character evenly. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  for (const [index, byte] of bytes.entries()) {
    if (index > 0 && index % GROUP === 0) code += '-';
    code += ALPHABET[byte % ALPHABET.length];
  }
  return code;
}

/** The code as hashed: lower case, no separators, look-alikes folded; undefined when it cannot be a code. */
export function normalizeRecoveryCode(typed: string): string | undefined {
  if (typed.length > MAX_TYPED_LENGTH) return undefined;
  const compact = typed
    .toLowerCase()
    // Dashes as typed, or as a phone's keyboard turns them into (‐ – — −).
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  if (compact.length !== LENGTH) return undefined;
  for (const character of compact) if (!ALPHABET.includes(character)) return undefined;
  return compact;
}

export function hashRecoveryCode(accountId: string, normalized: string): string {
  return createHash('sha256').update(`vercors-recovery-code\0${accountId}\0${normalized}`).digest('hex');
}

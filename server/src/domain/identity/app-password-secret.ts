// App password secrets: 16 lower-case letters shown as four groups (`abcd-efgh-jkmn-pqrs`), easy to type on a
// phone keyboard without switching to digits. The alphabet leaves out l and o (read as 1 and 0): 24 letters,
// so 16 of them carry 73 bits — far beyond online guessing, and beyond an offline search of the SHA-256 we keep.

import { createHash, randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz';
const LENGTH = 16;
const GROUP = 4;

/** A new secret, grouped for display; whoever types it may leave the dashes and spaces out. */
export function newAppPasswordSecret(): string {
  let secret = '';
  for (let index = 0; index < LENGTH; index++) {
    if (index > 0 && index % GROUP === 0) secret += '-';
    secret += ALPHABET[randomInt(ALPHABET.length)];
  }
  return secret;
}

/** The secret as stored (hashed): lower case, without separators; undefined when it cannot be one. */
export function normalizeAppPasswordSecret(typed: string): string | undefined {
  if (typed.length > 64) return undefined;
  const compact = typed.toLowerCase().replace(/[\s-]/g, '');
  if (compact.length !== LENGTH) return undefined;
  for (const letter of compact) if (!ALPHABET.includes(letter)) return undefined;
  return compact;
}

export function hashAppPasswordSecret(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex');
}

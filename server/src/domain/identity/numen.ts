// The NUMEN (numéro d'identification Éducation nationale): the 13-character identifier of every member of staff,
// "01 E 95 01234ABC" — the académie of registration (2 digits), the management system (a letter: G primary,
// E secondary public, P private, A administrative…), the year of entry (2 digits) and 8 characters (5 digits and
// 3 letters). The helpdesk asks for it as an identity check. It is confidential (CNIL), so only an argon2id
// hash of it is kept, like a password; and it is checked leniently: HR files and people write it with spaces,
// dashes or in lower case, and the structure has changed over the years, so any 13 letters and digits will do.
// Security: its random part is about 31 bits, so the hash slows an offline search down without making it
// impossible; online guessing is what numen-checks.ts throttles.

/** Typed text longer than this is not a NUMEN, whatever its separators. */
const MAX_TYPED_LENGTH = 64;
const NUMEN_LENGTH = 13;

/** The NUMEN as it is hashed (13 upper-case letters and digits), or undefined when `typed` cannot be one. */
export function normalizeNumen(typed: string): string | undefined {
  if (typed.length > MAX_TYPED_LENGTH) return undefined;
  // Spaces and dashes as typed or pasted (non-breaking spaces, a phone's typographic dashes).
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212.]/g, '');
  return compact.length === NUMEN_LENGTH && /^[0-9A-Z]+$/.test(compact) ? compact : undefined;
}

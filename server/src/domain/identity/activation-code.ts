// Activation codes: shown in upper case as `XXXX-XXXX-XXXX`, so they read well over the phone and do not look
// like a recovery code (lower case); typed-code.ts makes them (60 random bits, forgiving to type, stored only as
// a SHA-256 salted with the account id) — far beyond online guessing within a code's short life.

import { hashTypedCode, newTypedCode, normalizeTypedCode } from './typed-code.ts';

export function newActivationCode(): string {
  return newTypedCode().toUpperCase();
}

/** The code as hashed: upper case, no separators, look-alikes folded; undefined when it cannot be a code. */
export function normalizeActivationCode(typed: string): string | undefined {
  return normalizeTypedCode(typed)?.toUpperCase();
}

export function hashActivationCode(accountId: string, normalized: string): string {
  return hashTypedCode('activation-code', accountId, normalized);
}

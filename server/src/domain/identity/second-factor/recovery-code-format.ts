// Recovery codes: shown in lower case as `xxxx-xxxx-xxxx` (typed-code.ts: 60 random bits, forgiving to type,
// stored only as a SHA-256 salted with the account id).

import { hashTypedCode, newTypedCode, normalizeTypedCode } from '../typed-code.ts';

export const newRecoveryCode: () => string = newTypedCode;

/** The code as hashed: lower case, no separators, look-alikes folded; undefined when it cannot be a code. */
export const normalizeRecoveryCode: (typed: string) => string | undefined = normalizeTypedCode;

export function hashRecoveryCode(accountId: string, normalized: string): string {
  return hashTypedCode('recovery-code', accountId, normalized);
}

// The password policy: long enough, not absurdly long, not a common word stretched with digits, not the
// account's own name or address. Applied when a password is set, never when one is verified.

import { DomainError } from '#core/errors';
import { COMMON_PASSWORD_STEMS } from './common-passwords.ts';

/**
 * No one types more; beyond it a "password" is an attempt to make argon2 hash megabytes on our CPU.
 * Verification refuses longer input before hashing for the same reason.
 */
export const MAX_PASSWORD_LENGTH = 1024;

export interface PasswordContext {
  /** The account's address: its local part and domain label must not be the password's substance. */
  readonly email: string;
  readonly names?: readonly string[];
}

/**
 * NFC-normalise: the same password typed on a Mac (decomposed é) and on Windows (composed é) must hash the same.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Throws DomainError('invalid') with the reason when the password breaks the policy; returns it normalised. */
export function checkPasswordPolicy(password: string, minLength: number, context: PasswordContext): string {
  const refuse = (reason: string, extra: Record<string, number> = {}) =>
    new DomainError('invalid', `password refused: ${reason}`, {
      details: { subject: 'account', name: context.email, reason, ...extra },
    });
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length === 0) throw refuse('passwordEmpty');
  if (length < minLength) throw refuse('passwordTooShort', { min: minLength });
  if (length > MAX_PASSWORD_LENGTH) throw refuse('passwordTooLong', { max: MAX_PASSWORD_LENGTH });
  if (isTooCommon(normalized)) throw refuse('passwordTooCommon');
  if (isTooPersonal(normalized, context)) throw refuse('passwordTooPersonal');
  return normalized;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function isTooCommon(password: string): boolean {
  const folded = fold(password);
  const stem = folded.replace(/[^\p{L}]+$/u, '').replace(/^[^\p{L}]+/u, '');
  if (COMMON_PASSWORD_STEMS.has(folded) || COMMON_PASSWORD_STEMS.has(stem)) return true;
  // A handful of distinct characters ("aaaaaaaaaaaa", "abababababab") is guessed in seconds.
  if (new Set(folded).size < 4) return true;
  return isSequence(folded);
}

/** "abcdefghijkl", "123456789012", "987654321098": each character one step from the previous one. */
function isSequence(text: string): boolean {
  const codes = [...text].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set<number>();
  for (let i = 1; i < codes.length; i++) {
    const step = (codes[i] ?? 0) - (codes[i - 1] ?? 0);
    // 0→9 wraps back to 0 in keyboard runs like 1234567890.
    steps.add(step === -9 && text[i] === '0' ? 1 : step === 9 && text[i] === '9' ? -1 : step);
  }
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

function isTooPersonal(password: string, context: PasswordContext): boolean {
  const folded = fold(password).replace(/[^\p{L}\p{N}]/gu, '');
  const [localPart = '', domain = ''] = context.email.toLowerCase().split('@');
  const domainLabel = (domain.split('.')[0] ?? '').replace(/^ac-/, '');
  const words = [localPart, domainLabel, ...localPart.split(/[._-]/), ...(context.names ?? [])]
    .map((word) => fold(word).replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((word) => word.length >= 4);
  // Refused when a personal word is most of the password: "marie.martin2024" but not "Marie-aime-les-pivoines-bleues".
  return words.some((word) => folded.includes(word) && word.length * 2 >= folded.length);
}

// The password policy's refusals as the web endpoints answer them: each rule has its own message
// (web-auth-messages.ts) with the policy's bounds, for activation and for a password change alike.

import { DomainError } from '#core/errors';
import type { WebAuthMessage } from './web-auth-messages.ts';

const PASSWORD_REFUSALS = [
  'passwordEmpty',
  'passwordTooShort',
  'passwordTooLong',
  'passwordTooCommon',
  'passwordTooPersonal',
] as const satisfies readonly WebAuthMessage[];
export type PasswordRefusal = (typeof PASSWORD_REFUSALS)[number];

export interface WeakPassword {
  readonly reason: PasswordRefusal;
  readonly params: Readonly<Record<string, string | number>>;
}

/** The refusal when `error` is the policy refusing a new password; undefined for any other error. */
export function weakPasswordOf(error: unknown): WeakPassword | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const reason = error.details.reason;
  if (!(PASSWORD_REFUSALS as readonly unknown[]).includes(reason)) return undefined;
  const { min = '', max = '' } = error.details;
  return { reason: reason as PasswordRefusal, params: { min, max } };
}

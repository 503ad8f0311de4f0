// Why a second-factor operation was refused: one stable reason per case, each tied to the DomainError code the
// protocols already map (STYLE.md §3.6). The web app translates `details.reason`; details never hold a secret.

import type { FailureCode } from '@vercors/contract';
import { DomainError } from '#core/errors';

export const SECOND_FACTOR_REFUSALS = {
  /** The account id names no account. */
  accountNotFound: 'notFound',
  /** The factor id names none of the account's factors. */
  factorNotFound: 'notFound',
  /** The TOTP enrolment is unknown, expired or already confirmed. */
  enrolmentNotFound: 'notFound',
  /** The code typed to confirm a TOTP enrolment is not the one the secret gives now. */
  wrongCode: 'invalid',
  /** Empty, longer than SECOND_FACTOR_LIMITS.maxLabelLength, or with control characters. */
  invalidLabel: 'invalid',
  /** The account already has as many factors of this kind as allowed. */
  tooManyFactors: 'limit',
  /** Recovery codes back up a second factor: there must be one first. */
  noSecondFactor: 'invalid',
  /** The WebAuthn response is larger than its bound (refused before parsing). */
  responseTooBig: 'tooBig',
  /** The WebAuthn response is not the JSON a browser sends. */
  malformedResponse: 'invalid',
  /** The response answers no live challenge of this account: unknown, expired or already used. */
  challengeNotFound: 'invalid',
  /** The WebAuthn verification failed: origin, RP id, type, user presence, signature or algorithm. */
  ceremonyRefused: 'invalid',
  /** That credential is already registered (to this account or another). */
  credentialExists: 'exists',
} as const satisfies Record<string, FailureCode>;

export type SecondFactorRefusal = keyof typeof SECOND_FACTOR_REFUSALS;

export function secondFactorError(
  reason: SecondFactorRefusal,
  message: string,
  details: Record<string, string | number> = {},
): DomainError {
  return new DomainError(SECOND_FACTOR_REFUSALS[reason], message, {
    details: { subject: 'secondFactor', reason, ...details },
  });
}

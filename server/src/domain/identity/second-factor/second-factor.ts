// Second factors as the domain shows them (DESIGN.md §4): TOTP authenticator apps and WebAuthn passkeys, plus
// a set of single-use recovery codes. Secrets, codes and challenges never appear in these shapes.

import type { Clock } from '#core/clock';
import type { SecretBox } from '#core/secret-box';
import type { Logger } from '#core/log';
import type { Database } from '#store';

export const FACTOR_KINDS = ['totp', 'passkey'] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export interface SecondFactor {
  readonly id: string;
  readonly kind: FactorKind;
  /** The user's name for it ("téléphone", "clé USB"). */
  readonly label: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface SecondFactorList {
  /** Oldest first. */
  readonly factors: readonly SecondFactor[];
  /** Unused codes of the current set (0 when none was generated). */
  readonly recoveryCodesLeft: number;
}

/** Every bound of this module, each with its reason. */
export const SECOND_FACTOR_LIMITS = {
  /** TOTP apps per account: a phone and a spare, with room; more is a script, not a person. */
  maxTotpFactors: 5,
  /** Passkeys per account: phones, laptops and security keys of one person. */
  maxPasskeys: 10,
  /** Labels are shown in lists; a longer one is pasted text. */
  maxLabelLength: 64,
  /** Pending TOTP enrolments per account (a page opened twice, a second device): the oldest goes beyond. */
  maxPendingTotpEnrolments: 3,
  /** Time to scan the QR code and type the first code. */
  totpEnrolmentMs: 10 * 60_000,
  /** Live WebAuthn challenges per account and purpose (several tabs); the oldest goes beyond. */
  maxPendingChallenges: 5,
  /** A WebAuthn ceremony waits for a touch or a PIN, then expires (the options say 60 s to the browser). */
  challengeMs: 5 * 60_000,
  /**
   * JSON text of a registration response: with attestation "none" it is about 1 KiB; 32 KiB leaves room for
   * extensions and authenticators that send certificates anyway, and refuses megabytes before parsing.
   */
  maxRegistrationResponseChars: 32 * 1024,
  /** JSON text of an authentication response: about 1 KiB in practice. */
  maxAuthenticationResponseChars: 16 * 1024,
  /** Codes per generated recovery set. */
  recoveryCodes: 10,
} as const;

export interface SecondFactorDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** Seals TOTP seeds in the database (core/secret-box.ts). */
  readonly secrets: SecretBox;
}

/** The purpose TOTP seeds are sealed for: a sealed seed opens as nothing else. */
export const TOTP_SEED = 'totp-seed';

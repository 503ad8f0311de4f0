// TOTP (RFC 6238) through otpauth, with the parameters every authenticator app supports: HMAC-SHA-1, 6 digits,
// 30-second steps (Google Authenticator ignores anything else in the URI). Pure: no clock, no storage.

import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/**
 * Steps either side of the current one a code may come from: one covers a phone clock 30 s off and the time
 * taken to type (RFC 6238 §5.2 recommends at most one step of network delay).
 */
export const TOTP_WINDOW_STEPS = 1;
/** RFC 4226 §4 asks for at least 128 bits and recommends 160: the size of an HMAC-SHA-1 key. */
const SECRET_BYTES = 20;

/** A new random secret, base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI a QR code carries (Key Uri Format: issuer in the label and as a parameter). */
export function totpUri(secret: string, issuer: string, accountName: string): string {
  return new TOTP({
    issuer,
    label: accountName,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The RFC 6238 time step (T) at `nowMs`. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code as typed, without spaces ("123 456" is how apps show it); undefined when it cannot be a code. */
export function normalizeTotpCode(typed: string): string | undefined {
  if (typed.length > 32) return undefined;
  const code = typed.replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/**
 * The time step within the window around `nowMs` whose code is `code`, or undefined. Every step of the window is
 * computed and compared in constant time, so the timing tells nothing about which one matched.
 */
export function matchTotpStep(secret: string, code: string, nowMs: number): number | undefined {
  if (code.length !== TOTP_DIGITS) return undefined;
  const current = totpStep(nowMs);
  const key = Secret.fromBase32(secret);
  let matched: number | undefined;
  for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
    const expected = HOTP.generate({
      secret: key,
      algorithm: TOTP_ALGORITHM,
      digits: TOTP_DIGITS,
      counter: step,
    });
    // Both are 6 ASCII digits (normalizeTotpCode), so the buffers have the same length.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code))) matched = step;
  }
  return matched;
}

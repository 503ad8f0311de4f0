// Brute-force defence for protocol logins, SMTP AUTH and IMAP LOGIN/AUTHENTICATE alike (DESIGN.md §4
// "progressive lockout on every authentication path"), one instance per process shared by its listeners:
// failures are counted per client IP and per account name over 15 minutes. Each failure delays the next
// answer (0.5 s doubling, at most 8 s) so guessing is slow even below the lockout; past the lockout threshold
// every attempt from that IP, or for that account, is refused at once (SMTP 454, IMAP NO [UNAVAILABLE]) until
// the window slides. The per-account lockout lets an attacker lock a user out of protocol logins for a while;
// the threshold is set high enough that this takes deliberate effort, and the web login (with its second
// factor) is not affected.
// docs/decisions/0006-inbound-delivery-replies.md explains the choice.

import type { Clock } from '#core/clock';
import { createWindowCounter } from '#core/window-counter';

/** Remote addresses and login names tracked (memory bound per process; the oldest are forgotten first). */
export const MAX_TRACKED_LOGINS = 100_000;

/** Failures are remembered this long. */
export const AUTH_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failures from one IP before it is locked out: a phone with an old password fails a few times an hour. */
export const MAX_FAILURES_PER_IP = 20;
/** Failures for one account name (from anywhere) before it is locked out. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** First delay after a failure; doubles with each further failure. */
export const FIRST_FAILURE_DELAY_MS = 500;
export const MAX_FAILURE_DELAY_MS = 8_000;

export type LoginThrottleDecision =
  | { readonly isLocked: false; readonly delayMs: number }
  | { readonly isLocked: true; readonly scope: 'ip' | 'account' };

export interface LoginThrottle {
  /** Before checking a password: locked out, or how long to wait first. */
  check(ip: string, account: string): LoginThrottleDecision;
  recordFailure(ip: string, account: string): void;
  /** A success clears the account's failures (not the IP's: one right guess must not reset a scan). */
  recordSuccess(account: string): void;
}

export function createLoginThrottle(clock: Clock): LoginThrottle {
  const options = { windowMs: AUTH_FAILURE_WINDOW_MS, maxKeys: MAX_TRACKED_LOGINS, clock };
  const byIp = createWindowCounter(options);
  const byAccount = createWindowCounter(options);
  const accountKey = (account: string) => account.trim().toLowerCase();
  return {
    check(ip, account) {
      const ipFailures = byIp.count(ip);
      const accountFailures = byAccount.count(accountKey(account));
      if (ipFailures >= MAX_FAILURES_PER_IP) return { isLocked: true, scope: 'ip' };
      if (accountFailures >= MAX_FAILURES_PER_ACCOUNT) return { isLocked: true, scope: 'account' };
      const failures = Math.floor(Math.max(ipFailures, accountFailures));
      if (failures === 0) return { isLocked: false, delayMs: 0 };
      const delayMs = Math.min(FIRST_FAILURE_DELAY_MS * 2 ** (failures - 1), MAX_FAILURE_DELAY_MS);
      return { isLocked: false, delayMs };
    },
    recordFailure(ip, account) {
      byIp.add(ip);
      byAccount.add(accountKey(account));
    },
    recordSuccess(account) {
      byAccount.reset(accountKey(account));
    },
  };
}

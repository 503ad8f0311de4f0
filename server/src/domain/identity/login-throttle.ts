// Brute-force defence for protocol logins, SMTP AUTH and IMAP LOGIN/AUTHENTICATE alike (DESIGN.md §4
// "progressive lockout on every authentication path"), one instance per process shared by its listeners:
// failures are counted per client IP and per account name over 15 minutes. Each failure delays the next
// answer (0.5 s doubling, at most 8 s) so guessing is slow even below the lockout; past the lockout threshold
// every attempt from that IP, or for that account, is refused at once (SMTP 454, IMAP NO [UNAVAILABLE]) until
// the window slides. So that an attacker cannot lock a real user out from elsewhere, the per-account lockout
// spares the addresses that account last logged in from (a few per account, for KNOWN_ADDRESS_MS): the
// teacher's phone at home or the school's network keep working while a stranger guessing the password is
// refused; the per-IP limit still applies to those addresses, so a known address gains no extra guesses.
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
/** How long a successful login makes its address known to the account (spared by the account lockout). */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
/** Addresses remembered per account: a phone, a laptop, home and school, with room to spare. */
export const MAX_KNOWN_ADDRESSES = 8;

export type LoginThrottleDecision =
  | { readonly isLocked: false; readonly delayMs: number }
  | { readonly isLocked: true; readonly scope: 'ip' | 'account' };

export interface LoginThrottle {
  /** Before checking a password: locked out, or how long to wait first. */
  check(ip: string, account: string): LoginThrottleDecision;
  recordFailure(ip: string, account: string): void;
  /**
   * A success clears the account's failures (not the IP's: one right guess must not reset a scan) and makes
   * `ip` known to the account, so the account lockout spares it.
   */
  recordSuccess(ip: string, account: string): void;
}

export function createLoginThrottle(clock: Clock): LoginThrottle {
  const options = { windowMs: AUTH_FAILURE_WINDOW_MS, maxKeys: MAX_TRACKED_LOGINS, clock };
  const byIp = createWindowCounter(options);
  const byAccount = createWindowCounter(options);
  const accountKey = (account: string) => account.trim().toLowerCase();
  // account → (address → last success), least recently used account first; bounded like the counters.
  const knownAddresses = new Map<string, Map<string, number>>();
  const isKnown = (ip: string, key: string) => {
    const seenAt = knownAddresses.get(key)?.get(ip);
    return seenAt !== undefined && clock.nowMs() - seenAt < KNOWN_ADDRESS_MS;
  };
  const remember = (ip: string, key: string) => {
    const addresses = knownAddresses.get(key) ?? new Map<string, number>();
    addresses.delete(ip);
    addresses.set(ip, clock.nowMs());
    while (addresses.size > MAX_KNOWN_ADDRESSES) addresses.delete(addresses.keys().next().value ?? ip);
    knownAddresses.delete(key);
    knownAddresses.set(key, addresses);
    while (knownAddresses.size > MAX_TRACKED_LOGINS) {
      const oldest = knownAddresses.keys().next().value;
      if (oldest === undefined) break;
      knownAddresses.delete(oldest);
    }
  };
  return {
    check(ip, account) {
      const key = accountKey(account);
      const ipFailures = byIp.count(ip);
      if (ipFailures >= MAX_FAILURES_PER_IP) return { isLocked: true, scope: 'ip' };
      // From a known address only that address's own failures count: the account's come from elsewhere.
      const accountFailures = isKnown(ip, key) ? 0 : byAccount.count(key);
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
    recordSuccess(ip, account) {
      const key = accountKey(account);
      byAccount.reset(key);
      remember(ip, key);
    },
  };
}

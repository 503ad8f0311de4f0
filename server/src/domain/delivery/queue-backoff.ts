// When a deferred recipient is tried again: exponential backoff (5m, 10m, 20m … up to the maximum), never past
// the message's queue lifetime, at which point the last attempt's failure becomes a bounce.

import assert from 'node:assert/strict';

export interface RetrySchedule {
  /** Wait after the first failed attempt. */
  readonly retryMinimum: number;
  /** Ceiling of any wait. */
  readonly retryMaximum: number;
  /** How long a message may stay queued, from its arrival. */
  readonly lifetime: number;
}

/** The wait after `attempts` failed attempts (1 → minimum, 2 → twice that, …), capped at the maximum. */
export function retryDelay(attempts: number, schedule: RetrySchedule): number {
  assert(Number.isInteger(attempts) && attempts >= 1, 'a retry follows at least one attempt');
  // 2^30 minimum waits exceed any maximum; stopping the exponent there keeps the arithmetic finite.
  const doublings = Math.min(attempts - 1, 30);
  return Math.min(schedule.retryMinimum * 2 ** doublings, schedule.retryMaximum);
}

export type RetryDecision =
  | { readonly kind: 'retry'; readonly at: number }
  /** The lifetime is over: the failure is final. */
  | { readonly kind: 'expired' };

/**
 * After a temporary failure at `now`: retry at now + backoff, or at the expiry time when that comes first (so
 * the last attempt happens just as the lifetime ends), or give up when the lifetime is already over.
 */
export function decideRetry(
  attempts: number,
  createdAt: number,
  now: number,
  schedule: RetrySchedule,
): RetryDecision {
  const expiresAt = createdAt + schedule.lifetime;
  if (now >= expiresAt) return { kind: 'expired' };
  return { kind: 'retry', at: Math.min(now + retryDelay(attempts, schedule), expiresAt) };
}

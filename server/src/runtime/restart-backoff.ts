// How long the primary waits before forking a crashed worker again: doubling from a short delay, capped,
// so a crash loop neither spins the CPU nor leaves a slot empty for long once the cause is gone.

/** First restart: quick, a one-off crash should cost users almost nothing. */
export const FIRST_RESTART_DELAY_MS = 250;
/** Ceiling: a worker that keeps crashing (database down) is retried at least twice a minute. */
export const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that ran this long is healthy again: its next crash starts the backoff from the beginning. */
export const STABLE_RUN_MS = 60_000;
/** Before the node ever became ready, this many crashes in a row of one slot mean it cannot start at all. */
export const MAX_STARTUP_FAILURES = 5;

/** The delay before restart number `failures` (1 for the first crash in a row). */
export function restartDelayMs(failures: number): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** exponent, MAX_RESTART_DELAY_MS);
}

/** The crash count in a row after a worker that ran `ranMs` exited. */
export function nextFailureCount(previous: number, ranMs: number): number {
  return ranMs >= STABLE_RUN_MS ? 1 : previous + 1;
}

// Identifiers: short, URL-safe, unguessable. JMAP ids must match [A-Za-z0-9_-]{1,255}.

import { randomBytes, randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
/**
 * Random bytes for this many ids, filled from the CSPRNG at once: every delivered message takes a few ids,
 * and one randomBytes() call per id (a Buffer each) cost thirty times what slicing a filled pool does. Each
 * slice is used once; a worker process or thread has a pool of its own.
 */
const POOL_IDS = 512;
const pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
let poolOffset = pool.length;

/** A new random id, 16 URL-safe characters (96 bits), with a one-letter type prefix for readability in logs. */
export function newId(prefix: string): string {
  return prefix + randomChars(ID_BYTES);
}

/** The 64 characters JMAP allows in an id, in their byte order, so a number written with them sorts as it. */
const ORDERED_DIGITS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Characters of the creation time: 8 × 6 bits hold milliseconds since 1970 until the year 10889. */
const TIME_DIGITS = 8;
/** Random bytes after the time: two ids made in the same millisecond are equal with a probability of 2^-48. */
const TIME_ORDERED_RANDOM_BYTES = 6;

/**
 * A new id that sorts after the ids made before it (to the millisecond, across processes sharing a clock):
 * the creation time in 8 order-preserving characters, then 48 random bits, 16 characters in all like newId's.
 * For rows written at a high rate and indexed by id (emails, threads): a new row lands at the end of each
 * index on its id instead of on a random page, so a batch of deliveries shares index pages and their
 * write-ahead log frames (bench/README.md, "Time-ordered ids"), and recent mail stays together in the file.
 * The time is not a secret (an email's arrival date is in it anyway); authorisation never rests on an id.
 */
export function newTimeOrderedId(prefix: string, nowMs: number = Date.now()): string {
  let time = Math.max(0, Math.floor(nowMs));
  let digits = '';
  for (let index = 0; index < TIME_DIGITS; index++) {
    digits = (ORDERED_DIGITS[time % 64] as string) + digits;
    time = Math.floor(time / 64);
  }
  return prefix + digits + randomChars(TIME_ORDERED_RANDOM_BYTES);
}

/** `bytes` random bytes from the pool (refilled when it runs out), as URL-safe base64. */
function randomChars(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const chars = pool.toString('base64url', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return chars;
}

/** A random incident id shown to users with an internal error, and logged with its stack. */
export function newIncidentId(): string {
  return randomBytes(6).toString('hex');
}

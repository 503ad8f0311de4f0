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
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return prefix + id;
}

/** A random incident id shown to users with an internal error, and logged with its stack. */
export function newIncidentId(): string {
  return randomBytes(6).toString('hex');
}

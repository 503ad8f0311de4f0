// Identifiers: short, URL-safe, unguessable. JMAP ids must match [A-Za-z0-9_-]{1,255}.

import { randomBytes } from 'node:crypto';

const ID_BYTES = 12;

/** A new random id, 16 URL-safe characters (96 bits), with a one-letter type prefix for readability in logs. */
export function newId(prefix: string): string {
  return prefix + randomBytes(ID_BYTES).toString('base64url');
}

/** A random incident id shown to users with an internal error, and logged with its stack. */
export function newIncidentId(): string {
  return randomBytes(6).toString('hex');
}

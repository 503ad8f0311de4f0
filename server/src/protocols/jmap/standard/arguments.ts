// Argument schemas every standard method shares (RFC 8620 §5): ids, accountId, properties, states. Unknown
// arguments are refused (strict objects), as RFC 8620 §3.6.2 asks (invalidArguments).

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { JMAP_CORE_LIMITS, MAX_ID_LENGTH } from '../jmap-limits.ts';
import { MethodError } from '../method-error.ts';
import type { MethodContext } from '../method-context.ts';

/** RFC 8620 §1.2: 1–255 characters of the URL-safe base64 alphabet. */
export const jmapId = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id is made of A–Z, a–z, 0–9, - and _');

/** An id, or `#creationId` naming an object created earlier in the same request. */
export const idOrCreationReference = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH + 1)
  .regex(/^#?[A-Za-z0-9_-]+$/, 'an id is made of A–Z, a–z, 0–9, - and _');

export const unsignedInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const positiveInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const getArguments = z.strictObject({
  accountId: jmapId,
  ids: z.array(jmapId).max(JMAP_CORE_LIMITS.maxObjectsInGet).nullable().optional(),
  properties: z.array(z.string().max(MAX_ID_LENGTH)).max(256).nullable().optional(),
});

export const changesArguments = z.strictObject({
  accountId: jmapId,
  sinceState: z.string().max(64),
  maxChanges: positiveInt.nullable().optional(),
});

/** The account a call names: only the user's own for now (shared accounts come with delegation). */
export function requireAccount(accountId: string, context: MethodContext): string {
  if (accountId !== context.principal.accountId)
    throw new MethodError('accountNotFound', `no account ${accountId} for this user`);
  return accountId;
}

/** The capability of every mail method. */
export const MAIL = JMAP_CAPABILITIES.mail;

/** A state as the domain counts it: the decimal modseq a state string holds, or undefined. */
export function parseState(state: string): number | undefined {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(state)) return undefined;
  const value = Number(state);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The properties a /get returns: all of `known` when the client gave none, else exactly its list with `id`
 * added. An unknown property is invalidArguments (RFC 8620 §5.1).
 */
export function selectProperties(
  asked: readonly string[] | null | undefined,
  known: readonly string[],
): readonly string[] {
  if (asked === null || asked === undefined) return known;
  const unknown = asked.filter((property) => !known.includes(property));
  if (unknown.length > 0)
    throw new MethodError('invalidArguments', `unknown properties: ${unknown.join(', ')}`);
  return asked.includes('id') ? asked : ['id', ...asked];
}

/** Only the chosen properties of an object, in the order asked. */
export function pick(
  object: Readonly<Record<string, unknown>>,
  properties: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const property of properties) picked[property] = object[property];
  return picked;
}

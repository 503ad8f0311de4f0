// What every Foo/set shares (RFC 8620 §5.3): the arguments' shape, the bound on objects per call, the
// ifInState check against the type's state, and empty result maps written as null.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import type { MailType } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import type { MethodContext } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId } from './arguments.ts';

export const setArguments = {
  accountId: jmapId,
  ifInState: z.string().max(64).nullable().optional(),
  create: z.record(jmapId, z.record(z.string(), z.unknown())).nullable().optional(),
  update: z.record(jmapId, z.record(z.string(), z.unknown())).nullable().optional(),
  destroy: z.array(jmapId).nullable().optional(),
};

interface SetOperations {
  readonly ifInState?: string | null | undefined;
  readonly create?: Readonly<Record<string, unknown>> | null | undefined;
  readonly update?: Readonly<Record<string, unknown>> | null | undefined;
  readonly destroy?: readonly string[] | null | undefined;
}

/**
 * The type's state before the call (the response's oldState), once the call is known to be within
 * maxObjectsInSet and, when it gave ifInState, to start from that very state (else stateMismatch).
 */
export async function startSet(
  args: SetOperations,
  type: MailType,
  accountId: string,
  context: MethodContext,
): Promise<string> {
  return startSetFrom(args, type, async () => String(await context.services.mail.state(accountId, type)));
}

/** startSet for any type, its state read by `readState` (the contacts types read theirs elsewhere). */
export async function startSetFrom(
  args: SetOperations,
  type: string,
  readState: () => Promise<string>,
): Promise<string> {
  const operations =
    Object.keys(args.create ?? {}).length +
    Object.keys(args.update ?? {}).length +
    (args.destroy?.length ?? 0);
  if (operations > JMAP_CORE_LIMITS.maxObjectsInSet)
    throw new MethodError('requestTooLarge', `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} objects per /set`);
  const oldState = await readState();
  if (args.ifInState !== null && args.ifInState !== undefined && args.ifInState !== oldState)
    throw new MethodError('stateMismatch', `the ${type} state is ${oldState}, not ${args.ifInState}`);
  return oldState;
}

/** A /set result map, or null when it is empty (RFC 8620 §5.3). */
export function orNull<T>(record: Record<string, T>): Record<string, T> | null {
  return Object.keys(record).length > 0 ? record : null;
}

/** A refusal of one object naming the properties it is about: applySet makes it invalidProperties. */
export class InvalidProperties extends Error {
  readonly properties: readonly string[];
  constructor(properties: readonly string[], description: string) {
    super(description);
    this.properties = properties;
  }
}

/** A patch that points inside a property (RFC 8620 §5.3) where every property is replaced whole. */
export class InvalidPatch extends Error {}

/** How one /set handles each kind of object operation; a throw becomes that object's SetError. */
export interface SetHandlers {
  /** Creates one object, records its creation id, and returns what the response shows of it. */
  create(creationId: string, input: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
  /** Updates one object; returns the properties the server changed beyond the patch, or null. */
  update(id: string, patch: Readonly<Record<string, unknown>>): Promise<Record<string, unknown> | null>;
  destroy(id: string): Promise<void>;
  /**
   * The SetError for what one operation threw (InvalidProperties and InvalidPatch aside), given its input
   * (empty for a destroy).
   */
  refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError;
}

function refusalOf(
  handlers: SetHandlers,
  error: unknown,
  input: Readonly<Record<string, unknown>>,
): JmapSetError {
  if (error instanceof InvalidProperties)
    return { type: 'invalidProperties', description: error.message, properties: error.properties };
  if (error instanceof InvalidPatch) return { type: 'invalidPatch', description: error.message };
  return handlers.refusal(error, input);
}

/**
 * Creates, then updates, then destroys (RFC 8620 §5.3), each object on its own: one refusal never stops the
 * others. The result maps as the response writes them (empty ones null).
 */
export async function applySet(args: SetOperations, handlers: SetHandlers) {
  const created: Record<string, unknown> = {};
  const notCreated: Record<string, JmapSetError> = {};
  for (const [creationId, input] of Object.entries(args.create ?? {}) as [
    string,
    Record<string, unknown>,
  ][]) {
    try {
      created[creationId] = await handlers.create(creationId, input);
    } catch (error) {
      notCreated[creationId] = refusalOf(handlers, error, input);
    }
  }
  const updated: Record<string, Record<string, unknown> | null> = {};
  const notUpdated: Record<string, JmapSetError> = {};
  for (const [id, patch] of Object.entries(args.update ?? {}) as [string, Record<string, unknown>][]) {
    try {
      updated[id] = await handlers.update(id, patch);
    } catch (error) {
      notUpdated[id] = refusalOf(handlers, error, patch);
    }
  }
  const destroyed: string[] = [];
  const notDestroyed: Record<string, JmapSetError> = {};
  for (const id of new Set(args.destroy ?? [])) {
    try {
      await handlers.destroy(id);
      destroyed.push(id);
    } catch (error) {
      notDestroyed[id] = refusalOf(handlers, error, {});
    }
  }
  return {
    created: orNull(created),
    updated: orNull(updated),
    destroyed: destroyed.length > 0 ? destroyed : null,
    notCreated: orNull(notCreated),
    notUpdated: orNull(notUpdated),
    notDestroyed: orNull(notDestroyed),
  };
}

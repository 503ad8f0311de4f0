// What every Foo/set shares (RFC 8620 §5.3): the arguments' shape, the bound on objects per call, the
// ifInState check against the type's state, and empty result maps written as null.

import { z } from 'zod';
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
  const operations =
    Object.keys(args.create ?? {}).length +
    Object.keys(args.update ?? {}).length +
    (args.destroy?.length ?? 0);
  if (operations > JMAP_CORE_LIMITS.maxObjectsInSet)
    throw new MethodError('requestTooLarge', `at most ${JMAP_CORE_LIMITS.maxObjectsInSet} objects per /set`);
  const oldState = String(await context.services.mail.state(accountId, type));
  if (args.ifInState !== null && args.ifInState !== undefined && args.ifInState !== oldState)
    throw new MethodError('stateMismatch', `the ${type} state is ${oldState}, not ${args.ifInState}`);
  return oldState;
}

/** A /set result map, or null when it is empty (RFC 8620 §5.3). */
export function orNull<T>(record: Record<string, T>): Record<string, T> | null {
  return Object.keys(record).length > 0 ? record : null;
}

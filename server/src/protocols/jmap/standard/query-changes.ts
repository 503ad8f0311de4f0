// Foo/queryChanges (RFC 8620 §5.6), the two ways Vercors answers it:
// - exact, for the types whose query state is their object state (ReplyTemplate, ContactCard): the change log
//   says which objects changed since the client's state; each one updated or destroyed is removed, and each
//   one created or updated that is in the results now is added back at its index. upToId is ignored (the sort
//   properties are mutable). More than MAX_CHANGES changes, or a state the account never had, is
//   cannotCalculateChanges; more than maxChanges, tooManyChanges;
// - recalculated, for the types whose /query says canCalculateChanges false (Mailbox, EmailSubmission): their
//   lists are short, so every call with valid arguments is cannotCalculateChanges and the client queries again.

import { z } from 'zod';
import { defineMethod, type MethodDefinition } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, parseState, requireAccount, unsignedInt } from './arguments.ts';
import { MAX_CHANGES, type TypeChanges } from './changes.ts';

const queryChangesArguments = {
  accountId: jmapId,
  filter: z.unknown().optional(),
  sort: z.unknown().optional(),
  sinceQueryState: z.string().max(64),
  maxChanges: unsignedInt.nullable().optional(),
  upToId: jmapId.nullable().optional(),
  calculateTotal: z.boolean().optional(),
};

/** The queryChanges of a type whose queries are recalculated; `extra` are its own /query arguments. */
export function recalculatedQueryChanges(
  capability: string,
  what: string,
  extra: Readonly<Record<string, z.ZodType>> = {},
): MethodDefinition {
  return defineMethod({
    capability,
    schema: z.strictObject({ ...queryChangesArguments, ...extra }),
    run(args, context) {
      requireAccount(args.accountId, context);
      return Promise.reject(
        new MethodError(
          'cannotCalculateChanges',
          `${what} queries are recalculated, not updated: query again`,
        ),
      );
    },
  });
}

interface ExactQueryChangesArguments {
  readonly accountId: string;
  readonly sinceQueryState: string;
  readonly maxChanges?: number | null | undefined;
  readonly calculateTotal?: boolean | undefined;
}

/**
 * The answer of an exact queryChanges. `state` is the type's state read before the list `ids` (the query's
 * results now), so a change after it is reported again next time (harmless), never lost; `read` gives the
 * changes since a state.
 */
export async function exactQueryChanges(
  args: ExactQueryChangesArguments,
  state: number,
  ids: readonly string[],
  read: (since: number, maxChanges: number) => Promise<TypeChanges>,
): Promise<Record<string, unknown>> {
  const since = parseState(args.sinceQueryState);
  if (since === undefined || since > state)
    throw new MethodError(
      'cannotCalculateChanges',
      `${args.sinceQueryState} is not a query state of this server`,
    );
  const changes = await read(since, MAX_CHANGES);
  if (changes.hasMoreChanges)
    throw new MethodError('cannotCalculateChanges', `more than ${MAX_CHANGES} changes: query again`);
  const removed = [...changes.updated, ...changes.destroyed];
  const touched = new Set([...changes.created, ...changes.updated]);
  const added = ids.flatMap((id, index) => (touched.has(id) ? [{ id, index }] : []));
  const maxChanges = args.maxChanges ?? undefined;
  if (maxChanges !== undefined && removed.length + added.length > maxChanges)
    throw new MethodError('tooManyChanges', `${removed.length + added.length} changes, more than maxChanges`);
  return {
    accountId: args.accountId,
    oldQueryState: args.sinceQueryState,
    newQueryState: String(state),
    ...(args.calculateTotal === true ? { total: ids.length } : {}),
    removed,
    added,
  };
}

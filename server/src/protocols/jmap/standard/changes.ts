// Foo/changes (RFC 8620 §5.2), read from the change log through the mail service or another module's reader. A state
// the server cannot read, or one from before the log's pruning horizon, is cannotCalculateChanges.

import type { MailType } from '#domain/mail';
import { MethodError } from '../method-error.ts';
import type { MethodContext } from '../method-context.ts';
import { parseState, requireAccount } from './arguments.ts';

/** Changes per call when the client sets no maxChanges, and the most it may ask for. */
export const MAX_CHANGES = 5000;

export async function mailChangesResponse(
  type: MailType,
  args: ChangesArguments,
  context: MethodContext,
): Promise<Record<string, unknown>> {
  return changesResponse(type, args, context, (accountId, since, maxChanges) =>
    context.services.mail.changes(accountId, type, since, maxChanges),
  );
}

type ChangesArguments = { accountId: string; sinceState: string; maxChanges?: number | null | undefined };

/** What a /changes reads: the ids created, updated and destroyed since a modseq, from the change log. */
export interface TypeChanges {
  readonly newModseq: number;
  readonly hasMoreChanges: boolean;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly destroyed: readonly string[];
}

/** Foo/changes for any type whose changes `read` returns (mail's, the contacts module's). */
export async function changesResponse(
  type: string,
  args: ChangesArguments,
  context: MethodContext,
  read: (accountId: string, since: number, maxChanges: number) => Promise<TypeChanges>,
): Promise<Record<string, unknown>> {
  const accountId = requireAccount(args.accountId, context);
  const since = parseState(args.sinceState);
  if (since === undefined)
    throw new MethodError(
      'cannotCalculateChanges',
      `${args.sinceState} is not a ${type} state of this server`,
    );
  const maxChanges = Math.min(args.maxChanges ?? MAX_CHANGES, MAX_CHANGES);
  const changes = await read(accountId, since, maxChanges);
  return {
    accountId,
    oldState: args.sinceState,
    newState: String(changes.newModseq),
    hasMoreChanges: changes.hasMoreChanges,
    created: changes.created,
    updated: changes.updated,
    destroyed: changes.destroyed,
  };
}

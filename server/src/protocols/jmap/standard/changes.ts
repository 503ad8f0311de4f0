// Foo/changes for the mail types (RFC 8620 §5.2), read from the change log through the mail service. A state
// the server cannot read, or one from before the log's pruning horizon, is cannotCalculateChanges.

import type { MailType } from '#domain/mail';
import { MethodError } from '../method-error.ts';
import type { MethodContext } from '../method-context.ts';
import { parseState, requireAccount } from './arguments.ts';

/** Changes per call when the client sets no maxChanges, and the most it may ask for. */
export const MAX_CHANGES = 5000;

export async function mailChangesResponse(
  type: MailType,
  args: { accountId: string; sinceState: string; maxChanges?: number | null | undefined },
  context: MethodContext,
): Promise<Record<string, unknown>> {
  const accountId = requireAccount(args.accountId, context);
  const since = parseState(args.sinceState);
  if (since === undefined)
    throw new MethodError(
      'cannotCalculateChanges',
      `${args.sinceState} is not a ${type} state of this server`,
    );
  const maxChanges = Math.min(args.maxChanges ?? MAX_CHANGES, MAX_CHANGES);
  const changes = await context.services.mail.changes(accountId, type, since, maxChanges);
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

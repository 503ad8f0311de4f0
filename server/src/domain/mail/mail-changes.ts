// JMAP Mailbox/changes, Email/changes, Thread/changes, Identity/changes, EmailSubmission/changes and their
// `state`, read from the one change log (DATA-MODEL.md §1) so protocols never touch it directly. A state is the account modseq as a
// decimal string.
// Once the pruning job has removed what a state would need (a destroyed object's last row), changes since it
// are refused with cannotCalculateChanges and the client resyncs.

import { objectState, readObjectChanges, type ObjectChanges } from '#store';
import type { MailContext } from './mail-context.ts';
import { cannotCalculateChanges, invalid } from './mail-errors.ts';

/**
 * The JMAP types whose state and changes are read here (Identity: sending identities, RFC 8621 §6;
 * EmailSubmission and VacationResponse: what #domain/submission and #domain/vacation keep, RFC 8621 §7 and §8,
 * in the same log; Signature and ReplyTemplate: urn:vercors:jmap's, docs/jmap.md).
 */
export const MAIL_TYPES = [
  'Mailbox',
  'Email',
  'Thread',
  'Identity',
  'EmailSubmission',
  'VacationResponse',
  'Signature',
  'ReplyTemplate',
] as const;
export type MailType = (typeof MAIL_TYPES)[number];

/** `newModseq`: the modseq to ask from next time (the newest row returned, or `sinceModseq` when none). */
export type MailChanges = ObjectChanges;

/**
 * The highest modseq of a change of this type (JMAP `state`), or its pruned horizon if higher; 0 before any.
 * Any type of the log, for the mail module's own derived states (quota-resources.ts reads 'Quota').
 */
export async function mailState(context: MailContext, accountId: string, type: string): Promise<number> {
  return objectState(context.database.db, accountId, type);
}

/**
 * Objects of `type` created, updated or destroyed after `sinceModseq`, each once (created then destroyed within
 * the window is left out; created then updated is created), at most about `maxChanges` rows of log per call:
 * a page never splits one modseq. Refused with cannotCalculateChanges below the type's pruned horizon.
 */
export async function mailChanges(
  context: MailContext,
  accountId: string,
  type: MailType,
  sinceModseq: number,
  maxChanges: number,
): Promise<MailChanges> {
  if (!Number.isSafeInteger(sinceModseq) || sinceModseq < 0)
    throw invalid('email', String(sinceModseq), 'invalidState');
  if (!Number.isSafeInteger(maxChanges) || maxChanges < 1)
    throw invalid('email', String(maxChanges), 'invalidMaxChanges');
  const read = await readObjectChanges(context.database.db, accountId, type, sinceModseq, maxChanges);
  if (read.isPruned) throw cannotCalculateChanges(type, sinceModseq, read.prunedModseq);
  const { newModseq, hasMoreChanges, created, updated, destroyed } = read;
  return { newModseq, hasMoreChanges, created, updated, destroyed };
}

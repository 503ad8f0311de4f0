// The mailbox-list response shared by LIST and LSUB (RFC 9051 §7.3.1, RFC 5258 §4):
// `* LIST (attributes) "/" name [(extended data)]`, the name as this client reads it: modified UTF-7 for an
// IMAP4rev1 client, UTF-8 once it enabled IMAP4rev2 or UTF8=ACCEPT.

import type { CommandSession } from './command.ts';
import type { MailboxNames, NamedMailbox } from './mailbox-names.ts';
import { HIERARCHY_DELIMITER } from './session-limits.ts';
import { encodeMailboxName } from './wire/mailbox-name.ts';

/** Mailbox lookups up the tree: the store's depth limit is 32; this only guards against a corrupt tree. */
const MAX_ANCESTORS = 64;

export interface ListLine {
  readonly verb: 'LIST' | 'LSUB';
  readonly attributes: readonly string[];
  /** Full IMAP name, UTF-8 (MailboxNames). */
  readonly name: string;
  /** CHILDINFO (RFC 5258 §4): the selection criteria some descendant meets though this mailbox may not. */
  readonly childInfo?: readonly string[];
}

export async function sendListLine(session: CommandSession, line: ListLine): Promise<void> {
  const writer = session
    .writer()
    .untagged()
    .atom(line.verb)
    .atomList(line.attributes)
    .string(HIERARCHY_DELIMITER)
    .astring(encodeMailboxName(line.name, session));
  if (line.childInfo !== undefined && line.childInfo.length > 0) {
    writer.openList().string('CHILDINFO').openList();
    for (const criterion of line.childInfo) writer.string(criterion);
    writer.closeList().closeList();
  }
  await session.send(writer.endLine().finish());
}

/** The answer to an empty pattern: the delimiter and the (empty) root of our single namespace. */
export function sendDelimiterLine(session: CommandSession, verb: 'LIST' | 'LSUB'): Promise<void> {
  return sendListLine(session, { verb, attributes: ['\\Noselect'], name: '' });
}

/**
 * Ids of every ancestor of `mailboxes` (RECURSIVEMATCH's CHILDINFO, LSUB's \Noselect parents): one walk up
 * per mailbox, stopping where an earlier walk passed, so the whole set costs one step per mailbox.
 */
export function ancestorIds(names: MailboxNames, mailboxes: readonly NamedMailbox[]): Set<string> {
  const ancestors = new Set<string>();
  for (const named of mailboxes) {
    let parentId = named.mailbox.parentId;
    for (let depth = 0; parentId !== null && depth < MAX_ANCESTORS && !ancestors.has(parentId); depth++) {
      ancestors.add(parentId);
      parentId = names.byId(parentId)?.mailbox.parentId ?? null;
    }
  }
  return ancestors;
}

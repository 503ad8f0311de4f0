// Mailbox names a client sends to the mailbox commands, and the levels CREATE and RENAME make on the way
// (RFC 9051 §6.3.4: "the server SHOULD create any superior hierarchical names that are needed").
// Security: a name is decoded strictly (wire/mailbox-name-utf7.ts), NFC-normalised as the store keeps names,
// split on the delimiter and checked part by part (isValidNamePart) before anything is created; the depth is
// bounded by the store's own limit, checked here first so that no level is made for a name that will fail.

import { MAIL_LIMITS } from '#domain/mail';
import { no, type CommandResult, type CommandSession } from './command.ts';
import { isValidNamePart, type MailboxNames } from './mailbox-names.ts';
import { HIERARCHY_DELIMITER } from './session-limits.ts';
import type { ArgumentCursor } from './wire/argument-cursor.ts';
import { normalizeInboxName } from './wire/mailbox-name.ts';

/** A mailbox argument as the full UTF-8 name MailboxNames uses: decoded, NFC, `inbox/x` read as `INBOX/x`. */
export function readMailboxName(
  cursor: ArgumentCursor,
  session: CommandSession,
  what = 'Mailbox name',
): string {
  const name = session.decodeName(cursor.expectMailbox(what)).normalize('NFC');
  return normalizeInboxName(name, HIERARCHY_DELIMITER);
}

export type NewName =
  | { readonly parts: readonly string[]; readonly name: string }
  | { readonly refusal: CommandResult };

/**
 * The levels of a name to create: one trailing delimiter is allowed (RFC 9051 §6.3.4: the client means to
 * create children under it) and dropped; every part must be a valid name part.
 */
export function splitNewName(name: string): NewName {
  const clean = name.endsWith(HIERARCHY_DELIMITER) ? name.slice(0, -1) : name;
  const parts = clean.split(HIERARCHY_DELIMITER);
  if (parts.length > MAIL_LIMITS.maxMailboxDepth) {
    return { refusal: no(`At most ${MAIL_LIMITS.maxMailboxDepth} levels of mailboxes`, { name: 'LIMIT' }) };
  }
  if (!parts.every(isValidNamePart)) {
    return {
      refusal: no('Invalid mailbox name: empty level, control character or surrounding space', {
        name: 'CANNOT',
      }),
    };
  }
  return { parts, name: parts.join(HIERARCHY_DELIMITER) };
}

/**
 * The id of the mailbox that will hold the last part (null at the root), creating the missing levels above it
 * as plain subscribed mailboxes. `INBOX` as the first part is the inbox (MailboxNames.find folds its case).
 */
export async function createParents(
  session: CommandSession,
  accountId: string,
  names: MailboxNames,
  parts: readonly string[],
): Promise<string | null> {
  let parentId: string | null = null;
  for (let level = 1; level < parts.length; level++) {
    const existing = names.find(parts.slice(0, level).join(HIERARCHY_DELIMITER));
    if (existing !== undefined) {
      parentId = existing.mailbox.id;
      continue;
    }
    const name = parts[level - 1] ?? '';
    const created = await session.context.mail.createMailbox(accountId, {
      name,
      parentId,
      isSubscribed: true,
    });
    parentId = created.id;
  }
  return parentId;
}

// RENAME (RFC 9051 §6.3.6). Grammar: RENAME SP mailbox SP mailbox
// A mailbox keeps its id, UIDs and role; its children follow it (they hang from it in the store's tree).
// A new name under another parent moves it there, creating the missing levels. Renaming INBOX is special
// (RFC 9051 §6.3.6): a new mailbox gets all of INBOX's messages, INBOX stays, empty, with its children. That is
// a create and moves, not one transaction: messages that arrive meanwhile stay in INBOX, and a failure half
// way leaves the new mailbox holding the messages moved so far (none are lost or doubled).

import { MAIL_LIMITS } from '#domain/mail';
import { no, ok, type CommandResult, type CommandSession, type ImapCommand } from '../command.ts';
import type { MailboxNames, NamedMailbox } from '../mailbox-names.ts';
import { createParents, readMailboxName, splitNewName } from '../mailbox-paths.ts';
import { HIERARCHY_DELIMITER } from '../session-limits.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

interface RenameArguments {
  readonly from: string;
  readonly to: string;
}

function parseRename(cursor: ArgumentCursor, session: CommandSession): RenameArguments {
  cursor.expectSpace();
  const from = readMailboxName(cursor, session, 'Existing mailbox name');
  cursor.expectSpace();
  const to = readMailboxName(cursor, session, 'New mailbox name');
  cursor.expectEnd();
  return { from, to };
}

export const rename: ImapCommand<RenameArguments> = {
  name: 'RENAME',
  states: ['authenticated', 'selected'],
  parse: parseRename,
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const names = await session.mailboxNames();
    const source = names.find(args.from);
    if (source === undefined) return no('No such mailbox', { name: 'NONEXISTENT' });
    const split = splitNewName(args.to);
    if ('refusal' in split) return split.refusal;
    if (names.find(split.name) !== undefined) return no('Mailbox already exists', { name: 'ALREADYEXISTS' });
    if (source.name === 'INBOX') return renameInbox(session, account.id, names, source, split.parts);
    // The store refuses it too (parentCycle); said here in the words of IMAP.
    if (split.name.startsWith(`${source.name}${HIERARCHY_DELIMITER}`))
      return no('A mailbox cannot move inside itself', { name: 'CANNOT' });

    const parentId = await createParents(session, account.id, names, split.parts);
    await session.context.mail.updateMailbox(account.id, source.mailbox.id, {
      name: split.parts.at(-1) ?? split.name,
      parentId,
    });
    return ok('RENAME completed');
  },
};

async function renameInbox(
  session: CommandSession,
  accountId: string,
  names: MailboxNames,
  inbox: NamedMailbox,
  parts: readonly string[],
): Promise<CommandResult> {
  const { mail } = session.context;
  const parentId = await createParents(session, accountId, names, parts);
  const target = await mail.createMailbox(accountId, {
    name: parts.at(-1) ?? '',
    parentId,
    isSubscribed: true,
  });
  const uids = (await mail.mailboxView(accountId, inbox.mailbox.id)).map((entry) => entry.uid);
  // One move per chunk: the store bounds the UIDs of one call.
  for (let start = 0; start < uids.length; start += MAIL_LIMITS.maxEmailsPerCall) {
    const chunk = uids.slice(start, start + MAIL_LIMITS.maxEmailsPerCall);
    await mail.moveEmails(accountId, { mailboxId: inbox.mailbox.id, uids: chunk }, target.id);
  }
  return ok('RENAME completed: the messages of INBOX were moved');
}

// DELETE (RFC 9051 §6.3.5). Grammar: DELETE SP mailbox
// The mailbox goes with its messages (those in no other mailbox are destroyed). INBOX cannot be deleted. A
// mailbox with children is refused with NO [HASCHILDREN], as RFC 9051 §6.3.5 recommends: the alternative,
// keeping the name as a \Noselect placeholder, does not exist in our store, where every name is a mailbox.
// Deleting the selected mailbox is allowed: the session then drops back to the authenticated state and says so
// with an untagged OK [CLOSED] before the tagged OK (RFC 9051 leaves it open; this is what UNSELECT would
// leave, and a client that sends a message command next gets BAD "Select a mailbox first", not stale data).

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { readMailboxName } from '../mailbox-paths.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

function parseDelete(cursor: ArgumentCursor, session: CommandSession): string {
  cursor.expectSpace();
  const name = readMailboxName(cursor, session);
  cursor.expectEnd();
  return name;
}

export const deleteCommand: ImapCommand<string> = {
  name: 'DELETE',
  states: ['authenticated', 'selected'],
  parse: parseDelete,
  async run(session, name) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const named = (await session.mailboxNames()).find(name);
    if (named === undefined) return no('No such mailbox', { name: 'NONEXISTENT' });
    if (named.name === 'INBOX') return no('INBOX cannot be deleted', { name: 'CANNOT' });
    if (named.hasChildren) return no('Delete the mailboxes inside it first', { name: 'HASCHILDREN' });

    await session.context.mail.destroyMailbox(account.id, named.mailbox.id, { removeEmails: true });
    if (session.selected?.mailboxId === named.mailbox.id) {
      session.select(undefined);
      await session.sendLine('* OK [CLOSED] The selected mailbox was deleted');
    }
    return ok('DELETE completed');
  },
};

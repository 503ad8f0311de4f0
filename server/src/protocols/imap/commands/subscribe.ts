// SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.7-8). Grammar: SUBSCRIBE SP mailbox | UNSUBSCRIBE SP mailbox
// A subscription is a flag on the mailbox (JMAP isSubscribed), so only existing mailboxes can be subscribed:
// SUBSCRIBE to an unknown name is NO [NONEXISTENT], which RFC 9051 §6.3.7 allows. UNSUBSCRIBE from an unknown
// name is OK: nothing by that name is subscribed, which is what the client asked for (and RFC 9051 §6.3.8
// wants unsubscribing from a name that is not subscribed to succeed).

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { readMailboxName } from '../mailbox-paths.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

function parseName(cursor: ArgumentCursor, session: CommandSession): string {
  cursor.expectSpace();
  const name = readMailboxName(cursor, session);
  cursor.expectEnd();
  return name;
}

function subscription(name: 'SUBSCRIBE' | 'UNSUBSCRIBE'): ImapCommand<string> {
  const isSubscribed = name === 'SUBSCRIBE';
  return {
    name,
    states: ['authenticated', 'selected'],
    parse: parseName,
    async run(session, mailboxName) {
      const account = session.account;
      if (account === undefined) return no('Log in first');
      const named = (await session.mailboxNames()).find(mailboxName);
      if (named === undefined)
        return isSubscribed ? no('No such mailbox', { name: 'NONEXISTENT' }) : ok(`${name} completed`);
      // Already so: no write, no change for JMAP clients to sync.
      if (named.mailbox.isSubscribed !== isSubscribed)
        await session.context.mail.updateMailbox(account.id, named.mailbox.id, { isSubscribed });
      return ok(`${name} completed`);
    },
  };
}

export const subscribe = subscription('SUBSCRIBE');
export const unsubscribe = subscription('UNSUBSCRIBE');

// STATUS (RFC 9051 §6.3.11) with SIZE (RFC 8438), HIGHESTMODSEQ (RFC 7162 §3.1.2), APPENDLIMIT (RFC 7889),
// MAILBOXID (RFC 8474) and DELETED-STORAGE (RFC 9208 §4.2).
// Grammar: STATUS SP mailbox SP "(" status-att *(SP status-att) ")"
// The selected mailbox may be asked too: the numbers are the store's now, which the client learns anyway at
// its next command (RFC 9051 §6.3.11 only warns clients against polling it this way).

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { readMailboxName } from '../mailbox-paths.ts';
import { parseStatusItems, sendStatus, type StatusItem } from '../status-items.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

interface StatusArguments {
  readonly name: string;
  readonly items: readonly StatusItem[];
}

function parseStatus(cursor: ArgumentCursor, session: CommandSession): StatusArguments {
  cursor.expectSpace();
  const name = readMailboxName(cursor, session);
  cursor.expectSpace();
  const items = parseStatusItems(cursor);
  cursor.expectEnd();
  return { name, items };
}

export const status: ImapCommand<StatusArguments> = {
  name: 'STATUS',
  states: ['authenticated', 'selected'],
  parse: parseStatus,
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const named = (await session.mailboxNames()).find(args.name);
    if (named === undefined) return no('No such mailbox', { name: 'NONEXISTENT' });
    // RFC 7162 §3.1: asking for HIGHESTMODSEQ is a CONDSTORE-enabling command.
    if (args.items.includes('HIGHESTMODSEQ')) session.enable('CONDSTORE');
    await sendStatus(session, account.id, named, args.items);
    return ok('STATUS completed');
  },
};

// LSUB (RFC 3501 §6.3.9; IMAP4rev2 replaced it with LIST (SUBSCRIBED), RFC 9051 §6.3.9): the subscribed
// mailboxes matching the pattern. Grammar: LSUB SP mailbox SP list-mailbox
// RFC 3501's special case: when `foo/bar` is subscribed and `foo` is not, `LSUB "" %` returns `foo` with
// \Noselect — here, any unsubscribed mailbox that matches and has a subscribed descendant the pattern misses.
// Security: the pattern's matching work is bounded by MatchBudget (list-pattern.ts).

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { ListPattern, MatchBudget } from '../list-pattern.ts';
import { ancestorIds, sendDelimiterLine, sendListLine } from '../list-response.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

interface LsubArguments {
  readonly reference: string;
  readonly pattern: string;
}

function parseLsub(cursor: ArgumentCursor, session: CommandSession): LsubArguments {
  cursor.expectSpace();
  const reference = session.decodeName(cursor.expectMailbox('Reference name')).normalize('NFC');
  cursor.expectSpace();
  const pattern = session.decodeName(cursor.expectListMailbox()).normalize('NFC');
  cursor.expectEnd();
  return { reference, pattern };
}

export const lsub: ImapCommand<LsubArguments> = {
  name: 'LSUB',
  states: ['authenticated', 'selected'],
  parse: parseLsub,
  async run(session, args) {
    if (session.account === undefined) return no('Log in first');
    if (args.pattern === '') {
      await sendDelimiterLine(session, 'LSUB');
      return ok('LSUB completed');
    }
    const names = await session.mailboxNames();
    const pattern = ListPattern.compile(args.reference, args.pattern);
    const budget = new MatchBudget();
    const matching = new Set(names.list.filter((named) => pattern.matches(named.name, budget)));
    const missed = names.list.filter((named) => named.mailbox.isSubscribed && !matching.has(named));
    const parentsOfMissed = ancestorIds(names, missed);
    for (const named of matching) {
      if (named.mailbox.isSubscribed)
        await sendListLine(session, { verb: 'LSUB', attributes: [], name: named.name });
      else if (parentsOfMissed.has(named.mailbox.id))
        await sendListLine(session, { verb: 'LSUB', attributes: ['\\Noselect'], name: named.name });
    }
    return ok('LSUB completed');
  },
};

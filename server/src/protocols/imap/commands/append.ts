// APPEND (RFC 9051 §6.3.12), with MULTIAPPEND (RFC 3502): several messages in one command, all stored or none;
// APPENDUID of RFC 4315 §3 (a UID set for several); literal8 of RFC 3516; UTF8 data of RFC 6855 §4.
// Grammar: APPEND SP mailbox 1*append-message
//          append-message = [SP flag-list] [SP date-time] SP append-data
//          append-data = literal / literal8 / "UTF8" SP "(" literal8 ")"
// The OK acknowledges the messages: they are committed durably first (DATA-MODEL durability), like SMTP's 250.
// Security: the reader bounded the literals, all of one command together, by maxAppendBytes (the APPENDLIMIT
// we advertise) and their number by maxLiterals; flags are checked here and keywords by the mail domain; the
// target is looked up among the account's own mailboxes.

import { no, ok, type ImapCommand } from '../command.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import type { Literal } from '../wire/raw-command.ts';
import { appendUidCode } from '../wire/response-codes.ts';
import { SequenceSet } from '../wire/sequence-set.ts';
import { findMailbox, keywordsOfFlags } from './message-targets.ts';

interface AppendMessage {
  readonly keywords: readonly string[];
  readonly receivedAt: Date | undefined;
  readonly message: Literal;
}

interface AppendArguments {
  readonly mailbox: string;
  readonly messages: readonly AppendMessage[];
}

export const append: ImapCommand<AppendArguments> = {
  name: 'APPEND',
  states: ['authenticated', 'selected'],
  parse(cursor, session) {
    cursor.expectSpace();
    const mailbox = session.decodeName(cursor.expectMailbox());
    const messages: AppendMessage[] = [];
    // Each message is a literal, so the reader's maxLiterals bounds this loop.
    do {
      cursor.expectSpace();
      messages.push(parseAppendMessage(cursor));
    } while (!cursor.isAtEnd);
    return { mailbox, messages };
  },
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    // RFC 9051 §6.3.12: a missing mailbox is NO [TRYCREATE], so the client can create it and try again.
    const target = await findMailbox(session, args.mailbox);
    if (target === undefined) return no('No such mailbox', { name: 'TRYCREATE' });
    // An empty literal is no message at all: nothing a reader could open, so refuse it rather than store it.
    if (args.messages.some(({ message }) => message.bytes.length === 0)) {
      return no('The message is empty', { name: 'CANNOT' });
    }

    const requests = args.messages.map(({ message, keywords, receivedAt }) => ({
      accountId: account.id,
      raw: message.bytes,
      options: { mailboxIds: [target.mailbox.id], keywords, receivedAt },
    }));
    // Atomic: the first refusal (full mailbox, bad keyword) is thrown and nothing is stored (RFC 3502 §6.3.11).
    // Grouped: concurrent APPENDs of this worker's sessions share one durable commit; each keeps its own atomicity.
    const outcomes = await session.context.mail.importMessages(requests, {
      isDurable: true,
      isAtomic: true,
      isGrouped: true,
    });
    // The import's change event marked the selected mailbox stale if it is the target: the session sends
    // `* n EXISTS` before this reply (RFC 9051 §6.3.12 asks for it).
    const placed = outcomes.flatMap((outcome) => (outcome.ok ? outcome.email.uids : []));
    const first = placed[0];
    if (first === undefined || placed.length !== args.messages.length) return ok('APPEND completed');
    const uids = placed.length === 1 ? first.uid : SequenceSet.fromNumbers(placed.map(({ uid }) => uid));
    return ok('APPEND completed', appendUidCode(first.uidValidity, uids));
  },
};

function parseAppendMessage(cursor: ArgumentCursor): AppendMessage {
  let keywords: string[] = [];
  if (cursor.peekChar() === '(') {
    keywords = keywordsOfFlags(cursor.expectFlagList());
    cursor.expectSpace();
  }
  let receivedAt: Date | undefined;
  if (cursor.peekChar() === '"') {
    receivedAt = new Date(cursor.expectDateTime().epochMs);
    cursor.expectSpace();
  }
  return { keywords, receivedAt, message: parseAppendData(cursor) };
}

/** literal, literal8 `~{n}`, or RFC 6855's `UTF8 (~{n})` (UTF8=ACCEPT is advertised, so it must be read). */
function parseAppendData(cursor: ArgumentCursor): Literal {
  if (cursor.peekKeyword() !== 'UTF8') return cursor.expectMessageLiteral();
  cursor.expectAtom('UTF8');
  cursor.expectSpace();
  cursor.expectChar('(');
  const message = cursor.expectMessageLiteral();
  cursor.expectChar(')');
  return message;
}

// APPEND (RFC 9051 §6.3.12; APPENDUID of RFC 4315 §3; literal8 of RFC 3516; UTF8 data of RFC 6855 §4).
// Grammar: APPEND SP mailbox [SP flag-list] [SP date-time] SP append-data
//          append-data = literal / literal8 / "UTF8" SP "(" literal8 ")"
// The OK acknowledges the message: it is committed durably first (DATA-MODEL durability), like SMTP's 250.
// Security: the literal was bounded by the reader (maxAppendBytes, the APPENDLIMIT we advertise); flags are
// checked here and keywords by the mail domain; the target is looked up among the account's own mailboxes.

import { no, ok, type ImapCommand } from '../command.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import type { Literal } from '../wire/raw-command.ts';
import { appendUidCode } from '../wire/response-codes.ts';
import { findMailbox, keywordsOfFlags } from './message-targets.ts';

interface AppendArguments {
  readonly mailbox: string;
  readonly keywords: readonly string[];
  readonly receivedAt: Date | undefined;
  readonly message: Literal;
}

export const append: ImapCommand<AppendArguments> = {
  name: 'APPEND',
  states: ['authenticated', 'selected'],
  parse(cursor, session) {
    cursor.expectSpace();
    const mailbox = session.decodeName(cursor.expectMailbox());
    cursor.expectSpace();
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
    const message = parseAppendData(cursor);
    // A second message would be MULTIAPPEND (RFC 3502), which we do not advertise: extra arguments are BAD.
    cursor.expectEnd();
    return { mailbox, keywords, receivedAt, message };
  },
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    // RFC 9051 §6.3.12: a missing mailbox is NO [TRYCREATE], so the client can create it and try again.
    const target = await findMailbox(session, args.mailbox);
    if (target === undefined) return no('No such mailbox', { name: 'TRYCREATE' });
    // An empty literal is no message at all: nothing a reader could open, so refuse it rather than store it.
    if (args.message.bytes.length === 0) return no('The message is empty', { name: 'CANNOT' });

    const imported = await session.context.mail.importMessage(account.id, args.message.bytes, {
      mailboxIds: [target.mailbox.id],
      keywords: args.keywords,
      receivedAt: args.receivedAt,
      isDurable: true,
    });
    // The import's change event marked the selected mailbox stale if it is the target: the session sends
    // `* n EXISTS` before this reply (RFC 9051 §6.3.12 asks for it).
    const placed = imported.uids[0];
    if (placed === undefined) return ok('APPEND completed');
    return ok('APPEND completed', appendUidCode(placed.uidValidity, placed.uid));
  },
};

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

// The shape of every IMAP command (STYLE.md §3, Dovecot's cmd-*.c): the states it is allowed in, the
// rules the session applies around it (flags), a parser from the argument cursor to typed arguments, and
// run(), which makes the domain calls, writes untagged responses and returns the tagged one.

import type { ImapContext } from './imap-context.ts';
import type { MailboxNames } from './mailbox-names.ts';
import type { RefreshOptions, SelectedMailbox } from './selected-mailbox.ts';
import type { ArgumentCursor } from './wire/argument-cursor.ts';
import type { ResponseCode, ResponseWriter } from './wire/encoder.ts';

export type SessionState = 'notAuthenticated' | 'authenticated' | 'selected';

/** Extensions a client turns on with ENABLE (RFC 5161) or by using them (CONDSTORE, RFC 7162 §3.1). */
export type Enabled = 'CONDSTORE' | 'QRESYNC' | 'UTF8=ACCEPT' | 'IMAP4REV2';

export interface SessionAccount {
  readonly id: string;
  readonly email: string;
  /** IANA zone of the account (Europe/Paris by default): SEARCH's calendar days and INTERNALDATE's offset. */
  readonly timeZone: string;
}

/** What a command sees of its session. */
export interface CommandSession {
  readonly id: string;
  readonly context: ImapContext;
  readonly state: SessionState;
  readonly remoteAddress: string;
  readonly isTls: boolean;
  /** COMPRESS=DEFLATE is on (RFC 4978): a second COMPRESS is refused. */
  readonly isCompressed: boolean;
  /** The connection is over: long commands stop their work. */
  readonly isClosed: boolean;
  /** TLS, or loopback (nobody can sniff it): plain-text passwords are allowed. */
  readonly isSecure: boolean;
  readonly account: SessionAccount | undefined;
  readonly selected: SelectedMailbox | undefined;
  readonly enabled: ReadonlySet<Enabled>;
  /** UTF-8 in quoted strings and mailbox names (IMAP4rev2 or UTF8=ACCEPT enabled). */
  readonly utf8: boolean;
  /** Saved search result (`$`, RFC 5182), as UIDs. */
  savedResult: readonly number[];
  capabilities(): string[];
  /** A writer that encodes strings for this client (UTF-8 or not). */
  writer(): ResponseWriter;
  /** Write chunks in order; resolves when the socket can take more (back-pressure). */
  send(chunks: Buffer | readonly Buffer[]): Promise<void>;
  /** An untagged line made of atoms and numbers: `* 3 EXISTS`. */
  sendLine(line: string): Promise<void>;
  /** The client's next raw line (AUTHENTICATE responses, IDLE's DONE); undefined when the connection ends. */
  nextLine(): Promise<Buffer | undefined>;
  /** Calls `listener` when the selected mailbox has changes to report; returns the function that stops. */
  onStale(listener: () => void): () => void;
  enable(extension: Enabled): void;
  login(account: SessionAccount): Promise<boolean>;
  /** Select (or with undefined, unselect: back to authenticated). */
  select(mailbox: SelectedMailbox | undefined): void;
  /** Send the changes of the selected mailbox now (EXPUNGE only when allowed). */
  refresh(options?: Partial<RefreshOptions>): Promise<void>;
  /** The account's mailboxes as IMAP names (loaded per call: names change under other sessions). */
  mailboxNames(): Promise<MailboxNames>;
  /** A mailbox name from the client (modified UTF-7 for rev1 clients) → UTF-8. */
  decodeName(wire: string): string;
}

export interface CommandResult {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly code?: ResponseCode;
  readonly text: string;
  /** After the tagged reply: LOGOUT closes, STARTTLS negotiates TLS, COMPRESS turns on deflate. */
  readonly then?: 'close' | 'startTls' | 'compress';
}

export interface ImapCommand<Arguments = unknown> {
  /** `SELECT`, `UID FETCH`. */
  readonly name: string;
  readonly states: readonly SessionState[];
  /**
   * Takes sequence numbers (FETCH, STORE, SEARCH, COPY, MOVE): no EXPUNGE may be sent while it runs nor with
   * its reply, or the numbers the client sent would point at other messages (RFC 9051 §7.5.1).
   */
  readonly usesSequenceNumbers?: boolean;
  /** CONDSTORE parameters in this command enable CONDSTORE (RFC 7162 §3.1): set by the parser. */
  parse(cursor: ArgumentCursor, session: CommandSession): Arguments;
  run(session: CommandSession, args: Arguments, tag: string): Promise<CommandResult>;
}

export const ok = (text: string, code?: ResponseCode): CommandResult => ({ status: 'OK', text, code });
export const no = (text: string, code?: ResponseCode): CommandResult => ({ status: 'NO', text, code });
export const bad = (text: string, code?: ResponseCode): CommandResult => ({ status: 'BAD', text, code });

/** For commands without arguments. */
export function noArguments(cursor: ArgumentCursor): undefined {
  cursor.expectEnd();
  return undefined;
}

// Reads the arguments of one command in the order its grammar asks (RFC 9051 §9): the parsers under commands/
// call expect*() and get typed values (mailbox names, sequence sets, dates, flags, plus everything TokenCursor
// reads); every failure is a ParseError whose English message says what was expected and shows where, ready
// for the tagged BAD. Security: bounded like TokenCursor; values are checked as they are read.

import { type ImapDate, type ImapDateTime, parseDate, parseDateTime } from './date-time.ts';
import type { Literal } from './raw-command.ts';
import { SequenceSet } from './sequence-set.ts';
import { TokenCursor } from './token-cursor.ts';
import { ATOM_CHAR, LIST_CHAR, SEQUENCE_CHAR } from './tokens.ts';

export type { StringForm } from './token-cursor.ts';

const DQUOTE = 0x22;

/** System flags (RFC 9051 §2.3.2; \Recent is IMAP4rev1 only), matched case-insensitively, sent as written here. */
const SYSTEM_FLAGS = new Map(
  ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\Recent'].map((flag) => [
    flag.toUpperCase(),
    flag,
  ]),
);

export class ArgumentCursor extends TokenCursor {
  /**
   * mailbox = "INBOX" / astring, as sent: modified UTF-7 for IMAP4rev1 clients, UTF-8 otherwise. The session
   * decodes it (decodeMailboxName) and folds INBOX (normalizeInboxName).
   */
  expectMailbox(what = 'Mailbox name'): string {
    return this.expectAstring(what);
  }

  /** list-mailbox = 1*list-char / string: a LIST pattern, `%` and `*` allowed unquoted. */
  expectListMailbox(what = 'Mailbox pattern'): string {
    if (this.isStringNext()) return this.expectAstring(what);
    const pattern = this.readRun(LIST_CHAR);
    if (pattern === '') this.fail(what);
    this.countToken();
    return pattern;
  }

  /** APPEND's message: literal, or literal8 when BINARY is used (RFC 3516); NUL only in literal8. */
  expectMessageLiteral(what = 'Message literal'): Literal {
    if (!this.isLiteralNext()) this.fail(what);
    const { bytes, form } = this.readStringToken(what, true);
    return { bytes, isBinary: form === 'literal8' };
  }

  /** sequence-set, or `$` when the command takes the saved search result (RFC 5182). */
  expectSequenceSet(allowSearchResult: boolean, what = 'Sequence set'): SequenceSet {
    const offset = this.offset;
    const text = this.readRun(SEQUENCE_CHAR);
    const next = this.peekByte();
    // `1:3a` is not a set followed by something: report the whole token as the problem.
    if (text === '' || (next !== undefined && ATOM_CHAR[next] === 1)) {
      this.rewind(offset);
      this.fail(what);
    }
    this.countToken();
    return SequenceSet.parse(text, { allowSearchResult, maxRanges: this.limits.maxSequenceRanges });
  }

  /** date-time, quoted: `"17-Jul-1996 02:44:25 -0700"` (APPEND). */
  expectDateTime(): ImapDateTime {
    if (this.peekByte() !== DQUOTE) this.fail('Date-time ("dd-Mon-yyyy hh:mm:ss +zzzz")');
    return parseDateTime(this.readQuotedToken('Date-time').toString('latin1'));
  }

  /** date = date-text / DQUOTE date-text DQUOTE: `1-Feb-2024` (SEARCH). */
  expectDate(what = 'Date (dd-Mon-yyyy)'): ImapDate {
    if (this.peekByte() === DQUOTE) return parseDate(this.readQuotedToken(what).toString('latin1'));
    return parseDate(this.expectAtom(what));
  }

  /** flag: `\Seen`-style (system flags come back in canonical case), a keyword, or `\*` if allowed. */
  expectFlag(options: { readonly allowWildcard?: boolean } = {}): string {
    const offset = this.offset;
    if (!this.skip('\\')) return this.expectAtom('Flag');
    if (options.allowWildcard === true && this.skip('*')) {
      this.countToken();
      return '\\*';
    }
    const name = this.readRun(ATOM_CHAR);
    if (name === '') {
      this.rewind(offset);
      this.fail('Flag');
    }
    this.countToken();
    const flag = `\\${name}`;
    return SYSTEM_FLAGS.get(flag.toUpperCase()) ?? flag;
  }

  /** flag-list = "(" [flag *(SP flag)] ")". */
  expectFlagList(options: { readonly allowWildcard?: boolean } = {}): string[] {
    return this.expectList((cursor) => cursor.expectFlag(options), 'Flag list');
  }
}

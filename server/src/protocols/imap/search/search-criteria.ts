// SEARCH programs read into a typed tree (RFC 9051 §6.4.4 and §9 search-key, with IMAP4rev1's keys of RFC 3501):
// RETURN options (RFC 4731 ESEARCH, RFC 5182 SAVE), CHARSET, sequence and UID sets with `$` (RFC 5182), MODSEQ
// (RFC 7162 §3.1.5), EMAILID/THREADID (RFC 8474), OLDER/YOUNGER (RFC 5032). SORT and THREAD reuse parseSearchKeys.
// Security: client input; recursion, key count and string length bounded by SearchLimits, tokens and list
// nesting by the cursor's WireLimits.

import { isUtf8 } from 'node:buffer';
import { ParseError } from '#core/errors';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import type { ImapDate } from '../wire/date-time.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import { PARSE_ERRORS, printable } from '../wire/tokens.ts';
import { SearchError, SUPPORTED_CHARSETS, type SupportedCharset } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';

/** The system flags a search key names (`\Recent` has keys of its own). */
export type SystemFlag = '\\Answered' | '\\Deleted' | '\\Draft' | '\\Flagged' | '\\Seen';
/** Keys searching the text of one part: BCC, BODY, CC, FROM, SUBJECT, TEXT, TO. */
export type TextField = 'bcc' | 'body' | 'cc' | 'from' | 'subject' | 'text' | 'to';

/** RFC 7162 `MODSEQ "/flags/\\draft" all 620162338`: the entry names one flag's modseq. */
export interface ModseqEntry {
  readonly name: string;
  readonly type: 'priv' | 'shared' | 'all';
}

export type SearchKey =
  | { readonly kind: 'all' }
  | { readonly kind: 'flag'; readonly flag: SystemFlag; readonly isSet: boolean }
  /** KEYWORD / UNKEYWORD, lower case like the store keeps keywords. */
  | { readonly kind: 'keyword'; readonly keyword: string; readonly isSet: boolean }
  /** RECENT, NEW (= RECENT UNSEEN) and OLD (= NOT RECENT): IMAP4rev1 only. */
  | { readonly kind: 'recent' | 'new' | 'old' }
  /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date: header). */
  | {
      readonly kind: 'date';
      readonly field: 'internal' | 'sent';
      readonly comparison: 'before' | 'on' | 'since';
      readonly date: ImapDate;
    }
  /** OLDER/YOUNGER <seconds> (RFC 5032), against the internal date. */
  | { readonly kind: 'within'; readonly comparison: 'older' | 'younger'; readonly seconds: number }
  /** LARGER/SMALLER <number64>: RFC822.SIZE strictly above / below. */
  | { readonly kind: 'size'; readonly comparison: 'larger' | 'smaller'; readonly size: bigint }
  | { readonly kind: 'text'; readonly field: TextField; readonly value: string }
  /** HEADER <field-name> <string>; the field name as sent. */
  | { readonly kind: 'header'; readonly field: string; readonly value: string }
  /** A bare sequence set (`2:4,*`), or `$` (set.isSearchResult); UID <set> for `uid`. */
  | { readonly kind: 'sequence' | 'uid'; readonly set: SequenceSet }
  | { readonly kind: 'modseq'; readonly modseq: bigint; readonly entry?: ModseqEntry }
  | { readonly kind: 'emailId' | 'threadId'; readonly id: string }
  | { readonly kind: 'not'; readonly key: SearchKey }
  | { readonly kind: 'or'; readonly left: SearchKey; readonly right: SearchKey }
  /** A parenthesised group, and the program's top-level keys. */
  | { readonly kind: 'and'; readonly keys: readonly SearchKey[] };

/** RETURN (…) of ESEARCH; `RETURN ()` means ALL (RFC 4731 §3.1). */
export interface ReturnOptions {
  readonly min: boolean;
  readonly max: boolean;
  readonly all: boolean;
  readonly count: boolean;
  readonly save: boolean;
}

export interface SearchProgram {
  /** Absent: a classic `* SEARCH` for an IMAP4rev1 client, ESEARCH ALL for IMAP4rev2 (the command decides). */
  readonly returnOptions: ReturnOptions | undefined;
  readonly charset: SupportedCharset | undefined;
  readonly criteria: SearchKey;
}

const RETURN_OPTIONS = ['MIN', 'MAX', 'ALL', 'COUNT', 'SAVE'] as const;
const FLAG_KEYS: Readonly<Record<string, { flag: SystemFlag; isSet: boolean }>> = {
  ANSWERED: { flag: '\\Answered', isSet: true },
  DELETED: { flag: '\\Deleted', isSet: true },
  DRAFT: { flag: '\\Draft', isSet: true },
  FLAGGED: { flag: '\\Flagged', isSet: true },
  SEEN: { flag: '\\Seen', isSet: true },
  UNANSWERED: { flag: '\\Answered', isSet: false },
  UNDELETED: { flag: '\\Deleted', isSet: false },
  UNDRAFT: { flag: '\\Draft', isSet: false },
  UNFLAGGED: { flag: '\\Flagged', isSet: false },
  UNSEEN: { flag: '\\Seen', isSet: false },
};
const DATE_KEYS: Readonly<
  Record<string, { field: 'internal' | 'sent'; comparison: 'before' | 'on' | 'since' }>
> = {
  BEFORE: { field: 'internal', comparison: 'before' },
  ON: { field: 'internal', comparison: 'on' },
  SINCE: { field: 'internal', comparison: 'since' },
  SENTBEFORE: { field: 'sent', comparison: 'before' },
  SENTON: { field: 'sent', comparison: 'on' },
  SENTSINCE: { field: 'sent', comparison: 'since' },
};
const TEXT_KEYS: Readonly<Record<string, TextField>> = {
  BCC: 'bcc',
  BODY: 'body',
  CC: 'cc',
  FROM: 'from',
  SUBJECT: 'subject',
  TEXT: 'text',
  TO: 'to',
};
/** RFC 5322 field name: printable ASCII except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
/** RFC 8474 objectid. */
const OBJECT_ID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * `[RETURN (…)] [CHARSET x] search-key *(SP search-key)`, read to the end of the command. The cursor stands after
 * the SP that follows the command name. Throws ParseError (BAD) or SearchError 'badCharset' (NO [BADCHARSET]).
 */
export function parseSearchProgram(
  cursor: ArgumentCursor,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): SearchProgram {
  let returnOptions: ReturnOptions | undefined;
  if (cursor.peekKeyword() === 'RETURN') {
    consumeWord(cursor);
    cursor.expectSpace();
    returnOptions = parseReturnOptions(cursor);
    cursor.expectSpace();
  }
  let charset: SupportedCharset | undefined;
  if (cursor.peekKeyword() === 'CHARSET') {
    consumeWord(cursor);
    cursor.expectSpace();
    charset = parseCharset(cursor);
    cursor.expectSpace();
  }
  return { returnOptions, charset, criteria: parseSearchKeys(cursor, limits) };
}

/** `search-key *(SP search-key)` to the end of the command, as one key (an `and` when there are several). */
export function parseSearchKeys(
  cursor: ArgumentCursor,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): SearchKey {
  const reader = new KeyReader(cursor, limits);
  const keys: SearchKey[] = [];
  for (;;) {
    keys.push(reader.key(0));
    if (cursor.isAtEnd) break;
    cursor.expectSpace();
  }
  return keys.length === 1 ? keys[0]! : { kind: 'and', keys };
}

/** `charset` (atom or quoted) of SEARCH CHARSET, SORT and THREAD; SearchError 'badCharset' for the others. */
export function parseCharset(cursor: ArgumentCursor): SupportedCharset {
  const name = cursor.expectAstring('Charset').toUpperCase();
  const charset = SUPPORTED_CHARSETS.find((supported) => supported === name);
  if (charset === undefined)
    throw new SearchError('badCharset', `Charset ${printable(name)} is not supported`);
  return charset;
}

/** Does the program use the MODSEQ key? Then the response carries the highest MODSEQ (RFC 7162 §3.1.5). */
export function usesModseq(key: SearchKey): boolean {
  switch (key.kind) {
    case 'modseq':
      return true;
    case 'not':
      return usesModseq(key.key);
    case 'or':
      return usesModseq(key.left) || usesModseq(key.right);
    case 'and':
      return key.keys.some(usesModseq);
    default:
      return false;
  }
}

function parseReturnOptions(cursor: ArgumentCursor): ReturnOptions {
  const names = cursor.expectList(
    (item) => item.expectKeyword(RETURN_OPTIONS, 'Search return option'),
    'Search return options',
    { allowEmpty: true },
  );
  if (names.length === 0) return { min: false, max: false, all: true, count: false, save: false };
  return {
    min: names.includes('MIN'),
    max: names.includes('MAX'),
    all: names.includes('ALL'),
    count: names.includes('COUNT'),
    save: names.includes('SAVE'),
  };
}

/** The keyword peekKeyword() just saw. */
function consumeWord(cursor: ArgumentCursor): void {
  cursor.expectAtom('Search key', { stopAtBracket: true });
}

/** Reads one search-key at a time, counting keys and nesting. */
class KeyReader {
  readonly #cursor: ArgumentCursor;
  readonly #limits: SearchLimits;
  #keys = 0;

  constructor(cursor: ArgumentCursor, limits: SearchLimits) {
    this.#cursor = cursor;
    this.#limits = limits;
  }

  key(depth: number): SearchKey {
    const cursor = this.#cursor;
    if (++this.#keys > this.#limits.maxKeys) {
      throw new ParseError(PARSE_ERRORS.limit, `Too many search keys (at most ${this.#limits.maxKeys})`);
    }
    const next = cursor.peekChar();
    if (next === '(') {
      this.#checkDepth(depth);
      const keys = cursor.expectList(() => this.key(depth + 1), 'Search keys', { allowEmpty: false });
      return keys.length === 1 ? keys[0]! : { kind: 'and', keys };
    }
    if (next === '*' || next === '$' || (next >= '0' && next <= '9')) {
      return { kind: 'sequence', set: cursor.expectSequenceSet(true, 'Sequence set') };
    }
    const word = cursor.peekKeyword();
    if (word === '') cursor.fail('Search key');
    const known = this.#simple(word) ?? this.#withArgument(word, depth);
    if (known === undefined) {
      throw new ParseError(PARSE_ERRORS.syntax, `Unknown search key "${printable(word)}"`);
    }
    return known;
  }

  /** Keys without argument; consumes the word when it is one. */
  #simple(word: string): SearchKey | undefined {
    const flag = FLAG_KEYS[word];
    let key: SearchKey | undefined;
    if (flag !== undefined) key = { kind: 'flag', ...flag };
    else if (word === 'ALL') key = { kind: 'all' };
    else if (word === 'RECENT') key = { kind: 'recent' };
    else if (word === 'NEW') key = { kind: 'new' };
    else if (word === 'OLD') key = { kind: 'old' };
    if (key !== undefined) consumeWord(this.#cursor);
    return key;
  }

  /** Keys with arguments: the word is consumed, then SP and the arguments. */
  #withArgument(word: string, depth: number): SearchKey | undefined {
    const read = this.#argumentReader(word, depth);
    if (read === undefined) return undefined;
    consumeWord(this.#cursor);
    this.#cursor.expectSpace();
    return read();
  }

  #argumentReader(word: string, depth: number): (() => SearchKey) | undefined {
    const cursor = this.#cursor;
    const date = DATE_KEYS[word];
    if (date !== undefined) return () => ({ kind: 'date', ...date, date: cursor.expectDate() });
    const field = TEXT_KEYS[word];
    if (field !== undefined) return () => ({ kind: 'text', field, value: this.#string('Search string') });
    switch (word) {
      case 'KEYWORD':
      case 'UNKEYWORD':
        return () => ({
          kind: 'keyword',
          keyword: cursor.expectAtom('Keyword').toLowerCase(),
          isSet: word === 'KEYWORD',
        });
      case 'LARGER':
      case 'SMALLER':
        return () => ({
          kind: 'size',
          comparison: word === 'LARGER' ? 'larger' : 'smaller',
          size: cursor.expectNumber64('Size'),
        });
      case 'OLDER':
      case 'YOUNGER':
        return () => ({
          kind: 'within',
          comparison: word === 'OLDER' ? 'older' : 'younger',
          seconds: cursor.expectNzNumber('Interval in seconds'),
        });
      case 'HEADER':
        return () => this.#header();
      case 'UID':
        return () => ({ kind: 'uid', set: cursor.expectSequenceSet(true, 'UID set') });
      case 'MODSEQ':
        return () => this.#modseq();
      case 'EMAILID':
      case 'THREADID':
        return () => ({ kind: word === 'EMAILID' ? 'emailId' : 'threadId', id: this.#objectId() });
      case 'NOT':
        return () => {
          this.#checkDepth(depth);
          return { kind: 'not', key: this.key(depth + 1) };
        };
      case 'OR':
        return () => {
          this.#checkDepth(depth);
          const left = this.key(depth + 1);
          cursor.expectSpace();
          return { kind: 'or', left, right: this.key(depth + 1) };
        };
      default:
        return undefined;
    }
  }

  #header(): SearchKey {
    const cursor = this.#cursor;
    const field = cursor.expectAstring('Header field name');
    if (!FIELD_NAME.test(field)) {
      throw new ParseError(PARSE_ERRORS.syntax, `Invalid header field name "${printable(field)}"`);
    }
    cursor.expectSpace();
    return { kind: 'header', field, value: this.#string('Search string') };
  }

  /** `MODSEQ [entry-name SP entry-type-req SP] mod-sequence-valzer` (RFC 7162 §3.1.5). */
  #modseq(): SearchKey {
    const cursor = this.#cursor;
    const next = cursor.peekChar();
    if (next !== '"' && next !== '{' && next !== '~') {
      return { kind: 'modseq', modseq: cursor.expectNumber64('Mod-sequence') };
    }
    const name = this.#string('Entry name');
    if (!name.toLowerCase().startsWith('/flags/')) {
      throw new ParseError(
        PARSE_ERRORS.syntax,
        `Entry name "${printable(name)}" does not start with /flags/`,
      );
    }
    cursor.expectSpace();
    const type = cursor.expectKeyword(['priv', 'shared', 'all'], 'Entry type');
    cursor.expectSpace();
    return { kind: 'modseq', modseq: cursor.expectNumber64('Mod-sequence'), entry: { name, type } };
  }

  #objectId(): string {
    const id = this.#cursor.expectAtom('Object id');
    if (!OBJECT_ID.test(id))
      throw new ParseError(PARSE_ERRORS.syntax, `Invalid object id "${printable(id)}"`);
    return id;
  }

  /** astring as UTF-8 (a US-ASCII string is UTF-8 too); bounded by maxStringChars. */
  #string(what: string): string {
    const bytes = this.#cursor.expectAstringBytes(what);
    if (!isUtf8(bytes)) throw new ParseError(PARSE_ERRORS.syntax, `${what} is not valid UTF-8`);
    const text = bytes.toString('utf8');
    if (text.length > this.#limits.maxStringChars) {
      throw new ParseError(
        PARSE_ERRORS.limit,
        `${what} longer than ${this.#limits.maxStringChars} characters`,
      );
    }
    return text;
  }

  #checkDepth(depth: number): void {
    if (depth >= this.#limits.maxDepth) {
      throw new ParseError(
        PARSE_ERRORS.limit,
        `Search keys nested too deep (at most ${this.#limits.maxDepth})`,
      );
    }
  }
}

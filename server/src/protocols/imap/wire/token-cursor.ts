// The lexical level of argument reading (RFC 9051 §9): position in the command's text and literals, atoms,
// strings, numbers, lists, the generic argument tree. ArgumentCursor adds the IMAP values on top (mailbox
// names, sequence sets, dates, flags); command parsers use that.
// Security: reads only what CommandReader framed (bounded by WireLimits); list nesting and the token count are
// bounded here too, so no command parser can be driven into deep recursion or unbounded allocation.

import { isUtf8 } from 'node:buffer';
import { ParseError } from '#core/errors';
import type { Literal, RawCommand } from './raw-command.ts';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits.ts';
import { findLiteralMarker, isUnreadable } from './literal-marker.ts';
import { isScanFailure, type ScanFailure, scanBracketedAtom, scanChars, scanQuoted } from './token-scan.ts';
import {
  ASTRING_CHAR,
  ATOM_CHAR,
  type ArgumentValue,
  describeInput,
  MAX_NUMBER,
  PARSE_ERRORS,
  parseDigits,
  parseDigits64,
} from './tokens.ts';

export type StringForm = 'quoted' | 'literal' | 'literal8';

const SP = 0x20;
const DQUOTE = 0x22;
const OPEN = 0x28;
const CLOSE = 0x29;
const OPEN_BRACE = 0x7b;
const TILDE = 0x7e;

export class TokenCursor {
  readonly #fragments: readonly Buffer[];
  readonly #literals: readonly Literal[];
  readonly #limits: WireLimits;
  #index = 0;
  #offset = 0;
  #depth = 0;
  #tokens = 0;

  constructor(command: Pick<RawCommand, 'fragments' | 'literals'>, limits: WireLimits = DEFAULT_WIRE_LIMITS) {
    this.#fragments = command.fragments.length > 0 ? command.fragments : [Buffer.alloc(0)];
    this.#literals = command.literals;
    this.#limits = limits;
  }

  /** No argument text is left. */
  get isAtEnd(): boolean {
    return this.#index === this.#fragments.length - 1 && this.#offset >= this.#buffer.length;
  }

  /** The next character ('' at the end of the text): to branch on `(`, `"`, SP, `[`... */
  peekChar(): string {
    const byte = this.#buffer[this.#offset];
    return byte === undefined ? '' : String.fromCharCode(byte);
  }

  /** The next atom upper-cased, not consumed ('' if none): to branch on keywords. Stops before `[`. */
  peekKeyword(): string {
    const offset = this.#offset;
    const word = this.readRun(ATOM_CHAR, true);
    this.#offset = offset;
    return word.toUpperCase();
  }

  /** Consume `char` when it comes next. */
  skip(char: string): boolean {
    if (this.#buffer[this.#offset] !== char.charCodeAt(0)) return false;
    this.#offset++;
    return true;
  }

  expectChar(char: string, what = `"${char}"`): void {
    if (!this.skip(char)) this.fail(what);
  }

  /** Exactly one SP. */
  expectSpace(): void {
    if (!this.skip(' ')) this.fail('Space');
  }

  expectEnd(): void {
    if (this.isAtEnd) return;
    throw new ParseError(PARSE_ERRORS.syntax, `Unexpected extra arguments at ${this.#where()}`);
  }

  /** `fail('Mailbox name')` → ParseError "Mailbox name expected at "(\Seen)..."". */
  fail(expected: string): never {
    throw new ParseError(PARSE_ERRORS.syntax, `${expected} expected at ${this.#where()}`);
  }

  /** 1*ATOM-CHAR. `stopAtBracket` reads `BODY` out of `BODY[TEXT]` (`[` is an ATOM-CHAR). */
  expectAtom(what = 'Atom', options: { readonly stopAtBracket?: boolean } = {}): string {
    const atom = this.readRun(ATOM_CHAR, options.stopAtBracket === true);
    if (atom === '') this.fail(what);
    this.countToken();
    return atom;
  }

  /** One of `keywords`, case-insensitively; returned as spelled in `keywords`. */
  expectKeyword<K extends string>(keywords: readonly K[], what: string): K {
    const offset = this.#offset;
    const word = this.readRun(ATOM_CHAR, true).toUpperCase();
    const found = keywords.find((keyword) => keyword.toUpperCase() === word);
    if (found === undefined) {
      this.#offset = offset;
      this.fail(`${what} (${keywords.join(', ')})`);
    }
    this.countToken();
    return found;
  }

  /** number: 0 to 2^32 - 1. */
  expectNumber(what = 'Number'): number {
    return this.#readNumber(what, false);
  }

  /** nz-number: 1 to 2^32 - 1, no leading zero. */
  expectNzNumber(what = 'Non-zero number'): number {
    return this.#readNumber(what, true);
  }

  /** number64 / mod-sequence-value (RFC 9051, RFC 7162): up to 2^63 - 1, a bigint to stay exact. */
  expectNumber64(what = 'Number', options: { readonly isNonZero?: boolean } = {}): bigint {
    const offset = this.#offset;
    const value = parseDigits64(this.readRun(ATOM_CHAR, true));
    if (value === undefined || (options.isNonZero === true && value === 0n)) {
      this.#offset = offset;
      this.fail(`${what} (${options.isNonZero === true ? 1 : 0} to 2^63-1)`);
    }
    this.countToken();
    return value;
  }

  /** string = quoted / literal, as bytes (a literal may be in any charset: SEARCH CHARSET). */
  expectString(what = 'String'): Buffer {
    return this.readStringToken(what, false).bytes;
  }

  /** astring as UTF-8 text (atom, quoted or literal); a literal that is not UTF-8 is refused. */
  expectAstring(what = 'String'): string {
    return this.#utf8(this.expectAstringBytes(what), what);
  }

  expectAstringBytes(what = 'String'): Buffer {
    if (this.isStringNext()) return this.readStringToken(what, false).bytes;
    const offset = this.#offset;
    const atom = this.readRun(ASTRING_CHAR, false);
    // UTF-8 is allowed in quoted strings only (RFC 9051 §9 QUOTED-CHAR); say so rather than "extra arguments".
    if ((this.#buffer[this.#offset] ?? 0) >= 0x80) {
      throw new ParseError(
        PARSE_ERRORS.syntax,
        `8-bit characters must be sent in a quoted string or a literal, at ${this.#where()}`,
      );
    }
    if (atom === '') this.fail(what);
    this.countToken();
    return this.#buffer.subarray(offset, this.#offset);
  }

  /** nstring: a string, or NIL as null. */
  expectNstring(what = 'String or NIL'): string | null {
    if (!this.isStringNext() && this.peekKeyword() === 'NIL') {
      this.#offset += 3;
      this.countToken();
      return null;
    }
    if (!this.isStringNext()) this.fail(what);
    return this.#utf8(this.readStringToken(what, false).bytes, what);
  }

  /** "(" item *(SP item) ")", each item read by `readItem`; nesting bounded by maxListDepth. */
  expectList<T>(
    readItem: (cursor: this) => T,
    what = 'List',
    options: { readonly allowEmpty?: boolean } = {},
  ): T[] {
    if (this.#buffer[this.#offset] !== OPEN) this.fail(`${what} in parentheses`);
    this.#enterList();
    this.#offset++;
    const items: T[] = [];
    if (this.#buffer[this.#offset] === CLOSE) {
      if (options.allowEmpty === false) this.fail(`At least one item of ${what.toLowerCase()}`);
    } else {
      for (;;) {
        items.push(readItem(this));
        const byte = this.#buffer[this.#offset];
        if (byte === CLOSE) break;
        if (byte !== SP) this.fail(`Space or ")" in ${what.toLowerCase()}`);
        this.#offset++;
      }
    }
    this.#offset++;
    this.#depth--;
    return items;
  }

  /** Try `read`; on a syntax error, rewind and return undefined (limit errors still propagate). */
  optional<T>(read: (cursor: this) => T): T | undefined {
    const index = this.#index;
    const offset = this.#offset;
    const depth = this.#depth;
    try {
      return read(this);
    } catch (error) {
      if (!(error instanceof ParseError) || error.code !== PARSE_ERRORS.syntax) throw error;
      this.#index = index;
      this.#offset = offset;
      this.#depth = depth;
      return undefined;
    }
  }

  /** One argument of any kind, as a tree (for free-form arguments: ID, extension parameters). */
  readValue(): ArgumentValue {
    const byte = this.#buffer[this.#offset];
    if (byte === OPEN) return { type: 'list', items: this.expectList((cursor) => cursor.readValue()) };
    if (this.isStringNext()) {
      const { bytes, form } = this.readStringToken('String', true);
      return { type: 'string', value: bytes, form };
    }
    const atom = this.#readBracketedAtom();
    if (atom === '') this.fail('Argument');
    this.countToken();
    return atom.toUpperCase() === 'NIL' ? { type: 'nil' } : { type: 'atom', value: atom };
  }

  /** Every remaining argument (each after one SP), as trees. */
  readRemaining(): ArgumentValue[] {
    const values: ArgumentValue[] = [];
    while (!this.isAtEnd) {
      this.expectSpace();
      values.push(this.readValue());
    }
    return values;
  }

  get #buffer(): Buffer {
    return this.#fragments[this.#index]!;
  }

  #where(): string {
    const buffer = this.#buffer;
    if (this.#offset >= buffer.length && this.#index < this.#fragments.length - 1) return 'a literal';
    return describeInput(buffer, this.#offset);
  }

  protected countToken(): void {
    if (++this.#tokens > this.#limits.maxArguments) {
      throw new ParseError(PARSE_ERRORS.limit, `Too many arguments (at most ${this.#limits.maxArguments})`);
    }
  }

  #enterList(): void {
    this.countToken();
    if (++this.#depth > this.#limits.maxListDepth) {
      throw new ParseError(
        PARSE_ERRORS.limit,
        `Lists nested too deep (at most ${this.#limits.maxListDepth})`,
      );
    }
  }

  #readNumber(what: string, isNonZero: boolean): number {
    const offset = this.#offset;
    const digits = this.readRun(ATOM_CHAR, true);
    const value = parseDigits(digits, MAX_NUMBER);
    if (value === undefined || (isNonZero && (value === 0 || digits.startsWith('0')))) {
      this.#offset = offset;
      this.fail(`${what} (${isNonZero ? 1 : 0} to ${MAX_NUMBER})`);
    }
    this.countToken();
    return value;
  }

  protected isLiteralNext(): boolean {
    const byte = this.#buffer[this.#offset];
    return byte === OPEN_BRACE || (byte === TILDE && this.#buffer[this.#offset + 1] === OPEN_BRACE);
  }

  protected isStringNext(): boolean {
    return this.#buffer[this.#offset] === DQUOTE || this.isLiteralNext();
  }

  protected readStringToken(what: string, allowBinary: boolean): { bytes: Buffer; form: StringForm } {
    if (this.#buffer[this.#offset] === DQUOTE) return { bytes: this.readQuotedToken(what), form: 'quoted' };
    if (!this.isLiteralNext()) this.fail(what);
    return this.#readLiteral(what, allowBinary);
  }

  #readLiteral(what: string, allowBinary: boolean): { bytes: Buffer; form: StringForm } {
    const marker = findLiteralMarker(this.#buffer);
    const literal = this.#literals[this.#index];
    if (
      marker === undefined ||
      isUnreadable(marker) ||
      marker.start !== this.#offset ||
      literal === undefined ||
      literal.bytes.length !== marker.size
    ) {
      this.fail(what);
    }
    if (marker.isBinary && !allowBinary) this.fail(`${what} (literal8 ~{n} is only for message data)`);
    // CHAR8 excludes NUL: only literal8 may carry it (RFC 3516).
    if (!marker.isBinary && literal.bytes.indexOf(0) !== -1) {
      throw new ParseError(PARSE_ERRORS.syntax, `${what} holds a NUL octet, allowed only in literal8 (~{n})`);
    }
    this.#index++;
    this.#offset = 0;
    this.countToken();
    return { bytes: literal.bytes, form: marker.isBinary ? 'literal8' : 'literal' };
  }

  /** The run of `accepts` characters next, consumed (not counted as a token: the caller decides). */
  protected readRun(accepts: Uint8Array, stopAtBracket = false): string {
    const start = this.#offset;
    this.#offset = scanChars(this.#buffer, start, accepts, stopAtBracket);
    return this.#buffer.toString('latin1', start, this.#offset);
  }

  protected readQuotedToken(what: string): Buffer {
    const scanned = scanQuoted(this.#buffer, this.#offset);
    if (isScanFailure(scanned)) this.#failAt(scanned, what);
    this.#offset = scanned.end;
    this.countToken();
    return scanned.value;
  }

  #readBracketedAtom(): string {
    const start = this.#offset;
    const end = scanBracketedAtom(this.#buffer, start);
    if (isScanFailure(end)) this.#failAt(end, 'Argument');
    this.#offset = end;
    return this.#buffer.toString('latin1', start, end);
  }

  #failAt(failure: ScanFailure, what: string): never {
    this.#offset = failure.failedAt;
    this.fail(
      failure.expected === 'Closing quote' ? `Closing quote of ${what.toLowerCase()}` : failure.expected,
    );
  }

  /** The next byte, or undefined at the end of the text. */
  protected peekByte(): number | undefined {
    return this.#buffer[this.#offset];
  }

  /** Offset in the current text, to rewind to before failing at the start of a token. */
  protected get offset(): number {
    return this.#offset;
  }

  protected rewind(offset: number): void {
    this.#offset = offset;
  }

  protected get limits(): WireLimits {
    return this.#limits;
  }

  #utf8(bytes: Buffer, what: string): string {
    if (!isUtf8(bytes)) throw new ParseError(PARSE_ERRORS.syntax, `${what} is not valid UTF-8`);
    return bytes.toString('utf8');
  }
}

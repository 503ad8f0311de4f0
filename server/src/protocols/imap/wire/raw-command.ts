// What CommandReader hands the session: complete commands (arguments still unparsed, for ArgumentCursor),
// literal requests to answer, raw lines, and errors that say how to answer and whether to hang up.

export interface Literal {
  readonly bytes: Buffer;
  /** Sent as literal8 `~{n}`: may hold NUL (RFC 3516). */
  readonly isBinary: boolean;
}

/** One complete command, arguments not yet parsed (ArgumentCursor reads them). */
export interface RawCommand {
  readonly tag: string;
  /** Upper-cased command name (`UID` for UID FETCH: the subcommand is the first argument). */
  readonly name: string;
  /** The command's text between literals: fragments[i] ends with the marker of literals[i]. fragments[0]
   * starts after the name, so it is empty or starts with SP. */
  readonly fragments: readonly Buffer[];
  readonly literals: readonly Literal[];
}

export type ReaderErrorCode =
  | 'lineTooLong'
  | 'literalTooBig'
  | 'tooManyLiterals'
  | 'unreadableLiteral'
  | 'nul'
  | 'badTag'
  | 'badCommandName';

export interface ReaderError {
  readonly kind: 'error';
  readonly code: ReaderErrorCode;
  /** Answer `tag BAD`/`tag NO` when known, `* BAD` otherwise. */
  readonly tag: string | undefined;
  readonly name: string | undefined;
  /** English text for the client. */
  readonly message: string;
  /** Answer with [TOOBIG] (RFC 9051 §7.1; RFC 7888 §4 for LITERAL-; RFC 7889 NO [TOOBIG] for APPEND). */
  readonly isTooBig: boolean;
  /** We cannot know where the next command starts: answer BYE and close the connection. */
  readonly isFatal: boolean;
}

export type ReaderEvent =
  | { readonly kind: 'command'; readonly command: RawCommand }
  /** A synchronising literal within limits: call acceptLiteral() and send `+ Ready`, or rejectLiteral() and
   * answer the tag with NO/BAD (the client then abandons the command). */
  | {
      readonly kind: 'literalRequest';
      readonly tag: string;
      readonly name: string;
      readonly size: number;
      readonly isBinary: boolean;
    }
  /** The line asked for with readRawLine(), CRLF removed. */
  | { readonly kind: 'line'; readonly line: Buffer }
  | ReaderError;

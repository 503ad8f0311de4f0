// Every size bound of the IMAP wire codec, each with the reason it exists (imapflow lib/handler/limits.js,
// Postfix mail_params.h). The command reader and the argument cursor take a WireLimits; the session builds one
// with wireLimits({ maxAppendBytes }) from the site's maximum message size, which APPENDLIMIT also advertises.

export interface WireLimits {
  /**
   * Text of one command, literals excluded, CRLFs excluded, summed over the lines a command spans between its
   * literals. 64 KiB like Dovecot's imap_max_line_length: a UID set of thousands of ranges or a FETCH of 40
   * header fields fits many times over, and nobody can make us buffer an endless line. Past it the reader
   * answers BAD and skips to the next line end.
   */
  readonly maxLineBytes: number;
  /**
   * Literal octets of one command other than APPEND, all its literals together. Literals carry passwords,
   * mailbox names and search terms: a few hundred bytes. 64 KiB is Dovecot's line budget, which literals also
   * count against there; it stops `{1000000}` from pinning a megabyte per connection before login.
   */
  readonly maxLiteralBytes: number;
  /**
   * Literal octets of one APPEND: the message itself. The site's maximum message size (APPENDLIMIT, RFC 7889),
   * so IMAP stores nothing SMTP would have refused. The default is smtp.max-message-size's default. A
   * MULTIAPPEND's messages (RFC 3502) share it: one command never holds more than one message's worth.
   */
  readonly maxAppendBytes: number;
  /**
   * Literals in one command. Each synchronising literal costs a round trip and each one an array slot: a flood
   * of `{0}` literals would otherwise slip under every byte limit. LOGIN uses 2, APPEND 2, Thunderbird's
   * non-ASCII SEARCH one per term.
   */
  readonly maxLiterals: number;
  /**
   * Nesting of parenthesised lists. SEARCH nests criteria a few levels deep (Thunderbird 3, iOS 2); 32 keeps
   * the recursive descent of command parsers far from the stack limit whatever the client sends.
   */
  readonly maxListDepth: number;
  /**
   * Tokens the argument cursor will read from one command (atoms, strings, numbers, list openings). A SEARCH
   * of 1,000 OR'ed criteria is about 3,000; the bound caps the objects one command can make a parser allocate.
   */
  readonly maxArguments: number;
  /**
   * Ranges in one sequence set. Thunderbird and mbsync send sparse UID sets of a few thousand ranges; the line
   * limit alone would allow ~32,000, and normalising (a sort) is the cost this bounds.
   */
  readonly maxSequenceRanges: number;
  /** Tag length. Tags are echoed in every response to the command; real clients use under 16 characters. */
  readonly maxTagBytes: number;
  /**
   * Unread input the reader holds before push() asks the session to pause the socket. Pipelined commands wait
   * in the kernel, not in our heap, until the ones already read are answered.
   */
  readonly inputHighWaterBytes: number;
}

/** RFC 7888 §4: with only LITERAL- advertised, a non-synchronising literal may carry at most 4096 octets. */
export const LITERAL_MINUS_MAX_BYTES = 4096;

/** Commands whose literals are message data, held to maxAppendBytes instead of maxLiteralBytes. */
export const MESSAGE_LITERAL_COMMANDS: ReadonlySet<string> = new Set(['APPEND']);

export const DEFAULT_WIRE_LIMITS: WireLimits = Object.freeze({
  maxLineBytes: 64 * 1024,
  maxLiteralBytes: 64 * 1024,
  maxAppendBytes: 36 * 1024 * 1024,
  maxLiterals: 64,
  maxListDepth: 32,
  maxArguments: 10_000,
  maxSequenceRanges: 16_384,
  maxTagBytes: 256,
  inputHighWaterBytes: 256 * 1024,
});

/**
 * The defaults with some bounds replaced. A bound must be a positive safe integer: `0` or NaN from a bad
 * setting would otherwise mean "refuse everything" or "no limit" (postal-mime's parseLimitOption).
 */
export function wireLimits(overrides: Partial<WireLimits> = {}): WireLimits {
  const limits = { ...DEFAULT_WIRE_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`IMAP wire limit ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return Object.freeze(limits);
}

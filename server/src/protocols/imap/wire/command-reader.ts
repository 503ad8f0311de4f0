// Frames the byte stream of one IMAP client into commands: lines, literals `{n}`, LITERAL+/- `{n+}` (RFC 7888),
// literal8 `~{n}` (RFC 3516). Pull-based: the session push()es socket chunks and asks next() for one event at
// a time, so it can switch to raw lines (IDLE's DONE, AUTHENTICATE responses) before the following bytes are
// framed, and answer a synchronising literal before the client sends it.
// Security: pre-auth, hostile input. Memory held is bounded by WireLimits whatever the chunking; a command
// that breaks a limit is answered by tag and skipped up to its real end (a non-synchronising literal's octets
// are counted off, never parsed as commands). Lines end at LF with an optional CR before it: bare LF is
// accepted like Dovecot does (nc/telnet users, scripts), and nothing sits between the client and us that
// could frame the same bytes differently.

import assert from 'node:assert/strict';
import { ByteCollector } from './byte-collector.ts';
import { parseCommandHead, tagOfPrefix } from './command-head.ts';
import { InputQueue } from './input-queue.ts';
import {
  DEFAULT_WIRE_LIMITS,
  LITERAL_MINUS_MAX_BYTES,
  MESSAGE_LITERAL_COMMANDS,
  type WireLimits,
} from './limits.ts';
import {
  findLiteralMarker,
  findLiteralMarkerInTail,
  isUnreadable,
  type LiteralMarker,
  type UnreadableMarker,
} from './literal-marker.ts';
import type { Literal, RawCommand, ReaderError, ReaderErrorCode, ReaderEvent } from './raw-command.ts';

export type { Literal, RawCommand, ReaderError, ReaderErrorCode, ReaderEvent } from './raw-command.ts';

export interface CommandReaderOptions {
  readonly limits?: WireLimits;
  /** Only LITERAL- is advertised: non-synchronising literals over 4096 octets get BAD [TOOBIG] (RFC 7888). */
  readonly isLiteralMinus?: boolean;
}

type Phase = 'line' | 'literal' | 'awaitingDecision' | 'discardLine' | 'discardLiteral';
type Marker = LiteralMarker | UnreadableMarker;
type Step = ReaderEvent | null | undefined;

const LF = 0x0a;
const CR = 0x0d;
/** Bytes of a skipped line kept to spot a literal marker at its end: `~{` + 32 digits + `+}` fits. */
const TAIL_BYTES = 64;
const EMPTY = Buffer.alloc(0);

export class CommandReader {
  readonly #limits: WireLimits;
  readonly #isLiteralMinus: boolean;
  readonly #input = new InputQueue();
  #phase: Phase = 'line';
  #line = new ByteCollector();
  #isRawLine = false;
  #isDiscardingRaw = false;
  #discardTail: Buffer = EMPTY;
  #isDiscardTailCut = false;
  /** Octets of the current literal (read or skipped) still to come. */
  #remaining = 0;
  #literal = new ByteCollector();
  #isLiteralBinary = false;
  // The command being framed.
  #tag: string | undefined;
  #name: string | undefined;
  #fragments: Buffer[] = [];
  #literals: Literal[] = [];
  #textBytes = 0;
  #literalBytes = 0;

  constructor(options: CommandReaderOptions = {}) {
    this.#limits = options.limits ?? DEFAULT_WIRE_LIMITS;
    this.#isLiteralMinus = options.isLiteralMinus ?? false;
  }

  /** Queue a chunk from the socket. False: pause the socket until next() has drained what is queued. */
  push(chunk: Buffer): boolean {
    this.#input.push(chunk);
    return this.#input.length < this.#limits.inputHighWaterBytes;
  }

  /** The next event, or undefined when more input is needed. */
  next(): ReaderEvent | undefined {
    assert.notEqual(this.#phase, 'awaitingDecision', 'answer the literal request before reading on');
    for (;;) {
      const step = this.#step();
      if (step !== null) return step;
    }
  }

  /** After a literalRequest: the session sends `+ Ready` and the reader takes the octets. */
  acceptLiteral(): void {
    assert.equal(this.#phase, 'awaitingDecision', 'no literal request is pending');
    this.#phase = 'literal';
  }

  /** After a literalRequest: the session answers the tag; the client sends no octets and a new command. */
  rejectLiteral(): void {
    assert.equal(this.#phase, 'awaitingDecision', 'no literal request is pending');
    this.#resetCommand();
    this.#phase = 'line';
  }

  /** Deliver the next line as a `line` event (or one lineTooLong error) instead of framing a command. */
  readRawLine(): void {
    assert.ok(this.isBetweenCommands, 'raw lines are read between commands');
    this.#isRawLine = true;
  }

  /** Nothing of a command has been read: the place for STARTTLS, COMPRESS, raw lines. */
  get isBetweenCommands(): boolean {
    return this.#phase === 'line' && this.#fragments.length === 0 && this.#line.length === 0;
  }

  /**
   * Take the input not yet framed. After STARTTLS the session discards it (RFC 9051 §11.1: commands
   * pipelined before the handshake must not run inside TLS); after COMPRESS it inflates it.
   */
  takeUnread(): Buffer {
    assert.ok(this.isBetweenCommands, 'unread input is taken between commands');
    return this.#input.takeAll();
  }

  /** Input queued but not yet framed (the session's backpressure measure). */
  get unreadBytes(): number {
    return this.#input.length;
  }

  /** Bytes held for the command in progress: bounded by maxLineBytes plus the literal budget. */
  get heldBytes(): number {
    const partial = this.#line.length + this.#literal.length + this.#discardTail.length;
    return partial + this.#textBytes + this.#literalBytes;
  }

  /** Octets of the current literal the client still has to send (read or skipped); 0 outside literals. */
  get awaitedLiteralBytes(): number {
    return this.#phase === 'literal' || this.#phase === 'discardLiteral' ? this.#remaining : 0;
  }

  #step(): Step {
    switch (this.#phase) {
      case 'line':
        return this.#readLine();
      case 'literal':
        return this.#readLiteral();
      case 'discardLine':
        return this.#discardLine();
      case 'discardLiteral':
        return this.#discardLiteral();
      case 'awaitingDecision':
        return undefined;
    }
  }

  #readLine(): Step {
    const budget = this.#isRawLine ? this.#limits.maxLineBytes : this.#limits.maxLineBytes - this.#textBytes;
    for (let chunk = this.#input.head; chunk !== undefined; chunk = this.#input.head) {
      const start = this.#input.headOffset;
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      // +1: a CR before the LF is in the pieces but not in the line.
      if (this.#line.length + (end - start) > budget + 1)
        return this.#lineTooLong(chunk.subarray(start, end));
      if (lf !== -1 && this.#line.length === 0) {
        // The whole line is in this chunk: read it in place, one slice for the fragment and no copy.
        this.#input.consume(lf + 1 - start);
        return this.#onLine(chunk, start, endWithoutCr(chunk, start, lf), budget);
      }
      this.#line.append(chunk.subarray(start, end));
      this.#input.consume(end - start + (lf === -1 ? 0 : 1));
      if (lf !== -1) {
        const line = this.#line.take();
        return this.#onLine(line, 0, endWithoutCr(line, 0, line.length), budget);
      }
    }
    return undefined;
  }

  /** The line is `buffer` from `start` to `end` (LF and CR removed). */
  #onLine(buffer: Buffer, start: number, end: number, budget: number): Step {
    const length = end - start;
    if (this.#isRawLine) {
      this.#isRawLine = false;
      if (length > budget) return this.#abandon('lineTooLong', 'Line too long', undefined);
      return { kind: 'line', line: buffer.subarray(start, end) };
    }
    const isFirst = this.#fragments.length === 0;
    // A blank line between commands is skipped: some clients send a stray CRLF after DONE or a literal, and
    // an untagged BAD for it would read as an error the client never caused.
    if (isFirst && length === 0) return null;
    const marker = findLiteralMarker(buffer, start, end);
    if (length > budget) return this.#abandon('lineTooLong', 'Command line too long', marker);
    let fragmentStart = start;
    if (isFirst) {
      const head = parseCommandHead(buffer, this.#limits.maxTagBytes, start, end);
      if ('problem' in head) {
        this.#tag = head.problem === 'badTag' ? undefined : head.tag;
        return this.#abandon(head.problem, head.message, marker);
      }
      this.#tag = head.tag;
      this.#name = head.name;
      fragmentStart = head.argumentsStart;
    }
    const fragment = buffer.subarray(fragmentStart, end);
    // The tag and name were checked character by character: only the fragment can hold a NUL.
    if (fragment.indexOf(0) !== -1)
      return this.#abandon('nul', 'NUL octets are not allowed in a command', marker);
    this.#textBytes += length;
    this.#fragments.push(fragment);
    if (marker === undefined) return this.#completeCommand();
    return this.#startLiteral(marker);
  }

  #startLiteral(marker: Marker): Step {
    if (isUnreadable(marker))
      return this.#abandon('unreadableLiteral', 'Literal size out of range', marker, true);
    const limits = this.#limits;
    if (this.#literals.length >= limits.maxLiterals) {
      return this.#abandon('tooManyLiterals', `Too many literals (at most ${limits.maxLiterals})`, marker);
    }
    const isMessage = MESSAGE_LITERAL_COMMANDS.has(this.#name ?? '');
    const budget = isMessage ? limits.maxAppendBytes : limits.maxLiteralBytes;
    if (this.#literalBytes + marker.size > budget) {
      // MULTIAPPEND's messages share one budget: the memory one command may hold (wire/limits.ts).
      const what = !isMessage ? 'Literal' : this.#literals.length > 0 ? 'Messages of one APPEND' : 'Message';
      return this.#abandon('literalTooBig', `${what} too big (at most ${budget} octets)`, marker, true);
    }
    if (!marker.isSync && this.#isLiteralMinus && marker.size > LITERAL_MINUS_MAX_BYTES) {
      const message = `Non-synchronizing literals are limited to ${LITERAL_MINUS_MAX_BYTES} octets`;
      return this.#abandon('literalTooBig', message, marker, true);
    }
    this.#remaining = marker.size;
    this.#isLiteralBinary = marker.isBinary;
    if (!marker.isSync) {
      this.#phase = 'literal';
      return null;
    }
    this.#phase = 'awaitingDecision';
    const { size, isBinary } = marker;
    return { kind: 'literalRequest', tag: this.#tag!, name: this.#name!, size, isBinary };
  }

  #readLiteral(): Step {
    while (this.#remaining > 0) {
      const piece = this.#input.take(this.#remaining);
      if (piece === undefined) return undefined;
      this.#literal.append(piece);
      this.#remaining -= piece.length;
    }
    const bytes = this.#literal.take();
    this.#literals.push({ bytes, isBinary: this.#isLiteralBinary });
    this.#literalBytes += bytes.length;
    this.#phase = 'line';
    return null;
  }

  #completeCommand(): Step {
    const command: RawCommand = {
      tag: this.#tag!,
      name: this.#name!,
      fragments: this.#fragments,
      literals: this.#literals,
    };
    this.#resetCommand();
    return { kind: 'command', command };
  }

  /** The line in progress is over the limit: report now (it may never end), then skip to its LF. */
  #lineTooLong(piece: Buffer): ReaderError {
    let tag = this.#tag;
    if (!this.#isRawLine && this.#fragments.length === 0) {
      const want = this.#limits.maxTagBytes + 1;
      tag = tagOfPrefix(Buffer.concat([this.#line.peekStart(want), piece.subarray(0, want)]), want - 1);
    }
    const held = this.#line.length;
    this.#discardTail = held > 0 ? Buffer.from(this.#line.peekStart(held).subarray(-TAIL_BYTES)) : EMPTY;
    this.#isDiscardTailCut = held > TAIL_BYTES;
    this.#line.clear();
    const error = this.#error(
      'lineTooLong',
      tag,
      this.#isRawLine ? 'Line too long' : 'Command line too long',
    );
    this.#isDiscardingRaw = this.#isRawLine;
    this.#isRawLine = false;
    this.#resetCommand();
    this.#phase = 'discardLine';
    return error;
  }

  /**
   * Drop the command and stay in step with the client: after a synchronising marker it waits for our answer
   * and sends nothing; after a non-synchronising one its octets are on the way and must be counted off.
   */
  #abandon(
    code: ReaderErrorCode,
    message: string,
    marker: Marker | undefined,
    isTooBig = false,
  ): ReaderError {
    const error = this.#error(code, this.#tag, message, isTooBig, marker);
    this.#resetCommand();
    this.#phase = 'line';
    if (marker !== undefined && !marker.isSync && !isUnreadable(marker)) {
      this.#remaining = marker.size;
      this.#phase = 'discardLiteral';
    }
    return error;
  }

  #error(
    code: ReaderErrorCode,
    tag: string | undefined,
    message: string,
    isTooBig = false,
    marker?: Marker,
  ): ReaderError {
    const isFatal = marker !== undefined && !marker.isSync && isUnreadable(marker);
    return { kind: 'error', code, tag, name: this.#name, message, isTooBig, isFatal };
  }

  #discardLiteral(): Step {
    while (this.#remaining > 0) {
      const piece = this.#input.take(this.#remaining);
      if (piece === undefined) return undefined;
      this.#remaining -= piece.length;
    }
    // The rest of the abandoned command follows the literal, up to its end of line.
    this.#phase = 'discardLine';
    this.#discardTail = EMPTY;
    this.#isDiscardTailCut = false;
    return null;
  }

  #discardLine(): Step {
    for (let chunk = this.#input.head; chunk !== undefined; chunk = this.#input.head) {
      const start = this.#input.headOffset;
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.#keepTail(chunk.subarray(start, end));
      this.#input.consume(end - start + (lf === -1 ? 0 : 1));
      if (lf !== -1) return this.#endDiscardedLine();
    }
    return undefined;
  }

  #endDiscardedLine(): Step {
    const tail = withoutCr(this.#discardTail);
    const isCut = this.#isDiscardTailCut;
    this.#discardTail = EMPTY;
    this.#isDiscardTailCut = false;
    this.#phase = 'line';
    if (this.#isDiscardingRaw) {
      this.#isDiscardingRaw = false;
      return null;
    }
    const marker = findLiteralMarkerInTail(tail, isCut);
    if (marker === undefined || marker.isSync) return null;
    if (isUnreadable(marker))
      return this.#error('unreadableLiteral', undefined, 'Literal size out of range', true, marker);
    this.#remaining = marker.size;
    this.#phase = 'discardLiteral';
    return null;
  }

  #keepTail(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.#discardTail.length + piece.length > TAIL_BYTES) this.#isDiscardTailCut = true;
    const joined = piece.length >= TAIL_BYTES ? piece : Buffer.concat([this.#discardTail, piece]);
    // A copy: a slice would keep the whole socket chunk alive while we skip.
    this.#discardTail = Buffer.from(joined.subarray(-TAIL_BYTES));
  }

  #resetCommand(): void {
    this.#tag = undefined;
    this.#name = undefined;
    this.#fragments = [];
    this.#literals = [];
    this.#textBytes = 0;
    this.#literalBytes = 0;
    this.#literal.clear();
    this.#remaining = 0;
  }
}

function withoutCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
}

/** End of the line before `lf` once a CR before it is dropped. */
function endWithoutCr(buffer: Buffer, start: number, lf: number): number {
  return lf > start && buffer[lf - 1] === CR ? lf - 1 : lf;
}

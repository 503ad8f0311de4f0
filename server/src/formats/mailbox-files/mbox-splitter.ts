// Splits an mbox file (RFC 4155) into messages as its bytes stream in, so a multi-gigabyte file never sits in
// memory: at most one message (bounded by maxMessageBytes) plus one short line are held at a time.
// mboxrd unescaping: a body line `>From `, `>>From `… loses one `>` (mboxo files escaped only `From `; the
// difference is a quoted `>From ` line that gains back its original form, which readers never notice).
// Security: reads files an administrator was handed; memory bounded by maxMessageBytes + MAX_FROM_LINE.

import { MAX_FROM_LINE, parseFromLine } from './mbox-from-line.ts';

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const F = 0x46;
const FROM_ = Buffer.from('From ');

export interface MboxMessage {
  /** Byte offset of its `From ` line in the file, to point at it in a report. */
  readonly offset: number;
  /** The date of the `From ` line (RFC 4155: when the message was received); undefined when unreadable. */
  readonly receivedAt: Date | undefined;
  /** Bytes of the message once unescaped (counted even when it is too big to keep). */
  readonly size: number;
  /** The message, unescaped; undefined when it is larger than maxMessageBytes (its bytes were skipped). */
  readonly raw: Uint8Array | undefined;
}

export interface MboxSplitterOptions {
  /** Larger messages are measured and skipped, not kept. */
  readonly maxMessageBytes: number;
}

interface Current {
  readonly offset: number;
  readonly receivedAt: Date | undefined;
  size: number;
  parts: Uint8Array[] | undefined;
}

export class MboxSplitter {
  readonly #maxBytes: number;
  /** An incomplete short line held back until its end arrives: it may be a separator. */
  #carry: Uint8Array = new Uint8Array(0);
  /** True inside a line whose start was already read as body text. */
  #isMidLine = false;
  #offset = 0;
  #current: Current | undefined;
  /** Bytes before the first `From ` line: not mail (a file that is not mbox, or a truncated copy). */
  #leadingBytes = 0;

  constructor(options: MboxSplitterOptions) {
    this.#maxBytes = options.maxMessageBytes;
  }

  /** Bytes found before the first message, which belong to none. */
  get leadingBytes(): number {
    return this.#leadingBytes;
  }

  /** Feed the next chunk of the file (not reused by the caller afterwards); returns the messages it completed. */
  push(chunk: Uint8Array): MboxMessage[] {
    const done: MboxMessage[] = [];
    const data =
      this.#carry.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.concat([this.#carry, chunk]);
    const dataOffset = this.#offset - this.#carry.length;
    this.#carry = new Uint8Array(0);
    let position = 0;
    while (position < data.length) {
      const lf = data.indexOf(LF, position);
      const end = lf < 0 ? data.length : lf + 1;
      if (this.#isMidLine) {
        this.#appendBody(data.subarray(position, end));
        this.#isMidLine = lf < 0;
      } else if (
        lf < 0 &&
        end - position < MAX_FROM_LINE &&
        (data[position] === F || data[position] === GT)
      ) {
        // Too short to tell yet whether it is a separator or an escaped line: wait for the rest.
        this.#carry = Uint8Array.from(data.subarray(position));
        break;
      } else {
        this.#lineStart(data.subarray(position, end), dataOffset + position, lf >= 0, done);
        this.#isMidLine = lf < 0;
      }
      position = end;
    }
    this.#offset = dataOffset + data.length;
    return done;
  }

  /** The end of the file: the last message. */
  end(): MboxMessage[] {
    const done: MboxMessage[] = [];
    if (this.#carry.length > 0) {
      this.#lineStart(this.#carry, this.#offset - this.#carry.length, true, done);
      this.#carry = new Uint8Array(0);
    }
    this.#finish(done);
    return done;
  }

  #lineStart(line: Uint8Array, offset: number, isComplete: boolean, done: MboxMessage[]): void {
    if (isComplete && startsWith(line, FROM_, 0)) {
      const text = Buffer.from(line.buffer, line.byteOffset, line.byteLength)
        .toString('latin1')
        .replace(/\r?\n$/, '');
      const separator = parseFromLine(text);
      // The file's first line is a separator whatever its date looks like: nothing else can start an mbox.
      if (separator !== undefined || offset === 0) {
        this.#finish(done);
        this.#current = { offset, receivedAt: separator?.date, size: 0, parts: [] };
        return;
      }
    }
    this.#appendBody(line[0] === GT && isEscapedFrom(line) ? line.subarray(1) : line);
  }

  #appendBody(bytes: Uint8Array): void {
    const current = this.#current;
    if (current === undefined) {
      this.#leadingBytes += bytes.length;
      return;
    }
    current.size += bytes.length;
    if (current.parts === undefined) return;
    if (current.size > this.#maxBytes + 2) current.parts = undefined;
    else current.parts.push(bytes);
  }

  #finish(done: MboxMessage[]): void {
    const current = this.#current;
    if (current === undefined) return;
    this.#current = undefined;
    // The blank line before the next `From ` line is the separator's, not the message's.
    if (current.parts === undefined) {
      done.push({
        offset: current.offset,
        receivedAt: current.receivedAt,
        size: current.size,
        raw: undefined,
      });
      return;
    }
    const whole = Buffer.concat(current.parts);
    const raw = whole.subarray(0, whole.length - trailingBlankLine(whole));
    const isTooBig = raw.length > this.#maxBytes;
    done.push({
      offset: current.offset,
      receivedAt: current.receivedAt,
      size: raw.length,
      raw: isTooBig ? undefined : raw,
    });
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at: number): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** `>From `, `>>From `…: mboxrd's escape of a body line. */
function isEscapedFrom(line: Uint8Array): boolean {
  let at = 0;
  while (line[at] === GT) at++;
  return startsWith(line, FROM_, at);
}

/** Length of the empty line that ends `bytes` after its last line (1 for LF, 2 for CRLF), else 0. */
function trailingBlankLine(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n >= 2 && bytes[n - 1] === LF && bytes[n - 2] === LF) return 1;
  if (n >= 4 && bytes[n - 1] === LF && bytes[n - 2] === CR && bytes[n - 3] === LF && bytes[n - 4] === CR)
    return 2;
  if (n === 1 && bytes[0] === LF) return 1;
  if (n === 2 && bytes[0] === CR && bytes[1] === LF) return 2;
  return 0;
}

// Response octets written back to back into large buffers: a FETCH over a thousand messages writes each
// message's line into the same buffer and hands out views of it, instead of allocating, filling and then
// joining a few small buffers per message. ResponseOutput joins views that follow each other again, so the
// socket gets a few large writes.

/**
 * The first buffer holds this much, each next one twice as much up to ARENA_BYTES: a FETCH of one message
 * takes a small buffer, one of a thousand a few large ones. A line longer than what is left moves to a buffer
 * of at least twice its size.
 */
const FIRST_BYTES = 4 * 1024;
const ARENA_BYTES = 64 * 1024;
const NO_BYTES = Buffer.alloc(0);
/**
 * Up to this many octets are copied one by one: a call into Buffer's native write or copy costs about 50 ns
 * whatever the length, a byte in a loop about 1 ns, and a listing line is mostly short pieces.
 */
const LOOP_BYTES = 32;

export class ResponseArena {
  #buffer = NO_BYTES;
  #nextBytes = FIRST_BYTES;
  /** Where the line being written starts. */
  #start = 0;
  #end = 0;

  /** Starts a line; what a previous line left unfinished is dropped. */
  begin(): void {
    this.#end = this.#start;
  }

  /** The line written since begin(), as a view; the next line starts after it. */
  finish(): Buffer {
    const line = this.#buffer.subarray(this.#start, this.#end);
    this.#start = this.#end;
    return line;
  }

  /** Text of ASCII characters only (the caller checks): one octet each. */
  ascii(text: string): this {
    this.#reserve(text.length);
    if (text.length > LOOP_BYTES) {
      this.#end += this.#buffer.write(text, this.#end, 'latin1');
      return this;
    }
    const buffer = this.#buffer;
    let end = this.#end;
    for (let index = 0; index < text.length; index++) buffer[end++] = text.charCodeAt(index);
    this.#end = end;
    return this;
  }

  /** One octet. */
  byte(octet: number): this {
    this.#reserve(1);
    this.#buffer[this.#end++] = octet;
    return this;
  }

  /** A non-negative integer in decimal, written digit by digit. */
  decimal(value: number | bigint): this {
    if (typeof value === 'bigint' || !Number.isSafeInteger(value) || value < 0)
      return this.ascii(String(value));
    let width = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) width++;
    return this.padded(value, width);
  }

  /** `width` digits of a non-negative integer below 10^width, zero-padded. */
  padded(value: number, width: number): this {
    this.#reserve(width);
    let rest = value;
    for (let index = this.#end + width - 1; index >= this.#end; index--) {
      this.#buffer[index] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.#end += width;
    return this;
  }

  /** Octets [start, end) of `source`. */
  bytes(source: Uint8Array, start = 0, until = source.length): this {
    const end = Math.min(until, source.length);
    if (end <= start) return this;
    this.#reserve(end - start);
    const buffer = this.#buffer;
    if (end - start > LOOP_BYTES) {
      buffer.set(source.subarray(start, end), this.#end);
      this.#end += end - start;
      return this;
    }
    let at = this.#end;
    for (let index = start; index < end; index++) buffer[at++] = source[index] ?? 0;
    this.#end = at;
    return this;
  }

  /** Room for `size` more octets: a full buffer is left to the views already handed out. */
  #reserve(size: number): void {
    if (this.#end + size <= this.#buffer.length) return;
    const written = this.#end - this.#start;
    const next = Buffer.allocUnsafe(Math.max(this.#nextBytes, 2 * (written + size)));
    this.#nextBytes = Math.min(2 * this.#nextBytes, ARENA_BYTES);
    this.#buffer.copy(next, 0, this.#start, this.#end);
    this.#buffer = next;
    this.#start = 0;
    this.#end = written;
  }
}

// The socket chunks CommandReader has received and not yet framed, read in place: a chunk is never copied or
// joined, only sliced, and dropped once read.

const EMPTY = Buffer.alloc(0);
/** Read chunks are dropped in batches: shift() per chunk is quadratic when a client trickles bytes. */
const DROP_BATCH = 64;

export class InputQueue {
  #chunks: Buffer[] = [];
  #index = 0;
  #offset = 0;
  #length = 0;

  /** Bytes not yet read. */
  get length(): number {
    return this.#length;
  }

  /** The chunk being read (from headOffset on), or undefined when everything was read. */
  get head(): Buffer | undefined {
    return this.#chunks[this.#index];
  }

  get headOffset(): number {
    return this.#offset;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Up to `max` bytes of the head chunk, consumed; undefined when nothing is queued. */
  take(max: number): Buffer | undefined {
    const chunk = this.head;
    if (chunk === undefined) return undefined;
    const start = this.#offset;
    const length = Math.min(max, chunk.length - start);
    this.consume(length);
    return chunk.subarray(start, start + length);
  }

  /** Mark `count` bytes of the head chunk read. */
  consume(count: number): void {
    this.#length -= count;
    this.#offset += count;
    const chunk = this.#chunks[this.#index];
    if (chunk === undefined || this.#offset < chunk.length) return;
    this.#index++;
    this.#offset = 0;
    if (this.#index >= DROP_BATCH || this.#index === this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#index);
      this.#index = 0;
    }
  }

  /** Everything not yet read, as one Buffer; the queue is emptied. */
  takeAll(): Buffer {
    const first = this.head;
    if (first === undefined) return EMPTY;
    const pieces = this.#chunks.slice(this.#index);
    pieces[0] = first.subarray(this.#offset);
    this.#chunks = [];
    this.#index = 0;
    this.#offset = 0;
    this.#length = 0;
    return Buffer.concat(pieces);
  }
}

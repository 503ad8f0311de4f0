// Gathers the pieces of one line or literal as they arrive from the socket, then hands back one Buffer.
// Large pieces are kept as slices of the socket's chunks (no copy until the one final concat); small ones are
// copied into a shared block, so a client trickling one byte per packet cannot make us hold one Buffer object
// (~100 bytes of overhead) per byte.

/** Pieces at least this long are kept by reference; shorter ones are copied. */
const COPY_BELOW_BYTES = 4096;
/** Block the short pieces are copied into: one allocation serves many trickled pieces. */
const BLOCK_BYTES = 16 * 1024;
const EMPTY = Buffer.alloc(0);

export class ByteCollector {
  #parts: Buffer[] = [];
  #length = 0;
  #block: Buffer | undefined;
  /** Start of the block's bytes not yet sealed into #parts. */
  #blockStart = 0;
  #blockUsed = 0;

  /** Bytes gathered so far. */
  get length(): number {
    return this.#length;
  }

  append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#length += piece.length;
    if (piece.length >= COPY_BELOW_BYTES) {
      this.#seal();
      this.#parts.push(piece);
      return;
    }
    if (this.#block === undefined || this.#blockUsed + piece.length > this.#block.length) {
      this.#seal();
      this.#block = Buffer.allocUnsafe(BLOCK_BYTES);
      this.#blockStart = 0;
      this.#blockUsed = 0;
    }
    piece.copy(this.#block, this.#blockUsed);
    this.#blockUsed += piece.length;
  }

  /** Everything gathered, as one Buffer (zero-copy when it arrived in one piece); the collector is emptied. */
  take(): Buffer {
    this.#seal();
    const parts = this.#parts;
    const whole =
      parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#length);
    this.clear();
    return whole;
  }

  /** The first `count` bytes gathered (fewer if there are fewer), without taking them. */
  peekStart(count: number): Buffer {
    this.#seal();
    const wanted = Math.min(count, this.#length);
    const first = this.#parts[0];
    if (first !== undefined && first.length >= wanted) return first.subarray(0, wanted);
    return Buffer.concat(this.#parts, this.#length).subarray(0, wanted);
  }

  clear(): void {
    this.#parts = [];
    this.#length = 0;
    this.#block = undefined;
    this.#blockStart = 0;
    this.#blockUsed = 0;
  }

  #seal(): void {
    if (this.#block !== undefined && this.#blockUsed > this.#blockStart) {
      this.#parts.push(this.#block.subarray(this.#blockStart, this.#blockUsed));
      this.#blockStart = this.#blockUsed;
    }
  }
}

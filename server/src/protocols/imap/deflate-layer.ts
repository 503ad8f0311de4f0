// COMPRESS=DEFLATE (RFC 4978) on one connection: raw deflate (no zlib header or checksum, §3) both ways
// between the session and its socket, after the tagged OK of COMPRESS. Output: the session writes responses
// and each burst is flushed with Z_SYNC_FLUSH once the current turn of the event loop is over, so the client
// can read every response whole without a flush per chunk of a long FETCH. Input: socket bytes go through the
// inflater and the inflated bytes to the session, which pauses the layer when its reader is full.
// Security: a few compressed bytes can inflate a thousandfold. The inflater hands out pieces of
// INFLATE_CHUNK_BYTES and, once paused, stops inflating (Node's zlib waits for a read before going on with
// the same input), so what is held stays bounded by the reader's high-water mark plus a piece or two,
// whatever the ratio; and the socket is paused while the inflater has a backlog.

import type { Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

/**
 * Our compression window and hash sizes: 8 KiB and memLevel 6 instead of 32 KiB and 8 cut the deflater from
 * about 256 KiB to 64 KiB per connection (zlib's 2^(windowBits+2) + 2^(memLevel+9)), and compress IMAP
 * responses (envelopes, headers) as well as the defaults within a percent. The client's inflater needs no
 * setting: a smaller window only means shorter back-references. Our inflater keeps the full 32 KiB window:
 * the client may compress with it.
 */
const DEFLATE_OPTIONS = { level: 6, windowBits: 13, memLevel: 6 } as const;
/** Size of each inflated piece handed to the session and of zlib's output buffers (each stream has one). */
const INFLATE_CHUNK_BYTES = 8 * 1024;

export interface DeflateLayerOptions {
  readonly socket: Socket;
  /** Inflated client bytes, in order. */
  readonly onInput: (chunk: Buffer) => void;
  /** Compressed input that does not inflate (or a zlib failure): the connection cannot go on. */
  readonly onError: (error: Error) => void;
}

export class DeflateLayer {
  readonly #socket: Socket;
  readonly #deflate: DeflateRaw;
  readonly #inflate: InflateRaw;
  #flush: NodeJS.Immediate | undefined;
  #isEnded = false;
  #isWaitingForInflater = false;

  constructor(options: DeflateLayerOptions) {
    this.#socket = options.socket;
    this.#deflate = createDeflateRaw({ ...DEFLATE_OPTIONS, chunkSize: INFLATE_CHUNK_BYTES });
    this.#inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    // pipe(): the deflater's output waits while the socket is full, and its end ends the socket.
    this.#deflate.pipe(this.#socket);
    this.#deflate.on('error', options.onError);
    this.#inflate.on('error', options.onError);
    this.#inflate.on('data', options.onInput);
  }

  /**
   * Take over the input: `unread` is what the client sent after COMPRESS before the switch (already
   * compressed), then the socket, which may have been paused by the plain reader.
   */
  start(unread: Buffer): void {
    this.feed(unread);
    if (!this.#isWaitingForInflater && this.#socket.isPaused()) this.#socket.resume();
  }

  /** Compressed bytes from the client. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0 || this.#inflate.destroyed) return;
    if (this.#inflate.write(chunk) || this.#isWaitingForInflater) return;
    // The inflater has a backlog (the session paused it): stop reading the socket until it is worked off.
    this.#isWaitingForInflater = true;
    this.#socket.pause();
    this.#inflate.once('drain', () => {
      this.#isWaitingForInflater = false;
      if (!this.#socket.destroyed) this.#socket.resume();
    });
  }

  /** The session's reader is full: stop handing inflated bytes (and soon, inflating). */
  pauseInput(): void {
    this.#inflate.pause();
  }

  resumeInput(): void {
    if (this.#inflate.isPaused()) this.#inflate.resume();
  }

  /** Queue response bytes; they reach the client at the end of this burst's flush. */
  write(chunk: Buffer): void {
    if (this.#isEnded || this.#deflate.destroyed) return;
    this.#deflate.write(chunk);
    this.#flush ??= setImmediate(() => {
      this.#flush = undefined;
      if (!this.#isEnded && !this.#deflate.destroyed) this.#deflate.flush(constants.Z_SYNC_FLUSH);
    });
  }

  /** Client bytes the layer holds: compressed ones not yet inflated, inflated ones not yet handed out. */
  get heldInputBytes(): number {
    return this.#inflate.writableLength + this.#inflate.readableLength;
  }

  /** Response bytes not yet compressed and sent: what back-pressure measures. */
  get pendingBytes(): number {
    return this.#deflate.writableLength + this.#socket.writableLength;
  }

  /** Resolves when the pending output has gone down (or at once when nothing waits). */
  drained(): Promise<void> {
    const emitter = this.#deflate.writableNeedDrain ? this.#deflate : this.#socket;
    if (!emitter.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        emitter.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      emitter.once('drain', done);
      this.#socket.once('close', done);
    });
  }

  /** Send `last` (BYE, the tagged OK of LOGOUT is already queued) and end the stream, then the socket. */
  end(last?: Buffer): void {
    if (this.#isEnded) return;
    this.#isEnded = true;
    this.#cancelFlush();
    this.#inflate.destroy();
    if (this.#deflate.destroyed) return;
    // Z_FINISH flushes everything queued; pipe() ends the socket after the last compressed byte.
    if (last === undefined) this.#deflate.end();
    else this.#deflate.end(last);
  }

  /** The connection is gone: free zlib's memory now rather than at garbage collection. */
  destroy(): void {
    this.#isEnded = true;
    this.#cancelFlush();
    this.#inflate.destroy();
    this.#deflate.unpipe(this.#socket);
    this.#deflate.destroy();
  }

  #cancelFlush(): void {
    if (this.#flush !== undefined) clearImmediate(this.#flush);
    this.#flush = undefined;
  }
}

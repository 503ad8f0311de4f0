// Frames on the write owner's socket: a 4-byte big-endian length, then that many bytes of UTF-8 JSON. Both ends
// read with a FrameReader, which refuses a frame above the bound before buffering it.

import { ParseError } from '#core/errors';

const LENGTH_BYTES = 4;

/**
 * The largest frame either end sends or accepts. The biggest legitimate one is a keyword answer for
 * MAX_FORWARDED_EMAILS emails with a hundred 255-byte keywords each (about 13 MB).
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The frame of `value`, or a ParseError 'frameTooBig' when its JSON is longer than `maxBytes`. */
export function encodeFrame(value: unknown, maxBytes = MAX_FRAME_BYTES): Buffer {
  const json = JSON.stringify(value);
  const length = Buffer.byteLength(json, 'utf8');
  if (length > maxBytes)
    throw new ParseError('frameTooBig', `a frame of ${length} bytes is over the ${maxBytes}-byte bound`);
  // Encoded once, straight after its length: a STORE's frame is built on every forwarded call.
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(json, LENGTH_BYTES, 'utf8');
  return frame;
}

/** Cuts a byte stream into decoded frames. After it throws, the stream is out of step: close it. */
export class FrameReader {
  readonly #maxBytes: number;
  #chunks: Buffer[] = [];
  #buffered = 0;

  constructor(maxBytes = MAX_FRAME_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** The frames `chunk` completes, in order; ParseError 'frameTooBig' or 'frameNotJson' on a bad one. */
  push(chunk: Buffer): unknown[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: unknown[] = [];
    while (this.#buffered >= LENGTH_BYTES) {
      const length = this.#peekLength();
      if (length > this.#maxBytes)
        throw new ParseError(
          'frameTooBig',
          `a frame of ${length} bytes is over the ${this.#maxBytes}-byte bound`,
        );
      if (this.#buffered < LENGTH_BYTES + length) break;
      const body = this.#take(LENGTH_BYTES + length).subarray(LENGTH_BYTES);
      try {
        frames.push(JSON.parse(body.toString('utf8')));
      } catch (error) {
        throw new ParseError('frameNotJson', 'a frame is not JSON', { cause: error });
      }
    }
    return frames;
  }

  #peekLength(): number {
    const first = this.#chunks[0] as Buffer;
    if (first.length >= LENGTH_BYTES) return first.readUInt32BE(0);
    // The length itself arrived in pieces: join them once (at most four small chunks).
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined.readUInt32BE(0);
  }

  /** Remove and return the first `count` buffered bytes (count <= buffered). */
  #take(count: number): Buffer {
    const first = this.#chunks[0] as Buffer;
    const joined = first.length >= count ? first : Buffer.concat(this.#chunks);
    const taken = joined.subarray(0, count);
    const rest = joined.subarray(count);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered -= count;
    return taken;
  }
}

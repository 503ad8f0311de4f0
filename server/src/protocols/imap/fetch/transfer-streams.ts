// Content-Transfer-Encoding decoding chunk by chunk (RFC 2045 §6.7 quoted-printable, §6.8 base64) for FETCH
// BINARY (RFC 3516), and the CRLF line ends RFC 9051 §7.5.2 requires of textual BINARY data. Same lenient
// rules as #formats/mime decodeBody, which needs the whole body in memory; this works on a stream of chunks.
// Security: stored network input; state carried between chunks is bounded (MAX_SOFT_BREAK_PADDING).

import type { ChunkTransform } from './section-body.ts';

const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

const BASE64_VALUES = new Int8Array(256).fill(-1);
for (const [index, char] of [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
].entries()) {
  BASE64_VALUES[char.charCodeAt(0)] = index;
}
// URL-safe letters (RFC 4648 §5) are not MIME, but some senders use them; decodeBody accepts them too.
BASE64_VALUES['-'.charCodeAt(0)] = 62;
BASE64_VALUES['_'.charCodeAt(0)] = 63;

/**
 * Spaces or tabs after a '=' held back to see whether a line break follows (a soft line break, RFC 2045 §6.7
 * rule 5). A line is at most 998 octets; past that the '=' is kept as text, where decodeBody would still look
 * further: the one case where the two differ, and only for input no encoder writes.
 */
const MAX_SOFT_BREAK_PADDING = 998;

/** Lenient base64: characters outside the alphabet skipped, '=' ends a quantum, an incomplete one dropped. */
export class Base64Decoder {
  #buffer = 0;
  #bits = 0;

  push(chunk: Uint8Array): Uint8Array {
    const output = new Uint8Array(Math.ceil((chunk.length * 3) / 4) + 1);
    let written = 0;
    for (const byte of chunk) {
      if (byte === EQUALS) {
        this.#buffer = 0;
        this.#bits = 0;
        continue;
      }
      const value = BASE64_VALUES[byte]!;
      if (value < 0) continue;
      this.#buffer = ((this.#buffer << 6) | value) & 0xffffff;
      this.#bits += 6;
      if (this.#bits >= 8) {
        this.#bits -= 8;
        output[written++] = (this.#buffer >> this.#bits) & 0xff;
      }
    }
    return output.subarray(0, written);
  }
}

/** Lenient quoted-printable: '=XX' decoded in either case, soft line breaks removed, anything else kept. */
export class QuotedPrintableDecoder {
  /** Octets from an undecided '=' to the end of the previous chunk. */
  #held: Uint8Array = new Uint8Array(0);

  /** `isLast`: no more input follows, so every '=' can be decided. */
  push(chunk: Uint8Array, isLast = false): Uint8Array {
    const input = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    this.#held = new Uint8Array(0);
    const output = new Uint8Array(input.length);
    let written = 0;
    let index = 0;
    while (index < input.length) {
      const byte = input[index]!;
      if (byte !== EQUALS) {
        output[written++] = byte;
        index++;
        continue;
      }
      const next = escapeEnd(input, index, isLast);
      if (next === undefined) {
        this.#held = Uint8Array.from(input.subarray(index));
        break;
      }
      if (next.value !== undefined) output[written++] = next.value;
      index = next.index;
    }
    return output.subarray(0, written);
  }

  end(): Uint8Array {
    return this.push(new Uint8Array(0), true);
  }
}

/**
 * What the '=' at `at` stands for: a decoded octet, nothing (soft line break), or itself (broken escape); and
 * where decoding resumes. undefined when the answer depends on octets not received yet.
 */
function escapeEnd(
  input: Uint8Array,
  at: number,
  isLast: boolean,
): { readonly value: number | undefined; readonly index: number } | undefined {
  if (!isLast && at + 2 >= input.length) return undefined;
  const high = hexValue(input[at + 1]);
  const low = hexValue(input[at + 2]);
  if (high >= 0 && low >= 0) return { value: (high << 4) | low, index: at + 3 };
  let after = at + 1;
  while (input[after] === SP || input[after] === TAB) after++;
  if (after - at > MAX_SOFT_BREAK_PADDING) return { value: EQUALS, index: at + 1 };
  if (!isLast && after + 1 >= input.length) return undefined;
  if (input[after] === CR && input[after + 1] === LF) return { value: undefined, index: after + 2 };
  if (input[after] === LF) return { value: undefined, index: after + 1 };
  if (after >= input.length) return { value: undefined, index: after };
  return { value: EQUALS, index: at + 1 };
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Bare LF line ends become CRLF; CRLF stays as it is (RFC 9051 §7.5.2 for textual BINARY data). */
export class LineEndRepair {
  #isAfterCr = false;

  push(chunk: Uint8Array): Uint8Array {
    let bare = 0;
    let previous = this.#isAfterCr;
    for (const byte of chunk) {
      if (byte === LF && !previous) bare++;
      previous = byte === CR;
    }
    if (bare === 0) {
      this.#isAfterCr = previous;
      return chunk;
    }
    const output = new Uint8Array(chunk.length + bare);
    let written = 0;
    for (const byte of chunk) {
      if (byte === LF && !this.#isAfterCr) output[written++] = CR;
      output[written++] = byte;
      this.#isAfterCr = byte === CR;
    }
    return output;
  }
}

export const decodeBase64Chunks: ChunkTransform = async function* (input) {
  const decoder = new Base64Decoder();
  for await (const chunk of input) yield decoder.push(chunk);
};

export const decodeQuotedPrintableChunks: ChunkTransform = async function* (input) {
  const decoder = new QuotedPrintableDecoder();
  for await (const chunk of input) yield decoder.push(chunk);
  yield decoder.end();
};

export const repairLineEnds: ChunkTransform = async function* (input) {
  const repair = new LineEndRepair();
  for await (const chunk of input) yield repair.push(chunk);
};

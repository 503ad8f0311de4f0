// The octets one FETCH body item sends (RFC 9051 §7.5.2), with their exact size known before the `{n}` that
// announces them: a range of the stored message streamed from the blob store, or octets made from it (a
// filtered header, a decoded part) either held in memory when small or measured first and made again while
// streaming, so memory stays bounded whatever the message size.

import type { ByteRange } from '#formats/mime';
import type { Partial as PartialRange } from '../wire/section-spec.ts';

/** Reads [start, end) of one stored message: `(range) => mail.getEmailBytes(accountId, emailId, range)`. */
export type ReadBytes = (range: ByteRange) => Promise<AsyncIterable<Uint8Array>>;

/** Turns one stream of octets into another (header filter, transfer decoding, line-end repair). */
export type ChunkTransform = (input: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

/**
 * What a body item holds. `range` octets are sent as stored, NULs replaced; `bytes` are in memory; `stream`
 * octets are made again by `open()` and come to exactly `size`.
 */
export type SectionBody =
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly hasNul: boolean }
  | { readonly kind: 'range'; readonly range: ByteRange; readonly read: ReadBytes }
  | {
      readonly kind: 'stream';
      readonly size: number;
      readonly hasNul: boolean;
      readonly open: () => AsyncIterable<Uint8Array>;
    };

/**
 * A section made from at most this many stored octets is made once and kept: one read, one pass. Past it, a
 * first pass only counts (and looks for NUL) and the octets are made again while they are sent, so a 30 MB
 * attachment never sits in memory. 256 KiB holds any real header block and most text parts whole.
 */
export const KEEP_IN_MEMORY_BELOW = 256 * 1024;

/** IMAP strings and literals may not hold NUL (RFC 9051 §4.3); Dovecot sends 0x80 in its place, as here. */
const NUL_STAND_IN = 0x80;

const EMPTY = Buffer.alloc(0);

export function emptyBody(): SectionBody {
  return { kind: 'bytes', bytes: EMPTY, hasNul: false };
}

/** [start, end) of the stored message, clamped to be a valid range (an empty one when it is not). */
export function rangeBody(read: ReadBytes, range: ByteRange, messageSize: number): SectionBody {
  const start = Math.max(0, Math.min(range.start, messageSize));
  const end = Math.max(start, Math.min(range.end, messageSize));
  return start === end ? emptyBody() : { kind: 'range', range: { start, end }, read };
}

export function bodySize(body: SectionBody): number {
  switch (body.kind) {
    case 'bytes':
      return body.bytes.length;
    case 'range':
      return body.range.end - body.range.start;
    case 'stream':
      return body.size;
  }
}

/** Only a BINARY item may carry NUL, as literal8; `range` octets have theirs replaced. */
export function bodyHasNul(body: SectionBody): boolean {
  return body.kind === 'range' ? false : body.hasNul;
}

/** The octets of a `range` or `stream` body, exactly bodySize() of them. */
export async function* bodyChunks(body: SectionBody): AsyncIterable<Uint8Array> {
  if (body.kind === 'bytes') {
    if (body.bytes.length > 0) yield body.bytes;
    return;
  }
  if (body.kind === 'range') {
    for await (const chunk of exactly(await body.read(body.range), bodySize(body))) yield replaceNul(chunk);
    return;
  }
  yield* exactly(body.open(), body.size);
}

/**
 * A `range` body read into memory now, NULs replaced: one read of the store and no stream to run while the
 * response is written, for ranges small enough to hold (fetch-response.ts READ_AT_ONCE). exactly()'s rule in a
 * plain loop (its generators cost more than the copy on a one-chunk read): a store returning fewer octets than
 * the range fails here, before anything of the response is written; extra octets are cut.
 */
export async function readRangeNow(body: Extract<SectionBody, { kind: 'range' }>): Promise<SectionBody> {
  const size = bodySize(body);
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of await body.read(body.range)) {
    const piece = chunk.subarray(0, size - length);
    if (piece.length > 0) parts.push(piece);
    length += piece.length;
    if (length === size) break;
  }
  return heldBody(parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts), size);
}

/**
 * readRangeNow for a message whose octets are in memory already (`message`, all of it, as the store keeps a
 * small one with its row): the same body, without a read or a promise.
 */
export function rangeFromMemory(
  body: Extract<SectionBody, { kind: 'range' }>,
  message: Uint8Array,
): SectionBody {
  return heldBody(message.subarray(body.range.start, body.range.end), bodySize(body));
}

/** The `size` octets of a range as a `bytes` body, NULs replaced; fewer octets mean the store lost data. */
function heldBody(octets: Uint8Array, size: number): SectionBody {
  if (octets.length !== size)
    throw new Error(`stored message ended after ${octets.length} of ${size} octets of a FETCH item`);
  const bytes = replaceNul(octets);
  return {
    kind: 'bytes',
    bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    hasNul: false,
  };
}

/**
 * The octets `transform` makes of [start, end): kept in memory when the range is small, else measured now
 * and made again by open(). `replacesNul` for BODY items (see NUL_STAND_IN); BINARY keeps NULs for literal8.
 */
export async function transformedBody(
  read: ReadBytes,
  range: ByteRange,
  transform: ChunkTransform,
  options: { readonly replacesNul: boolean },
): Promise<SectionBody> {
  const make = async function* (): AsyncIterable<Uint8Array> {
    for await (const chunk of transform(await read(range))) {
      yield options.replacesNul ? replaceNul(chunk) : chunk;
    }
  };
  if (range.end - range.start <= KEEP_IN_MEMORY_BELOW) {
    const parts: Uint8Array[] = [];
    for await (const chunk of make()) parts.push(chunk);
    const bytes = Buffer.concat(parts);
    return { kind: 'bytes', bytes, hasNul: bytes.includes(0) };
  }
  let size = 0;
  let hasNul = false;
  for await (const chunk of make()) {
    size += chunk.length;
    if (!hasNul && hasNulOctet(chunk)) hasNul = true;
  }
  return { kind: 'stream', size, hasNul, open: make };
}

/**
 * `<offset.length>` applied (RFC 9051 §6.4.5): the octets from `offset`, at most `length` of them; nothing
 * when `offset` is past the end. A range stays a (narrower) range, so nothing before it is read.
 */
export function sliceBody(body: SectionBody, partial: PartialRange | undefined): SectionBody {
  if (partial === undefined) return body;
  const size = bodySize(body);
  const start = Math.min(partial.offset, size);
  const end = Math.min(size, start + partial.length);
  if (start === 0 && end === size) return body;
  if (start === end) return emptyBody();
  switch (body.kind) {
    case 'bytes':
      return { kind: 'bytes', bytes: body.bytes.subarray(start, end), hasNul: body.hasNul };
    case 'range':
      return {
        kind: 'range',
        range: { start: body.range.start + start, end: body.range.start + end },
        read: body.read,
      };
    case 'stream':
      return {
        kind: 'stream',
        size: end - start,
        hasNul: body.hasNul,
        open: () => skipAndTake(body.open(), start, end - start),
      };
  }
}

/** The octets after the first `skip`, `take` of them at most. */
export async function* skipAndTake(
  input: AsyncIterable<Uint8Array>,
  skip: number,
  take: number,
): AsyncIterable<Uint8Array> {
  let toSkip = skip;
  let left = take;
  for await (const chunk of input) {
    if (left <= 0) return;
    const from = Math.min(toSkip, chunk.length);
    toSkip -= from;
    const piece = chunk.subarray(from, from + Math.min(left, chunk.length - from));
    left -= piece.length;
    if (piece.length > 0) yield piece;
  }
}

/**
 * Exactly `size` octets, as announced by `{size}`: extra ones are cut, and running short throws. A short
 * stored message means the blob store lost data; once a literal is announced the line cannot be repaired,
 * so the session must close the connection (Dovecot disconnects with "FETCH failed" in the same case).
 */
async function* exactly(input: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Uint8Array> {
  let sent = 0;
  for await (const chunk of skipAndTake(input, 0, size)) {
    sent += chunk.length;
    yield chunk;
  }
  if (sent !== size)
    throw new Error(`stored message ended after ${sent} of ${size} octets of a FETCH literal`);
}

/**
 * The chunk with every NUL replaced by NUL_STAND_IN; the same chunk when it has none (the usual case). Looked
 * for by Buffer's native search: Uint8Array's own `includes` (what node:sqlite returns) reads a byte at a
 * time, 3.5 µs for a 10 KiB message against 0.1 µs.
 */
export function replaceNul(chunk: Uint8Array): Uint8Array {
  if (!hasNulOctet(chunk)) return chunk;
  const copy = Uint8Array.from(chunk);
  for (let index = copy.indexOf(0); index >= 0; index = copy.indexOf(0, index + 1))
    copy[index] = NUL_STAND_IN;
  return copy;
}

/** Whether the octets hold a NUL, by Buffer's native search (see replaceNul). */
export function hasNulOctet(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) !== -1;
}

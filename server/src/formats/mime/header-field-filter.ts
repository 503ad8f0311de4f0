// The fields of a header block whose names are (or are not) in a list, matched case-insensitively, in their
// original order with their continuation lines, then the blank line that ends the block: IMAP's
// BODY[HEADER.FIELDS (…)] and BODY[HEADER.FIELDS.NOT (…)] (RFC 9051 §6.4.5), and the header cache made at
// import (header-cache.ts). HeaderFieldFilter works on chunks as they are read; filterHeaderBlock() does the
// same on a block held whole in memory (the header cache), in one pass and one allocation.
// Security: stored network input; what is held is bounded by MAX_FIELD_NAME_SCAN whatever the lines are.

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/**
 * Octets of a line searched for the colon that ends a field name. RFC 5322 lines are at most 998 octets, so
 * a longer run without a colon is not a field: the line is left out without holding more of it.
 */
const MAX_FIELD_NAME_SCAN = 998;

/** Where the filter is within the current line. */
type LineState = 'start' | 'name' | 'rest';

/** Keeps or drops whole fields of a header block; push() the block's octets in order. */
export class HeaderFieldFilter {
  readonly #names: NameList;
  readonly #isExclusion: boolean;
  #state: LineState = 'start';
  /** The first octets of a field line, held until its name is known. */
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  /** Whether the rest of the current line is kept. */
  #isLineKept = false;
  /** Whether the current field is kept: its continuation lines follow it. */
  #isFieldKept = false;
  /** The blank line was seen: the block is over. */
  #isDone = false;

  /** `names` as sent by the client; `isExclusion` for HEADER.FIELDS.NOT. */
  constructor(names: readonly string[], isExclusion: boolean) {
    this.#names = nameListOf(names);
    this.#isExclusion = isExclusion;
  }

  /** The octets of `chunk` that are kept, as views into it (or a copy when a line spanned chunks). */
  push(chunk: Uint8Array): Uint8Array[] {
    const kept: Uint8Array[] = [];
    let position = 0;
    while (position < chunk.length && !this.#isDone) {
      if (this.#state === 'start') {
        // A line starting with SP or HTAB continues the field before it (RFC 5322 §2.2.3).
        const first = chunk[position];
        const isContinuation = first === SP || first === TAB;
        this.#isLineKept = isContinuation && this.#isFieldKept;
        this.#state = isContinuation ? 'rest' : 'name';
      } else if (this.#state === 'name') {
        position = this.#readName(chunk, position, kept);
      } else {
        const lf = chunk.indexOf(LF, position);
        const end = lf < 0 ? chunk.length : lf + 1;
        if (this.#isLineKept) kept.push(chunk.subarray(position, end));
        if (lf >= 0) this.#state = 'start';
        position = end;
      }
    }
    return kept;
  }

  /** Hold the first octets of a line up to its colon, line end or the scan limit, then decide the field. */
  #readName(chunk: Uint8Array, from: number, kept: Uint8Array[]): number {
    const window = chunk.subarray(from, from + MAX_FIELD_NAME_SCAN - this.#pendingLength);
    const stop = firstOf(window, COLON, LF);
    const taken = stop < 0 ? window : window.subarray(0, stop + 1);
    this.#pending.push(taken);
    this.#pendingLength += taken.length;
    const next = from + taken.length;
    if (stop < 0 && this.#pendingLength < MAX_FIELD_NAME_SCAN) return next;
    const head = this.#pending.length === 1 ? taken : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingLength = 0;
    const last = stop < 0 ? -1 : head[head.length - 1];
    if (last === LF && isBlankLine(head)) {
      // The blank line always ends the result (RFC 9051 §7.5.2: it is part of the header data).
      kept.push(head);
      this.#isDone = true;
      return next;
    }
    // A line with no colon in reach is not a field (RFC 5322 §2.2): left out, with its continuations.
    this.#isFieldKept = last === COLON && this.#isNameKept(head.subarray(0, head.length - 1));
    this.#isLineKept = this.#isFieldKept;
    if (this.#isFieldKept) kept.push(head);
    this.#state = last === LF ? 'start' : 'rest';
    return next;
  }

  #isNameKept(name: Uint8Array): boolean {
    return isNameListed(this.#names, name, 0, name.length) !== this.#isExclusion;
  }
}

/**
 * What HeaderFieldFilter keeps of `block`, for a block held whole: the same rules line by line, the kept
 * lines located first and copied once into the result.
 */
export function filterHeaderBlock(block: Uint8Array, names: readonly string[], isExclusion: boolean): Buffer {
  const ranges = keptHeaderLines(block, names, isExclusion);
  const kept = Buffer.allocUnsafe(rangesSize(ranges));
  let offset = 0;
  for (let index = 0; index < ranges.length; index += 2) {
    const line = block.subarray(ranges[index], ranges[index + 1]);
    kept.set(line, offset);
    offset += line.length;
  }
  return kept;
}

/**
 * The lines filterHeaderBlock() keeps, as start and end offsets into `block`, in order (lines kept one after
 * another make one range): for a caller that copies them straight to where they go (a FETCH response).
 */
export function keptHeaderLines(block: Uint8Array, names: readonly string[], isExclusion: boolean): number[] {
  const listed = nameListOf(names);
  const ranges: number[] = [];
  let isFieldKept = false;
  let position = 0;
  while (position < block.length) {
    const first = block[position];
    if (first === SP || first === TAB) {
      const end = lineEnd(block, position);
      if (isFieldKept) keep(ranges, position, end);
      position = end;
      continue;
    }
    // The name ends at a colon within the line and the scan limit; field names are short, so the octets up
    // to it are read in a loop rather than searched for twice (the colon, then the line's end).
    const limit = Math.min(block.length, position + MAX_FIELD_NAME_SCAN);
    let stop = position;
    while (stop < limit && block[stop] !== COLON && block[stop] !== LF) stop++;
    if (stop < limit && block[stop] === LF) {
      const end = stop + 1;
      if (end - position === 1 + (first === CR ? 1 : 0)) {
        // The blank line ends the block and is part of the result.
        keep(ranges, position, end);
        break;
      }
      // A line without a colon is not a field.
      isFieldKept = false;
      position = end;
      continue;
    }
    const end = lineEnd(block, stop);
    isFieldKept = stop < limit && isNameListed(listed, block, position, stop) !== isExclusion;
    if (isFieldKept) keep(ranges, position, end);
    position = end;
  }
  return ranges;
}

/** Just after the LF that ends the line `from` is in, or the block's end. */
function lineEnd(block: Uint8Array, from: number): number {
  const lf = block.indexOf(LF, from);
  return lf < 0 ? block.length : lf + 1;
}

/** Adds a line to the ranges: a line that follows the last kept one extends its range. */
function keep(ranges: number[], start: number, end: number): void {
  if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
  else ranges.push(start, end);
}

/** Octets in the ranges keptHeaderLines() returned. */
export function rangesSize(ranges: readonly number[]): number {
  let size = 0;
  for (let index = 0; index < ranges.length; index += 2)
    size += (ranges[index + 1] ?? 0) - (ranges[index] ?? 0);
  return size;
}

/** A client's field names, ready to match: lower-cased, and the ASCII ones also as bytes by length. */
interface NameList {
  readonly lowerCase: ReadonlySet<string>;
  readonly asciiByLength: ReadonlyMap<number, readonly Uint8Array[]>;
}

/**
 * Whether the field name in bytes [start, end) is in `names`: its latin1 text without trailing white space,
 * lower-cased. A plain ASCII name (the usual case) is compared as bytes, without making a string.
 */
function isNameListed(names: NameList, bytes: Uint8Array, start: number, end: number): boolean {
  // obs-optional (RFC 5322 §4.5.3) allows spaces before the colon; they are not part of the name.
  let stop = end;
  while (stop > start && (bytes[stop - 1] === SP || bytes[stop - 1] === TAB)) stop--;
  if (isAsciiName(bytes, start, stop)) {
    for (const candidate of names.asciiByLength.get(stop - start) ?? []) {
      if (equalsIgnoringAsciiCase(bytes, start, candidate)) return true;
    }
    return false;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  return names.lowerCase.has(text.trimEnd().toLowerCase());
}

/** ASCII, and not ending in a character trimEnd() would remove (those take the string path). */
function isAsciiName(bytes: Uint8Array, start: number, stop: number): boolean {
  const last = bytes[stop - 1] ?? 0;
  if (stop > start && last >= 0x09 && last <= 0x0d) return false;
  for (let index = start; index < stop; index++) if ((bytes[index] ?? 0) >= 0x80) return false;
  return true;
}

/** `candidate` is lower case; `bytes` from `start` has its length. */
function equalsIgnoringAsciiCase(bytes: Uint8Array, start: number, candidate: Uint8Array): boolean {
  for (let index = 0; index < candidate.length; index++) {
    const byte = bytes[start + index] ?? 0;
    const lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
    if (lower !== candidate[index]) return false;
  }
  return true;
}

/**
 * The names ready to match, made once per list: a FETCH filters every message's header with the same list, so
 * the list is shared by its thousand filters.
 */
const NAME_LISTS = new WeakMap<readonly string[], NameList>();

function nameListOf(names: readonly string[]): NameList {
  let list = NAME_LISTS.get(names);
  if (list === undefined) {
    const lowerCase = new Set(names.map((name) => name.toLowerCase()));
    const asciiByLength = new Map<number, Uint8Array[]>();
    for (const name of lowerCase) {
      if (!/^[\x00-\x7f]*$/.test(name)) continue;
      const bytes = Buffer.from(name, 'latin1');
      asciiByLength.set(bytes.length, [...(asciiByLength.get(bytes.length) ?? []), bytes]);
    }
    list = { lowerCase, asciiByLength };
    NAME_LISTS.set(names, list);
  }
  return list;
}

/** Index of the first `a` or `b` in `bytes`, or -1. */
function firstOf(bytes: Uint8Array, a: number, b: number): number {
  const first = bytes.indexOf(a);
  const second = bytes.indexOf(b);
  if (first < 0) return second;
  return second < 0 ? first : Math.min(first, second);
}

function isBlankLine(line: Uint8Array): boolean {
  return line.length === 1 || (line.length === 2 && line[0] === CR);
}

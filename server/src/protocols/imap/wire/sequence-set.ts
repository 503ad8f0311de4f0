// Sequence sets (RFC 9051 §9 `sequence-set`; `$`, the saved search result, RFC 5182): parse, normalise,
// resolve `*`, test and iterate, format compactly. Arguments use it (`FETCH 1:3,7:*`) and so do responses
// (ESEARCH ALL, VANISHED, COPYUID). Security: every operation is bounded by the number of ranges, never by
// the numbers they span (`1:4294967295` is one range).

import { ParseError } from '#core/errors';
import { MAX_NUMBER, PARSE_ERRORS, printable } from './tokens.ts';

/** `*` before resolve(): greater than every number, so it sorts last and a range `5:*` reads 5..∞. */
export const STAR = Number.POSITIVE_INFINITY;

export interface SequenceRange {
  /** start <= end once in a SequenceSet. */
  readonly start: number;
  readonly end: number;
}

export interface SequenceSetOptions {
  /** `$` is allowed (SEARCHRES advertised and the command takes it). */
  readonly allowSearchResult?: boolean;
  readonly maxRanges?: number;
}

export class SequenceSet {
  /** Sorted, merged (no two ranges touch), start <= end. */
  readonly ranges: readonly SequenceRange[];
  /** `$`: the session substitutes the saved result before using the set. */
  readonly isSearchResult: boolean;

  private constructor(ranges: readonly SequenceRange[], isSearchResult: boolean) {
    this.ranges = ranges;
    this.isSearchResult = isSearchResult;
  }

  static readonly SEARCH_RESULT = new SequenceSet([], true);
  static readonly EMPTY = new SequenceSet([], false);

  /** Parse the text of a sequence set; ranges come out normalised (the order of the text is not kept). */
  static parse(text: string, options: SequenceSetOptions = {}): SequenceSet {
    if (text === '$') {
      if (options.allowSearchResult === true) return SequenceSet.SEARCH_RESULT;
      throw invalid(text, 'the saved search result ($) is not allowed here');
    }
    const items = text.split(',');
    const maxRanges = options.maxRanges ?? Number.POSITIVE_INFINITY;
    if (items.length > maxRanges) {
      throw new ParseError(PARSE_ERRORS.limit, `Sequence set has more than ${maxRanges} ranges`);
    }
    return SequenceSet.fromRanges(items.map((item) => parseRange(item, text)));
  }

  /** The set of these numbers (any order, duplicates allowed). */
  static fromNumbers(numbers: Iterable<number>): SequenceSet {
    const sorted = Float64Array.from(numbers).sort();
    const ranges: SequenceRange[] = [];
    let index = 0;
    while (index < sorted.length) {
      const start = sorted[index]!;
      let end = start;
      while (index + 1 < sorted.length && sorted[index + 1]! <= end + 1) end = sorted[++index]!;
      ranges.push({ start, end });
      index++;
    }
    return new SequenceSet(ranges, false);
  }

  /** The union of these ranges, in either direction (`7:3` is 3..7, as RFC 9051 §9 says). */
  static fromRanges(ranges: Iterable<SequenceRange>): SequenceSet {
    const ordered = [...ranges].map(({ start, end }) =>
      start <= end ? { start, end } : { start: end, end: start },
    );
    ordered.sort((a, b) => a.start - b.start);
    const merged: SequenceRange[] = [];
    for (const range of ordered) {
      const last = merged[merged.length - 1];
      if (last !== undefined && range.start <= last.end + 1) {
        if (range.end > last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
      } else merged.push(range);
    }
    return new SequenceSet(merged, false);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  get hasStar(): boolean {
    return this.ranges.length > 0 && this.ranges[this.ranges.length - 1]!.end === STAR;
  }

  /** How many numbers the set names (Infinity while it holds `*`). */
  get count(): number {
    let count = 0;
    for (const { start, end } of this.ranges) count += end - start + 1;
    return count;
  }

  /** The largest number named (STAR while unresolved), or 0 for the empty set. */
  get last(): number {
    return this.ranges[this.ranges.length - 1]?.end ?? 0;
  }

  /**
   * `*` replaced by `max`, the largest number in use (RFC 9051 §9 seq-number: the message count, or the last
   * UID, or UIDNEXT in an empty mailbox). `5:*` with max 3 is 3:5, so a client asking `UID FETCH 100:*` still
   * gets the last message. Numbers above max stay: intersect with what exists.
   */
  resolve(max: number): SequenceSet {
    if (!this.hasStar) return this;
    const ranges = this.ranges.map(({ start, end }) => ({
      start: Math.max(1, start === STAR ? max : start),
      end: end === STAR ? max : end,
    }));
    return SequenceSet.fromRanges(ranges.filter((range) => range.start >= 1 && range.end >= 1));
  }

  /** Whether n is in the set (`*` counts as larger than everything). Binary search: O(log ranges). */
  contains(n: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const range = this.ranges[middle]!;
      if (n < range.start) high = middle - 1;
      else if (n > range.end) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** The numbers of the set in ascending order, none above `upTo`: iteration ends however wide the ranges. */
  *values(upTo: number): Generator<number> {
    for (const { start, end } of this.ranges) {
      if (start > upTo) return;
      const stop = Math.min(end, upTo);
      for (let n = start; n <= stop; n++) yield n;
    }
  }

  /** Compact text: `1:3,5,7:*`. Empty for the empty set, which the grammar cannot express: omit it. */
  format(): string {
    if (this.isSearchResult) return '$';
    return this.ranges.map(formatRange).join(',');
  }

  toString(): string {
    return this.format();
  }
}

/**
 * Numbers in the order given, consecutive runs joined: `[7, 8, 9, 3]` → `7:9,3`. For COPYUID, whose two sets
 * must pair up in order (RFC 4315 §3), where sorting one set would break the pairing.
 */
export function formatOrderedNumbers(numbers: readonly number[]): string {
  const parts: string[] = [];
  let index = 0;
  while (index < numbers.length) {
    const start = numbers[index]!;
    let end = start;
    while (index + 1 < numbers.length && numbers[index + 1] === end + 1) end = numbers[++index]!;
    parts.push(formatRange({ start, end }));
    index++;
  }
  return parts.join(',');
}

function formatRange({ start, end }: SequenceRange): string {
  const first = start === STAR ? '*' : String(start);
  if (start === end) return first;
  return `${first}:${end === STAR ? '*' : String(end)}`;
}

function parseRange(item: string, text: string): SequenceRange {
  const colon = item.indexOf(':');
  if (colon === -1) {
    const n = parseSequenceNumber(item, text);
    return { start: n, end: n };
  }
  return {
    start: parseSequenceNumber(item.slice(0, colon), text),
    end: parseSequenceNumber(item.slice(colon + 1), text),
  };
}

/** seq-number = nz-number / "*"; nz-number = digit-nz *DIGIT, at most 2^32 - 1. */
function parseSequenceNumber(item: string, text: string): number {
  if (item === '*') return STAR;
  if (!/^[1-9][0-9]{0,9}$/.test(item)) {
    const reason =
      item === '' ? 'a number is missing' : `"${printable(item)}" is not a number from 1 to ${MAX_NUMBER}`;
    throw invalid(text, reason);
  }
  const n = Number(item);
  if (n > MAX_NUMBER) throw invalid(text, `${item} is greater than ${MAX_NUMBER}`);
  return n;
}

function invalid(text: string, reason: string): ParseError {
  return new ParseError(PARSE_ERRORS.syntax, `Invalid sequence set "${printable(text)}": ${reason}`);
}

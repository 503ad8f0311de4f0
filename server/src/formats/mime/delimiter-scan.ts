// Finds multipart delimiter lines (RFC 2046 §5.1.1) the way @zone-eu/mailsplit 5.4.30 recognises them, so that
// part ends are exact even where the splitter's own chunks are not (a body that is only a line break, parts past
// our limits, a splitter stopped early). The CRLF before a delimiter belongs to the delimiter (IMAP BODY[n] ends before it).
// Security: each boundary is searched with Buffer.indexOf and the result cached, so scanning stays linear per boundary.

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
/** SP/HTAB plus line-end bytes mailsplit tolerates after a delimiter (its BOUNDARY_LINE_TRAILING_WSP + CR run). */
const MAX_DELIMITER_TRAILER = 1002;

export interface Delimiter {
  /** Offset of the delimiter line (its "--", or the stray CR before it). */
  readonly lineStart: number;
  /** Offset just past the delimiter line, including its line break. */
  readonly lineEnd: number;
  /** Where the preceding part's body ends: lineStart minus the line break that precedes the delimiter. */
  readonly bodyEnd: number;
  readonly isClosing: boolean;
  readonly boundary: Buffer;
}

interface CachedHit {
  /** No delimiter of this boundary starts in [from, hit.lineStart) (or anywhere from `from` when hit is undefined). */
  readonly from: number;
  readonly hit: Delimiter | undefined;
}

export class DelimiterScanner {
  private readonly bytes: Buffer;
  private readonly cache = new Map<Buffer, CachedHit>();

  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  /** The first delimiter line of any of `boundaries` starting at or after `from`. */
  first(from: number, boundaries: readonly Buffer[]): Delimiter | undefined {
    let best: Delimiter | undefined;
    for (const boundary of boundaries) {
      const hit = this.firstOf(from, boundary);
      if (hit && (best === undefined || hit.lineStart < best.lineStart)) best = hit;
    }
    return best;
  }

  private firstOf(from: number, boundary: Buffer): Delimiter | undefined {
    const cached = this.cache.get(boundary);
    if (cached && cached.from <= from && (cached.hit === undefined || cached.hit.lineStart >= from))
      return cached.hit;
    const hit = this.search(from, boundary);
    this.cache.set(boundary, { from, hit });
    return hit;
  }

  private search(from: number, boundary: Buffer): Delimiter | undefined {
    const needle = Buffer.concat([Buffer.from('--'), boundary]);
    let position = from;
    for (;;) {
      const found = this.bytes.indexOf(needle, position);
      if (found < 0) return undefined;
      const delimiter = this.validate(found, from, needle.length, boundary);
      if (delimiter) return delimiter;
      position = found + 1;
    }
  }

  /** Is the "--boundary" at `dashes` a whole delimiter line? mailsplit's checkBoundary + compareBoundary. */
  private validate(
    dashes: number,
    from: number,
    needleLength: number,
    boundary: Buffer,
  ): Delimiter | undefined {
    const bytes = this.bytes;
    let lineStart: number;
    if (dashes === 0 || bytes[dashes - 1] === LF) {
      lineStart = dashes;
    } else if (bytes[dashes - 1] === CR && (dashes === 1 || bytes[dashes - 2] === LF)) {
      // mailsplit skips one stray CR at the start of a line before looking for "--".
      lineStart = dashes - 1;
    } else {
      return undefined;
    }
    if (lineStart < from) return undefined;
    let index = dashes + needleLength;
    let isClosing = false;
    if (bytes[index] === DASH) {
      if (bytes[index + 1] !== DASH) return undefined;
      isClosing = true;
      index += 2;
    }
    const trailerStart = index;
    while (bytes[index] === 0x20 || bytes[index] === 0x09) index++;
    let lineEnd: number;
    if (index === bytes.length) {
      // Only the closing delimiter may end the input without a line break.
      if (!isClosing) return undefined;
      lineEnd = index;
    } else {
      while (bytes[index] === CR) index++;
      if (bytes[index] === LF) index++;
      else if (index !== bytes.length) return undefined;
      lineEnd = index;
    }
    if (lineEnd - trailerStart > MAX_DELIMITER_TRAILER) return undefined;
    let bodyEnd = lineStart;
    if (bodyEnd > 0 && bytes[bodyEnd - 1] === LF) {
      bodyEnd--;
      if (bodyEnd > 0 && bytes[bodyEnd - 1] === CR) bodyEnd--;
    }
    return { lineStart, lineEnd, bodyEnd, isClosing, boundary };
  }
}

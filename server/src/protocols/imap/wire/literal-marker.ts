// The literal announcement that may end a command line: `{n}` (RFC 9051 §4.3), `{n+}` (RFC 7888 LITERAL+/-),
// `~{n}` and `~{n+}` (RFC 3516 literal8). The reader and the cursor both use this one definition, so framing
// and parsing can never disagree about where a literal starts.

export interface LiteralMarker {
  /** Octets announced. */
  readonly size: number;
  /** `{n}`: the client waits for our `+` before sending the octets. */
  readonly isSync: boolean;
  /** `~{n}`: binary data, NUL allowed (RFC 3516). */
  readonly isBinary: boolean;
  /** Offset of `{` (or of `~`) in the line. */
  readonly start: number;
}

/** A marker whose size is not a safe integer: we cannot tell how many octets follow. */
export interface UnreadableMarker {
  readonly isUnreadable: true;
  readonly isSync: boolean;
  readonly start: number;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const PLUS = 0x2b;
const TILDE = 0x7e;
/**
 * Digits of a size we still try to read. number64 has 19 digits and leading zeros are legal, so allow some;
 * a longer run is still a marker (the client means to send something), just one we cannot read.
 */
const MAX_SIZE_DIGITS = 32;

/**
 * The marker ending `line` (CRLF already removed; or the part from..to of it), if any; `start` counts from
 * the beginning of `line`. A trailing `{digits}` is taken as a literal
 * whatever precedes it: a valid command can only end that way with a literal (inside a quoted string the
 * closing quote would come last), and for an invalid one, believing the client keeps us in step with the
 * octets it is about to send, which is what matters for not reading data as commands.
 */
export function findLiteralMarker(
  line: Buffer,
  from = 0,
  to = line.length,
): LiteralMarker | UnreadableMarker | undefined {
  let index = to - 1;
  if (index - from < 2 || line[index] !== CLOSE_BRACE) return undefined;
  index--;
  const isSync = line[index] !== PLUS;
  if (!isSync) index--;
  const digitsEnd = index + 1;
  while (index >= from && isDigit(line[index]!)) index--;
  const digitsStart = index + 1;
  if (digitsStart === digitsEnd || index < from || line[index] !== OPEN_BRACE) return undefined;
  const isBinary = index > from && line[index - 1] === TILDE;
  const start = isBinary ? index - 1 : index;
  if (digitsEnd - digitsStart > MAX_SIZE_DIGITS) return { isUnreadable: true, isSync, start };
  const size = Number(line.toString('latin1', digitsStart, digitsEnd));
  if (!Number.isSafeInteger(size)) return { isUnreadable: true, isSync, start };
  return { size, isSync, isBinary, start };
}

/**
 * The marker ending the kept tail of a line too long to keep whole. When the tail was cut and is digits back
 * to its start, the size had more digits than we kept: a marker we cannot read, not "no marker".
 */
export function findLiteralMarkerInTail(
  tail: Buffer,
  isCut: boolean,
): LiteralMarker | UnreadableMarker | undefined {
  const marker = findLiteralMarker(tail);
  if (marker !== undefined || !isCut) return marker;
  const match = /^[0-9]+(\+?)\}$/.exec(tail.toString('latin1'));
  return match === null ? undefined : { isUnreadable: true, isSync: match[1] === '', start: 0 };
}

export function isUnreadable(marker: LiteralMarker | UnreadableMarker): marker is UnreadableMarker {
  return 'isUnreadable' in marker;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

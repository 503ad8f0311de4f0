// Field-level pieces of a DSN (RFC 3464 §2): dates in RFC 5322 form, xtext decoding of ORCPT and ENVID
// (RFC 3461 §4), and header fields made safe: one logical line of printable ASCII, folded under 78 columns.
// Security: remote replies end up here; CR, LF and control bytes never reach the generated header.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters. */
const FOLD_AT = 78;
/** A remote reply quoted in a DSN is cut here: the DSN must stay readable and bounded. */
export const MAX_QUOTED_REPLY = 2000;

/** `Sat, 28 Nov 2026 10:04:05 +0000` (RFC 5322 §3.3), in UTC so the text never depends on the host's zone. */
export function rfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** xtext (`+2B` for `+`, RFC 3461 §4) to text; a malformed escape is kept as written. */
export function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** One line of printable ASCII: line breaks become spaces, other controls and 8-bit text become `?`. */
export function asciiLine(value: string, maxLength = MAX_QUOTED_REPLY): string {
  const oneLine = value
    .replace(/\r?\n/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}...` : oneLine;
}

/** `Name: value` folded at white space before 78 columns (a word longer than that stays whole). */
export function foldedField(name: string, value: string): string {
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > FOLD_AT && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

// Header-like field blocks (RFC 5322 §2.2) as MDNs use them: read — the fields of a message/disposition-
// notification part (RFC 8098 §3.1), or of an original message's header section — and written, one field per
// line, folded under 78 columns.
// Security: parsed blocks are network input; reading is linear and bounded by the caller's byte and field caps.

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters. */
const FOLD_AT = 78;
/** RFC 5322 §3.6.8: a field name is printable ASCII without colon; longer than a line is not one. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;

export interface ReportField {
  /** As written (case kept). */
  readonly name: string;
  /** Unfolded, outer white space trimmed; bytes read as UTF-8. */
  readonly value: string;
}

const utf8 = new TextDecoder('utf-8');

/** Whether `name` can be a field name. */
export function isFieldName(name: string): boolean {
  return FIELD_NAME.test(name);
}

/**
 * The fields of the block at the start of `bytes`, in order, up to the blank line that ends it, reading at
 * most `maxBytes` and keeping at most `maxFields`. Lines that are no field (no colon) are skipped.
 */
export function readFields(bytes: Uint8Array, maxBytes: number, maxFields: number): ReportField[] {
  const limit = Math.min(bytes.length, maxBytes);
  const fields: ReportField[] = [];
  let fieldStart = -1;
  let lineStart = 0;
  const flush = (end: number) => {
    if (fieldStart >= 0 && fields.length < maxFields) pushField(fields, bytes.subarray(fieldStart, end));
  };
  while (lineStart < limit && fields.length < maxFields) {
    let lf = bytes.indexOf(LF, lineStart);
    if (lf < 0 || lf >= limit) lf = limit;
    const first = bytes[lineStart];
    const isBlank = lf === lineStart || (lf === lineStart + 1 && first === CR);
    if (first !== SP && first !== TAB) {
      flush(lineStart);
      fieldStart = isBlank ? -1 : lineStart;
      if (isBlank) return fields;
    }
    lineStart = lf + 1;
  }
  flush(Math.min(lineStart, limit));
  return fields;
}

function pushField(fields: ReportField[], bytes: Uint8Array): void {
  const colon = bytes.indexOf(COLON);
  if (colon <= 0) return;
  const name = utf8.decode(bytes.subarray(0, colon)).trim();
  if (!isFieldName(name)) return;
  const value = utf8
    .decode(bytes.subarray(colon + 1))
    .replace(/\r?\n|\r/g, '')
    .replaceAll('\0', '')
    .trim();
  fields.push({ name, value });
}

/** The values of the fields named `name` (case-insensitive), in order. */
export function fieldValues(fields: readonly ReportField[], name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter((field) => field.name.toLowerCase() === lower).map((field) => field.value);
}

/**
 * `value` without its RFC 5322 comments (nested parentheses, backslash escapes), as RFC 8098 §3.1 asks MDN
 * parsers to read OWS; white space runs become one space.
 */
export function withoutComments(value: string): string {
  let depth = 0;
  let kept = '';
  for (let index = 0; index < value.length; index++) {
    const char = value[index] as string;
    if (char === '\\' && depth > 0) {
      index += 1;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')' && depth > 0) {
      depth -= 1;
      kept += ' ';
    } else if (depth === 0) {
      kept += char;
    }
  }
  return kept.replace(/\s+/g, ' ').trim();
}

/** One line of text: no control characters (they would break the field or the line), white space folded. */
export function isOneLine(value: string): boolean {
  return !/[\x00-\x1f\x7f]/.test(value);
}

/** `Name: value` folded at white space before 78 columns (a word longer than that stays whole); CRLF ends. */
export function fieldLine(name: string, value: string): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of value.split(' ')) {
    if (line.length + 1 + word.length > FOLD_AT && line !== `${name}:`) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return `${lines.join('\r\n')}\r\n`;
}

// The few top-level header fields a mailbox file import reads or drops: the Message-ID and Date a message is
// recognised and dated by, and the status fields mbox writers keep inside the message (RFC 5322 §2.2, §3.6.4).
// Security: reads files an administrator was handed; bounded by MAX_HEADER_SCAN whatever the input.

/** Header bytes looked at: parse-message reads 2 MiB; a Message-ID or Status field lies well before that. */
export const MAX_HEADER_SCAN = 2 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
/** Bytes searched for the colon after a field name (the MIME codec's bound too). */
const MAX_NAME_SCAN = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

interface FieldSpan {
  /** Lower case. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly valueStart: number;
}

/** Each top-level field in order, with its byte span (continuation lines included). */
function* fieldSpans(raw: Uint8Array): Generator<FieldSpan> {
  const limit = Math.min(raw.length, MAX_HEADER_SCAN);
  let start = -1;
  let lineStart = 0;
  while (lineStart < limit) {
    const lf = raw.indexOf(LF, lineStart);
    const hasEnd = lf >= 0 && lf < limit;
    const first = raw[lineStart];
    const isBlank = hasEnd && (lf === lineStart || (lf === lineStart + 1 && first === CR));
    if (first !== SP && first !== TAB) {
      if (start >= 0) {
        const span = spanOf(raw, start, lineStart);
        if (span !== undefined) yield span;
      }
      if (isBlank) return;
      start = lineStart;
    }
    lineStart = hasEnd ? lf + 1 : limit;
  }
  if (start >= 0) {
    const span = spanOf(raw, start, lineStart);
    if (span !== undefined) yield span;
  }
}

function spanOf(raw: Uint8Array, start: number, end: number): FieldSpan | undefined {
  const colon = raw.subarray(start, Math.min(end, start + MAX_NAME_SCAN)).indexOf(COLON);
  if (colon < 0) return undefined;
  const name = decodeBytes(raw.subarray(start, start + colon))
    .trim()
    .toLowerCase();
  return { name, start, end, valueStart: start + colon + 1 };
}

/** As the MIME codec reads header bytes: UTF-8 when they are valid UTF-8, else Windows-1252. */
function decodeBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}

/** The first value of each of `names` (lower case) in the top-level header, unfolded and trimmed. */
export function readHeaderFields(raw: Uint8Array, names: ReadonlySet<string>): Map<string, string> {
  const values = new Map<string, string>();
  for (const span of fieldSpans(raw)) {
    if (!names.has(span.name) || values.has(span.name)) continue;
    const value = decodeBytes(raw.subarray(span.valueStart, span.end));
    values.set(span.name, value.replace(/\r?\n|\r/g, '').trim());
    if (values.size === names.size) break;
  }
  return values;
}

/** The message without the top-level fields named in `names` (lower case); the same array when none is there. */
export function removeHeaderFields(raw: Uint8Array, names: ReadonlySet<string>): Uint8Array {
  const cuts = [...fieldSpans(raw)].filter((span) => names.has(span.name));
  if (cuts.length === 0) return raw;
  const kept: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    kept.push(raw.subarray(from, cut.start));
    from = cut.end;
  }
  kept.push(raw.subarray(from));
  return Buffer.concat(kept);
}

/**
 * The message's Message-ID the way the MIME codec stores it (the first `<…>` of the field, or a bare
 * `local@domain`), so an import can recognise a message it already stored; undefined without one.
 */
export function messageIdOf(raw: Uint8Array): string | undefined {
  const value = readHeaderFields(raw, MESSAGE_ID_FIELD).get('message-id');
  if (value === undefined) return undefined;
  const bracketed = /<([^<>\s]{1,998})>/.exec(value);
  if (bracketed !== null) return bracketed[1];
  return /^[^\s<>]+@[^\s<>]+$/.test(value) && value.length <= 998 ? value : undefined;
}

const MESSAGE_ID_FIELD = new Set(['message-id']);

/** Bare LF line ends made CRLF (IMAP and SMTP speak CRLF; Maildir and mbox files mostly hold LF). */
export function toCrlf(raw: Uint8Array): Uint8Array {
  let bare = 0;
  for (let at = raw.indexOf(LF); at >= 0; at = raw.indexOf(LF, at + 1)) if (raw[at - 1] !== CR) bare += 1;
  if (bare === 0) return raw;
  const out = new Uint8Array(raw.length + bare);
  let to = 0;
  let from = 0;
  for (let at = raw.indexOf(LF); at >= 0; at = raw.indexOf(LF, at + 1)) {
    if (raw[at - 1] === CR) continue;
    out.set(raw.subarray(from, at), to);
    to += at - from;
    out[to++] = CR;
    out[to++] = LF;
    from = at + 1;
  }
  out.set(raw.subarray(from), to);
  return out;
}

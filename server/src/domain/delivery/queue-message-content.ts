// What the queue needs to know of a message's bytes without parsing its MIME structure: CRLF line ends (SMTP
// and DKIM work on them), the header section, one header field's value, and whether 8BITMIME or SMTPUTF8 is
// needed. Works on any bytes: a malformed message is still queued as it is.

const CR = 0x0d;
const LF = 0x0a;

/** Bare LF (and a bare CR) become CRLF; a message already in CRLF comes back as the same bytes. */
export function toCrlf(raw: Uint8Array): Buffer {
  let bareCount = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === LF && raw[i - 1] !== CR) bareCount++;
    else if (raw[i] === CR && raw[i + 1] !== LF) bareCount++;
  }
  const input = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bareCount === 0) return input;
  const output = Buffer.allocUnsafe(raw.length + bareCount);
  let at = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] ?? 0;
    if (byte === LF && raw[i - 1] !== CR) {
      output[at++] = CR;
      output[at++] = LF;
    } else if (byte === CR && raw[i + 1] !== LF) {
      output[at++] = CR;
      output[at++] = LF;
    } else {
      output[at++] = byte;
    }
  }
  return output;
}

/** Length of the header section including the blank line that ends it; the whole message when there is none. */
export function headerLength(raw: Uint8Array): number {
  const end = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf('\r\n\r\n');
  return end < 0 ? raw.length : end + 4;
}

/** The header section (with its ending blank line), as latin1 text so every byte survives. */
export function headerSection(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, headerLength(raw)).toString('latin1');
}

/** The unfolded value of the first `name` field of a header section, or undefined. */
export function firstHeaderValue(header: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const lines = header.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line) || line.slice(0, colon).trim().toLowerCase() !== wanted) continue;
    let value = line.slice(colon + 1);
    // Folded continuation lines start with white space (RFC 5322 §2.2.3).
    while (/^[ \t]/.test(lines[i + 1] ?? '')) value += lines[++i];
    return value.trim();
  }
  return undefined;
}

function hasHighByte(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] ?? 0) >= 0x80) return true;
  return false;
}

export interface MessageTraits {
  /** Some byte is 8-bit: the next hop must accept BODY=8BITMIME (RFC 6152). */
  readonly is8bit: boolean;
  /** The header holds UTF-8 (RFC 6532): only an SMTPUTF8 server may take it (RFC 6531). */
  readonly hasUtf8Header: boolean;
}

export function messageTraits(raw: Uint8Array): MessageTraits {
  const header = headerLength(raw);
  const hasUtf8Header = hasHighByte(raw, 0, header);
  return { is8bit: hasUtf8Header || hasHighByte(raw, header, raw.length), hasUtf8Header };
}

/** An envelope address outside ASCII needs SMTPUTF8 as well. */
export function isAsciiAddress(address: string): boolean {
  return /^[\x20-\x7e]*$/.test(address);
}

// Content-Transfer-Encoding decoding (RFC 2045 §6.7 quoted-printable, §6.8 base64), lenient as receivers must be:
// characters outside the alphabet are skipped, broken escapes are kept literally. Used for IMAP BINARY, downloads, text.
// Security: one linear pass over the body; output never larger than the input and optionally cut at `maxBytes`.

import type { MimePart } from './parsed-message.ts';

const BASE64_VALUES = new Int8Array(256).fill(-1);
for (const [index, char] of [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
].entries()) {
  BASE64_VALUES[char.charCodeAt(0)] = index;
}
// RFC 4648 §5 URL-safe letters are not MIME, but some broken senders use them; accepting them loses nothing.
BASE64_VALUES['-'.charCodeAt(0)] = 62;
BASE64_VALUES['_'.charCodeAt(0)] = 63;

/** The transfer-decoded content of a part: base64 and quoted-printable decoded, anything else as it is. */
export function decodeBody(raw: Uint8Array, part: MimePart, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  if (part.encoding === 'base64') return decodeBase64(body, maxBytes);
  if (part.encoding === 'quoted-printable') return decodeQuotedPrintable(body, maxBytes);
  // A copy, not a view: Buffer#slice shares memory, and callers may keep or change what they get.
  return new Uint8Array(body.subarray(0, Math.min(body.length, maxBytes)));
}

/** Decoded size in bytes (what JMAP and attachment lists show); the size of the body for identity encodings. */
export function decodedSize(raw: Uint8Array, part: MimePart): number {
  if (part.encoding !== 'base64' && part.encoding !== 'quoted-printable') return part.bodySize;
  return decodeBody(raw, part).length;
}

/**
 * Lenient base64: skips characters outside the alphabet and drops incomplete quanta. Padding ends a quantum but not
 * the data, so concatenated base64 blocks (each padded, as some gateways write them) all decode.
 */
export function decodeBase64(input: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  if (hasOnlyFinalPadding(input)) {
    // Node's decoder skips whitespace and characters outside the alphabet exactly as the loop below does, 5-10x
    // faster; it stops at the first '=', so it only serves bodies whose padding is all at the end (nearly all).
    const wanted = Number.isFinite(maxBytes) ? input.subarray(0, Math.ceil(maxBytes / 3) * 8 + 8) : input;
    const decoded = Buffer.from(
      Buffer.from(wanted.buffer, wanted.byteOffset, wanted.length).toString('latin1'),
      'base64',
    );
    return decoded.length > maxBytes ? decoded.subarray(0, maxBytes) : decoded;
  }
  const output = new Uint8Array(Math.min(Math.ceil((input.length * 3) / 4), maxBytes));
  let written = 0;
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < input.length && written < output.length; index++) {
    const byte = input[index] as number;
    if (byte === 0x3d) {
      bits = 0;
      buffer = 0;
      continue;
    }
    const value = BASE64_VALUES[byte] as number;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      output[written++] = (buffer >> bits) & 0xff;
    }
  }
  return output.subarray(0, written);
}

/** No '=' in the input, or only '=' and whitespace from the first '=' to the end. */
function hasOnlyFinalPadding(input: Uint8Array): boolean {
  const first = input.indexOf(0x3d);
  if (first < 0) return true;
  for (let index = first; index < input.length; index++) {
    const byte = input[index] as number;
    if (byte !== 0x3d && byte !== 0x0d && byte !== 0x0a && byte !== 0x20 && byte !== 0x09) return false;
  }
  return true;
}

/** Lenient quoted-printable: '=XX' decoded (either case), soft line breaks removed, anything else kept. */
export function decodeQuotedPrintable(input: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const output = new Uint8Array(Math.min(input.length, maxBytes));
  let written = 0;
  let index = 0;
  while (index < input.length && written < output.length) {
    const byte = input[index] as number;
    if (byte !== 0x3d) {
      output[written++] = byte;
      index++;
      continue;
    }
    const high = hexValue(input[index + 1]);
    const low = hexValue(input[index + 2]);
    if (high >= 0 && low >= 0) {
      output[written++] = (high << 4) | low;
      index += 3;
      continue;
    }
    // Soft line break: '=' then optional transport padding (spaces, tabs) then CRLF or LF (RFC 2045 §6.7 rule 5).
    let after = index + 1;
    while (input[after] === 0x20 || input[after] === 0x09) after++;
    if (input[after] === 0x0d && input[after + 1] === 0x0a) {
      index = after + 2;
    } else if (input[after] === 0x0a) {
      index = after + 1;
    } else if (after >= input.length) {
      index = after;
    } else {
      output[written++] = byte;
      index++;
    }
  }
  return output.subarray(0, written);
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

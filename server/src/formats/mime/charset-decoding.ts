// Text of a part: transfer-decoded bytes turned into a string by the declared charset (RFC 2046 §4.1.2).
// Unknown or wrong charsets never throw: invalid UTF-8 falls back to Windows-1252, which is what mislabelled
// French mail is in practice (Outlook and old webmails send latin1 bytes as "utf-8" or with no charset at all).
// Security: bounded by the caller's maxBytes; TextDecoder is linear.

import libmime from 'libmime';
import type { MimePart } from './parsed-message.ts';
import { decodeBody } from './transfer-decoding.ts';

type Decoder = InstanceType<typeof TextDecoder>;

const decoders = new Map<string, Decoder | undefined>();

/** A TextDecoder for a charset label, or undefined when neither WHATWG nor libmime's aliases know it. */
function decoderFor(charset: string): Decoder | undefined {
  const label = charset.trim().toLowerCase();
  if (decoders.has(label)) return decoders.get(label);
  let decoder: Decoder | undefined;
  for (const candidate of [label, libmime.normalizeCharset(label).toLowerCase()]) {
    try {
      decoder = new TextDecoder(candidate);
      break;
    } catch {
      // not a WHATWG label; try the next spelling
    }
  }
  // The cache only ever holds labels seen in mail, but a hostile sender could vary them endlessly.
  if (decoders.size < 256) decoders.set(label, decoder);
  return decoder;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const windows1252 = new TextDecoder('windows-1252');

export interface DecodedText {
  readonly text: string;
  /** False when the declared charset was unknown and a fallback was used. */
  readonly isCharsetKnown: boolean;
}

/** Decode bytes in `charset` ('' or undefined: US-ASCII, read as UTF-8 since 8-bit bytes are common anyway). */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): DecodedText {
  const label = (charset ?? '').trim().toLowerCase();
  const isUnicodeDefault =
    label === '' || label === 'us-ascii' || label === 'ascii' || label === 'utf-8' || label === 'utf8';
  if (isUnicodeDefault) return { text: clean(utf8OrLatin(bytes)), isCharsetKnown: true };
  const decoder = decoderFor(label);
  if (decoder === undefined) return { text: clean(utf8OrLatin(bytes)), isCharsetKnown: false };
  return { text: clean(decoder.decode(bytes)), isCharsetKnown: true };
}

/** The charset-decoded text of a text part (or of any part, read as text). Never throws. */
export function partText(raw: Uint8Array, part: MimePart, maxBytes = Number.POSITIVE_INFINITY): string {
  return decodeCharset(decodeBody(raw, part, maxBytes), part.parameters.charset).text;
}

/** Valid UTF-8 as such; damaged UTF-8 with replacement characters; anything else as Windows-1252. */
function utf8OrLatin(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return hasUtf8Sequence(bytes) ? utf8Lenient.decode(bytes) : windows1252.decode(bytes);
  }
}

/**
 * Latin1 text practically never contains a valid multi-byte UTF-8 sequence (an accented letter is followed by
 * ASCII), while damaged UTF-8 (base64 garbage, a cut at maxBytes) keeps some.
 */
function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; index++) {
    const lead = bytes[index] as number;
    if (lead < 0x80) continue;
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
    let isValid = length > 0;
    for (let offset = 1; isValid && offset < length && index + offset < bytes.length; offset++) {
      isValid = ((bytes[index + offset] as number) & 0xc0) === 0x80;
    }
    if (isValid && index + length <= bytes.length) return true;
  }
  return false;
}

function clean(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

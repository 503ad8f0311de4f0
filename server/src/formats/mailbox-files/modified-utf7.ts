// Modified UTF-7 (RFC 3501 §5.1.3), the mailbox name encoding of IMAP4rev1 clients and of Dovecot's folder
// names on disk (`.Envoy&AOk-s`): printable ASCII stands for itself, `&` is `&-`, anything else is UTF-16 in
// BASE64 with `,` for `/`, between `&` and `-`.
// Decoding is strict, like Dovecot's imap-utf7.c: one name has one spelling, so two spellings cannot name two
// mailboxes that look the same (or slip past a check on the other spelling). IMAP turns the error into a BAD;
// a migration reading folder names keeps a name that does not decode as it is (a UTF-8 name, `R&D`).

/** Why a name is not valid modified UTF-7. */
export class ModifiedUtf7Error extends Error {
  override readonly name = 'ModifiedUtf7Error';
}

const BASE64_RUN = /^[A-Za-z0-9+,]+$/;
const PRINTABLE_RUN = /^[\x20-\x7e]*$/;
const BASE64_VALUE = new Map(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,'].map((c, i) => [c, i]),
);

export function encodeModifiedUtf7(name: string): string {
  // Lone surrogates cannot be decoded back; U+FFFD keeps the name readable (stored names are valid UTF-8).
  return name
    .toWellFormed()
    .replace(/&|[^\x20-\x7e]+/g, (run) => (run === '&' ? '&-' : `&${encodeRun(run)}-`));
}

export function decodeModifiedUtf7(wire: string): string {
  let decoded = '';
  let index = 0;
  let encodedEnd = -1;
  while (index < wire.length) {
    const amp = wire.indexOf('&', index);
    const directEnd = amp === -1 ? wire.length : amp;
    const direct = wire.slice(index, directEnd);
    if (!PRINTABLE_RUN.test(direct)) throw invalid('only printable US-ASCII may appear outside "&...-"');
    decoded += direct;
    if (amp === -1) break;
    const dash = wire.indexOf('-', amp + 1);
    if (dash === -1) throw invalid('"&" must be closed by "-" ("&-" stands for "&")');
    if (dash === amp + 1) decoded += '&';
    else {
      // `&AOk-&AOk-` spells what `&AOkA6Q-` spells: only the merged run is canonical.
      if (amp === encodedEnd) throw invalid('adjacent encoded runs must be one run');
      decoded += decodeRun(wire.slice(amp + 1, dash));
      encodedEnd = dash + 1;
    }
    index = dash + 1;
  }
  return decoded;
}

function encodeRun(run: string): string {
  const bytes = Buffer.from(run, 'utf16le').swap16();
  return bytes.toString('base64').replace(/=+$/, '').replaceAll('/', ',');
}

function decodeRun(run: string): string {
  if (!BASE64_RUN.test(run)) throw invalid('invalid modified BASE64 between "&" and "-"');
  const bits = run.length * 6;
  const spareBits = bits % 8;
  const byteCount = (bits - spareBits) / 8;
  // Canonical BASE64 stops as soon as the last byte is out: no spare character, spare bits zero, and UTF-16
  // needs whole 16-bit units.
  const lastValue = BASE64_VALUE.get(run[run.length - 1]!)!;
  if (spareBits >= 6 || (lastValue & ((1 << spareBits) - 1)) !== 0 || byteCount % 2 !== 0) {
    throw invalid('BASE64 run does not end on a whole UTF-16 character');
  }
  const text = Buffer.from(run.replaceAll(',', '/'), 'base64')
    .subarray(0, byteCount)
    .swap16()
    .toString('utf16le');
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) throw invalid(`"${text[i]}" must be written as itself, not encoded`);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) throw invalid('unpaired UTF-16 surrogate');
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) throw invalid('unpaired UTF-16 surrogate');
  }
  return text;
}

/** The decoded name, or undefined when `name` is not valid modified UTF-7. */
export function decodeModifiedUtf7Leniently(name: string): string | undefined {
  try {
    return decodeModifiedUtf7(name);
  } catch (error) {
    if (error instanceof ModifiedUtf7Error) return undefined;
    throw error;
  }
}

function invalid(reason: string): ModifiedUtf7Error {
  return new ModifiedUtf7Error(reason);
}

// Back to ASCII for BODYSTRUCTURE: the import decoded MIME parameters (RFC 2231) and Content-Description
// (RFC 2047) to Unicode; a value that is not ASCII is sent encoded again, as RFC 2231 `name*` =
// `utf-8''%C3%A9…` (what Dovecot passes through from the header) or as RFC 2047 encoded words.

/** attribute-char (RFC 2231 §7): a token character other than `*`, `'` and `%`. */
const ATTRIBUTE_CHAR = /^[!#$&+\-.0-9A-Z^_`a-z{|}~]$/;
/** An encoded word is at most 75 characters (RFC 2047 §2); `=?utf-8?B?` + `?=` leave 63, 45 octets in base64. */
const MAX_WORD_OCTETS = 45;

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/**
 * A parameter as `[name, value]` ready to write: as it is when the value is ASCII, else `name*` with the
 * RFC 2231 extended value. RFC 9051 §7.5.2 suggests `name*` with a UTF-8 value; the extended form is ASCII,
 * means the same to every client that reads `name*` (imapflow, Thunderbird), and reaches rev1 clients intact.
 */
export function encodeParameter(name: string, value: string): [string, string] {
  if (isAscii(value)) return [name, value];
  let encoded = "utf-8''";
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded +=
      byte < 0x80 && ATTRIBUTE_CHAR.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return [name.endsWith('*') ? name : `${name}*`, encoded];
}

/** Unstructured text as RFC 2047 `B` encoded words when it is not ASCII; as it is otherwise. */
export function encodeWords(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let piece: number[] = [];
  for (const char of text) {
    const octets = [...Buffer.from(char, 'utf8')];
    // Whole characters per word: a decoder may not join a character split across two words.
    if (piece.length + octets.length > MAX_WORD_OCTETS) {
      words.push(encodedWord(piece));
      piece = [];
    }
    piece.push(...octets);
  }
  if (piece.length > 0) words.push(encodedWord(piece));
  return words.join(' ');
}

function encodedWord(octets: readonly number[]): string {
  return `=?utf-8?B?${Buffer.from(octets).toString('base64')}?=`;
}

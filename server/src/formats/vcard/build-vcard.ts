// Write the vCards the server makes itself: a collected correspondent (a name and an address), and the UID a
// client forgot (RFC 6352 §6.3.2.3 wants one per card; an imported file from an old system may lack it).
// vCard 3.0 (RFC 2426): every CardDAV client reads it, iOS included. Text is escaped (RFC 6350 §3.4) and lines
// folded at 75 octets (§3.2), never inside a UTF-8 sequence.

export interface NewCard {
  readonly uid: string;
  /** The correspondent's display name; '' when the message gave none (the address is shown instead). */
  readonly name: string;
  readonly email: string;
}

export function buildVcard(card: NewCard): string {
  const name = card.name.trim();
  // "Marie Dupont": given names first, the family name last, as French and English display names go.
  const space = name.lastIndexOf(' ');
  const given = space > 0 ? name.slice(0, space) : '';
  const family = space > 0 ? name.slice(space + 1) : name;
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${escapeText(card.uid)}`,
    `FN:${escapeText(name || card.email)}`,
    `N:${escapeComponent(family)};${escapeComponent(given)};;;`,
    `EMAIL;TYPE=INTERNET:${escapeText(card.email)}`,
    'END:VCARD',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The card with a UID property added before its END:VCARD (the text is otherwise untouched). */
export function withUid(text: string, uid: string): string {
  const end = text.search(/END:VCARD\s*$/i);
  if (end === -1) return text;
  const before = text.slice(0, end);
  const newline = before.endsWith('\n') ? '' : '\r\n';
  return `${before}${newline}${foldLine(`UID:${escapeText(uid)}`)}\r\n${text.slice(end)}`;
}

/** RFC 6350 §3.4: backslash, comma and newlines are escaped in text values. */
export function escapeText(value: string): string {
  return value.replace(/[\\,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** A component of a structured value (N): its semicolons separate components, so they are escaped too. */
function escapeComponent(value: string): string {
  return escapeText(value).replace(/;/g, '\\;');
}

/** RFC 6350 §3.2: lines longer than 75 octets continue on the next line after a space. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Back off to a character boundary: a continuation byte is 10xxxxxx.
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space counts
  }
  return parts.join('\r\n ');
}

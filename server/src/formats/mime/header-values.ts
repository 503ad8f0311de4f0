// Decoding of individual header values: RFC 2047 encoded words, RFC 5322 address lists, msg-ids and dates,
// RFC 2045/2231 structured values (Content-Type, Content-Disposition).
// Security: network input; every value is cut to a named length before a library parser sees it.

import libmime from 'libmime';
import { addressParser } from 'postal-mime';
import type { EmailAddress } from './parsed-message.ts';

/** Unstructured text (Subject, Content-Description) read; RFC 5322 lines are ≤ 998, so 16 KiB is generous. */
const MAX_TEXT_VALUE = 16 * 1024;
/** Address fields read; 256 KiB holds several thousand recipients (a staff-wide To:) and bounds the parser. */
const MAX_ADDRESS_VALUE = 256 * 1024;
/** Addresses kept per field: enough for any real recipient list, bounded for storage and search. */
const MAX_ADDRESSES = 5000;
/** Structured MIME values read; real ones are < 1 KiB even with RFC 2231 continuations. */
const MAX_STRUCTURED_VALUE = 16 * 1024;
/** A msg-id longer than a header line (998) is not one. */
const MAX_MESSAGE_ID = 998;
/** References kept: the first (thread root) and the most recent ones, as RFC 5322 §3.6.4 advises when trimming. */
const MAX_REFERENCES = 128;

/** Decode RFC 2047 encoded words (Q and B, any case, split multi-byte sequences joined); undecodable words stay. */
export function decodeText(value: string): string {
  const text = value.length > MAX_TEXT_VALUE ? value.slice(0, MAX_TEXT_VALUE) : value;
  if (!text.includes('=?')) return text;
  try {
    return stripNul(libmime.decodeWords(text));
  } catch {
    return text;
  }
}

/** Decoded mailboxes of an address field; groups flattened; unparseable input kept best effort. */
export function parseAddressList(value: string | undefined): EmailAddress[] {
  if (value === undefined || value.trim() === '') return [];
  const text = value.length > MAX_ADDRESS_VALUE ? value.slice(0, MAX_ADDRESS_VALUE) : value;
  let parsed: { name?: string; address?: string }[];
  try {
    parsed = addressParser(text, { flatten: true });
  } catch {
    return [{ name: decodeText(text.trim()), address: '' }];
  }
  const addresses: EmailAddress[] = [];
  for (const entry of parsed) {
    if (addresses.length >= MAX_ADDRESSES) break;
    const address = stripNul((entry.address ?? '').trim());
    const name = stripNul(decodeText((entry.name ?? '').trim()));
    if (address === '' && name === '') continue;
    addresses.push({ name, address });
  }
  return addresses;
}

/** msg-ids of a field (Message-ID, In-Reply-To, References) without angle brackets, in order. */
export function parseMessageIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ids: string[] = [];
  const bracketed = /<([^<>\s]{1,998})>/g;
  for (let match = bracketed.exec(value); match; match = bracketed.exec(value)) {
    ids.push(match[1] as string);
  }
  if (ids.length === 0) {
    // Some senders omit the brackets; a single token that looks like an id is still one.
    const token = value.trim();
    if (/^[^\s<>]+@[^\s<>]+$/.test(token) && token.length <= MAX_MESSAGE_ID) ids.push(token);
  }
  return ids;
}

/** Trim a References list to the root and the most recent ids. */
export function boundReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] as string, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

/** List-Id (RFC 2919): the bracketed identifier, else the trimmed value. */
export function parseListId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /<([^<>]{1,998})>/.exec(value);
  const id = (match ? (match[1] as string) : value).trim();
  return id === '' ? undefined : id;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** RFC 5322 §3.3 date-time (and its obsolete forms) in ms since the epoch; undefined when unparseable. */
export function parseDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.slice(0, 256).replace(/\([^()]*\)/g, ' ');
  const match =
    /(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,5})?/i.exec(
      text,
    );
  if (match) {
    const month = MONTHS[(match[2] as string).toLowerCase()];
    let year = Number(match[3]);
    // RFC 5322 §4.3: two-digit years are 1950-2049, three-digit years add 1900.
    if (year < 50) year += 2000;
    else if (year < 1000) year += 1900;
    if (month !== undefined) {
      const utc = Date.UTC(
        year,
        month,
        Number(match[1]),
        Number(match[4]),
        Number(match[5]),
        Number(match[6] ?? 0),
      );
      const offset = zoneOffsetMinutes(match[7]);
      const time = utc - offset * 60_000;
      if (Number.isFinite(time)) return time;
    }
  }
  const fallback = Date.parse(text);
  return Number.isFinite(fallback) ? fallback : undefined;
}

/** RFC 5322 §4.3 obsolete zones, plus the European ones French mail carries. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
};

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  // RFC 5322 §4.3: unknown alphabetic zones are treated as +0000.
  return ZONES[zone.toLowerCase()] ?? 0;
}

export interface StructuredValue {
  /** The value before the parameters, lower case ('text/plain', 'attachment'); '' when absent. */
  readonly value: string;
  /** Parameters with lower-case names, RFC 2231 continuations and charsets decoded, RFC 2047 words decoded. */
  readonly parameters: Record<string, string>;
}

/** Parse Content-Type / Content-Disposition style values (RFC 2045 §5.1, RFC 2231). */
export function parseStructured(value: string | undefined): StructuredValue {
  if (value === undefined) return { value: '', parameters: {} };
  const text = value.length > MAX_STRUCTURED_VALUE ? value.slice(0, MAX_STRUCTURED_VALUE) : value;
  let parsed: { value: string; params: Record<string, string> };
  try {
    parsed = libmime.parseHeaderValue(text, { stripComments: true });
  } catch {
    return { value: text.split(';')[0]?.trim().toLowerCase() ?? '', parameters: {} };
  }
  const parameters: Record<string, string> = {};
  for (const [key, raw] of Object.entries(parsed.params)) {
    // '__proto__' would replace the object's prototype instead of becoming a key.
    if (typeof raw !== 'string' || key === '__proto__') continue;
    // libmime decodes RFC 2231 forms itself; RFC 2047 inside quotes is not standard but common (Outlook, Gmail).
    parameters[key.toLowerCase()] = stripNul(decodeText(raw));
  }
  return { value: (parsed.value ?? '').trim().toLowerCase(), parameters };
}

function stripNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

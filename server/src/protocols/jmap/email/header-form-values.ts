// The parsed forms of a header field value (RFC 8621 §4.1.2.2–4.1.2.7): Text, Addresses, GroupedAddresses,
// MessageIds, Date and URLs, each computed from the field's raw octets.
// Security: stored network input; every value is cut to MAX_PARSED_VALUE before a parser sees it.

import type { JmapEmailAddress, JmapEmailAddressGroup } from '@vercors/contract';
import libmime from 'libmime';
import { addressParser } from 'postal-mime';
import { decodeCharset } from '#formats/mime';

/** Octets of a value parsed; 256 KiB holds a To: of thousands of recipients and bounds the parsers. */
const MAX_PARSED_VALUE = 256 * 1024;

/**
 * A value unfolded (RFC 5322 §2.2.3: the CRLF before white space removed) as text. Raw 8-bit octets that are
 * not UTF-8 read as Windows-1252, as the mail store reads them, so a latin1 Subject reads the same everywhere.
 */
function unfolded(raw: Uint8Array): string {
  const bytes = raw.length > MAX_PARSED_VALUE ? raw.subarray(0, MAX_PARSED_VALUE) : raw;
  return decodeCharset(bytes, undefined).text.replace(/\r?\n(?=[ \t])/g, '');
}

/**
 * Text (§4.1.2.2): unfolded, leading spaces removed, RFC 2047 encoded words decoded, control characters
 * dropped, NFC.
 */
export function textForm(raw: Uint8Array): string {
  const value = unfolded(raw).replace(/^[ \t]+/, '');
  let decoded = value;
  if (value.includes('=?')) {
    try {
      decoded = libmime.decodeWords(value);
    } catch {
      // Undecodable words stay as written: RFC 8621 asks to go on as far as possible.
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  return decoded.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '').normalize('NFC');
}

/** Addresses (§4.1.2.3): every mailbox, groups flattened. */
export function addressesForm(raw: Uint8Array): JmapEmailAddress[] {
  return groupedAddressesForm(raw).flatMap((group) => group.addresses);
}

/**
 * GroupedAddresses (§4.1.2.4): groups as written; mailboxes outside a group are gathered, run by run, in
 * groups whose name is null.
 */
export function groupedAddressesForm(raw: Uint8Array): JmapEmailAddressGroup[] {
  let parsed: ReturnType<typeof addressParser>;
  try {
    parsed = addressParser(unfolded(raw));
  } catch {
    return [];
  }
  const groups: { name: string | null; addresses: JmapEmailAddress[] }[] = [];
  for (const entry of parsed) {
    if (entry.group !== undefined) {
      groups.push({ name: nameOrNull(entry.name), addresses: entry.group.flatMap(emailAddress) });
      continue;
    }
    const last = groups.at(-1);
    const run = last !== undefined && last.name === null ? last : { name: null, addresses: [] };
    if (run !== last) groups.push(run);
    run.addresses.push(...emailAddress(entry));
  }
  return groups;
}

function emailAddress(mailbox: { name?: string; address?: string }): JmapEmailAddress[] {
  const email = (mailbox.address ?? '').trim();
  const name = nameOrNull(mailbox.name);
  return email === '' && name === null ? [] : [{ name, email }];
}

function nameOrNull(name: string | undefined): string | null {
  const trimmed = (name ?? '').trim();
  return trimmed === '' ? null : trimmed.normalize('NFC');
}

/** MessageIds (§4.1.2.5): the msg-ids without angle brackets, or null when there is none. */
export function messageIdsForm(raw: Uint8Array): string[] | null {
  return bracketed(unfolded(raw));
}

/** URLs (§4.1.2.7): the RFC 2369 `<url>` list, or null when there is none. */
export function urlsForm(raw: Uint8Array): string[] | null {
  return bracketed(unfolded(raw));
}

/** Contents of every `<…>`, white space inside removed (long ids and URLs are folded there), in order. */
function bracketed(value: string): string[] | null {
  const found: string[] = [];
  for (const match of value.matchAll(/<([^<>]*)>/g)) {
    const content = (match[1] as string).replace(/\s+/g, '');
    if (content !== '') found.push(content);
  }
  return found.length === 0 ? null : found;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 5322 §4.3 obsolete zones; military letters are "unknown", which RFC 5322 says to read as -0000. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -5 * 60,
  edt: -4 * 60,
  cst: -6 * 60,
  cdt: -5 * 60,
  mst: -7 * 60,
  mdt: -6 * 60,
  pst: -8 * 60,
  pdt: -7 * 60,
};

/**
 * Date (§4.1.2.6): the RFC 5322 date-time as RFC 3339 with the sender's offset (`Z` for +0000), or null when
 * it is not a valid date. Obsolete forms (two-digit years, zone names, comments) are read.
 */
export function dateForm(raw: Uint8Array): string | null {
  const value = unfolded(raw)
    .replace(/\([^()]*\)/g, ' ')
    .trim();
  const match =
    /^(?:[A-Za-z]{3}\s*,\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?$/.exec(
      value,
    );
  if (match === null) return null;
  const [, dayText, monthText, yearText, hourText, minuteText, secondText, zoneText] = match;
  const month = MONTHS.indexOf((monthText as string).toLowerCase());
  const offset = zoneOffset(zoneText);
  if (month < 0 || offset === undefined) return null;
  const year = fullYear(yearText as string);
  if (year < 1900) return null;
  const [day, hour, minute, second] = [dayText, hourText, minuteText, secondText ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: a date that does not read back the same is invalid.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  return `${date.toISOString().slice(0, 19)}${offsetText(offset)}`;
}

/** Minutes east of UTC; undefined for a zone that is not one. A missing or unknown zone reads as -0000. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric !== null) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    if (Number(numeric[3]) > 59) return undefined;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const lower = zone.toLowerCase();
  if (Object.hasOwn(ZONES, lower)) return ZONES[lower];
  return /^[a-ik-z]$/.test(lower) ? 0 : undefined;
}

/** RFC 5322 §4.3: a two-digit year under 50 is 20xx, else 19xx; a three-digit year adds 1900. */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (text.length === 3) return 1900 + year;
  return year;
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}

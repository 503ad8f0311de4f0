// Orders SEARCH matches for SORT (RFC 5256 §3; DISPLAYFROM/DISPLAYTO, RFC 5957). Keys are computed from the
// stored email rows (no reparsing), read in chunks through an injected reader so only the keys stay in memory.
// Exactly as the RFC says: strings compare by i;unicode-casemap; DATE is the Date: header, else the internal
// date (§2.2); FROM/TO/CC sort by the first address's mailbox (local part), DISPLAY* by its display name or
// else its addr-spec; REVERSE turns one key around; ties are broken by ascending sequence number, always.
// The domain's EmailSort is not used: it breaks ties by email id rather than by sequence number and has no
// FROM/TO/CC/DISPLAYFROM/DISPLAYTO keys, so its order would differ from the RFC's wherever keys tie.

import type { Email } from '#domain/mail';
import { casemap, compareCodePoints } from './collation.ts';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import type { SearchMatch } from './search-run.ts';
import type { SortCriterion, SortKey } from './sort-criteria.ts';

/** What SORT and THREAD read of each email: fields of the stored row. */
export type MessageData = Pick<
  Email,
  | 'id'
  | 'receivedAt'
  | 'sentAt'
  | 'size'
  | 'subject'
  | 'normalizedSubject'
  | 'from'
  | 'to'
  | 'cc'
  | 'messageId'
  | 'inReplyTo'
  | 'references'
>;

/** The emails among `ids` (any order; missing ones left out): `(ids) => mail.getEmails(accountId, ids, [])`. */
export type MessageDataReader = (emailIds: readonly string[]) => Promise<readonly MessageData[]>;

/** Emails read per call: one call's rows are dropped once their keys are taken. */
const READ_CHUNK = 1_000;

type KeyValue = number | string;

/** The matches in SORT order. */
export async function runSort(
  criteria: readonly SortCriterion[],
  matches: readonly SearchMatch[],
  readMessages: MessageDataReader,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<SearchMatch[]> {
  const keys = await readKeyed(matches, readMessages, limits, (data) =>
    criteria.map((criterion) => sortValue(criterion.key, data)),
  );
  const order = matches.map((_match, index) => index);
  order.sort((a, b) => {
    for (let position = 0; position < criteria.length; position++) {
      const difference = compareValues(keys[a]![position]!, keys[b]![position]!);
      if (difference !== 0) return criteria[position]!.isReverse ? -difference : difference;
    }
    return matches[a]!.sequence - matches[b]!.sequence;
  });
  return order.map((index) => matches[index]!);
}

/**
 * Reads the emails of `matches` in chunks and keeps `pick(data)` of each, aligned with `matches`. An email that
 * vanished meanwhile (expunged by another session) gets `pick(undefined)`. SearchError 'limit' past
 * maxSortMessages.
 */
export async function readKeyed<T>(
  matches: readonly SearchMatch[],
  readMessages: MessageDataReader,
  limits: SearchLimits,
  pick: (data: MessageData | undefined) => T,
): Promise<T[]> {
  if (matches.length > limits.maxSortMessages) {
    throw new SearchError(
      'limit',
      `Too many messages to order (${matches.length}, at most ${limits.maxSortMessages}): narrow the search`,
    );
  }
  const picked: T[] = [];
  for (let start = 0; start < matches.length; start += READ_CHUNK) {
    const part = matches.slice(start, start + READ_CHUNK);
    const found = new Map(
      (await readMessages(part.map((match) => match.entry.emailId))).map((e) => [e.id, e]),
    );
    for (const match of part) picked.push(pick(found.get(match.entry.emailId)));
  }
  return picked;
}

/** The sent date of RFC 5256 §2.2: the Date: header, else the internal date. */
export function sentDate(data: MessageData): number {
  return (data.sentAt ?? data.receivedAt).getTime();
}

function sortValue(key: SortKey, data: MessageData | undefined): KeyValue {
  // A vanished email sorts as if every field were empty; it disappears at the next EXPUNGE anyway.
  if (data === undefined) return key === 'ARRIVAL' || key === 'DATE' || key === 'SIZE' ? 0 : '';
  switch (key) {
    case 'ARRIVAL':
      return data.receivedAt.getTime();
    case 'DATE':
      return sentDate(data);
    case 'SIZE':
      return data.size;
    case 'SUBJECT':
      return casemap(data.normalizedSubject);
    case 'FROM':
      return mailboxOf(data.from);
    case 'TO':
      return mailboxOf(data.to);
    case 'CC':
      return mailboxOf(data.cc);
    case 'DISPLAYFROM':
      return displayOf(data.from);
    case 'DISPLAYTO':
      return displayOf(data.to);
  }
}

/** addr-mailbox of the first address (RFC 5256 §3): the local part; '' when there is no address. */
function mailboxOf(addresses: MessageData['from']): string {
  const address = addresses[0]?.address ?? '';
  const at = address.lastIndexOf('@');
  return casemap(at === -1 ? address : address.slice(0, at));
}

/** RFC 5957 §2: the first address's display name, or its addr-spec when it has none. */
function displayOf(addresses: MessageData['from']): string {
  const first = addresses[0];
  if (first === undefined) return '';
  return casemap(first.name.trim() !== '' ? first.name : first.address);
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

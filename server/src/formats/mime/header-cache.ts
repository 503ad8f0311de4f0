// The header cache: at import, the raw lines of the fields mail clients list their messages with (From,
// Subject, Date…), kept with the email's row, so that BODY.PEEK[HEADER.FIELDS (…)] over a whole mailbox reads
// the database instead of opening every message (Dovecot's dovecot.index.cache does the same for the fields
// clients ask for). The cache is the header block filtered to CACHED_HEADER_FIELDS by HeaderFieldFilter, so
// filtering it again for any subset of those names gives exactly what filtering the whole header would.
// Security: stored network input; the cache is bounded by MAX_HEADER_CACHE_BYTES, else not kept.

import { filterHeaderBlock } from './header-field-filter.ts';

/**
 * Lower-case names of the fields kept: what Thunderbird, Apple Mail, iOS, K-9/Thunderbird for Android, mutt
 * and Outlook ask for when they list a folder, and mbsync's X-TUID.
 */
export const CACHED_HEADER_FIELDS: ReadonlySet<string> = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'priority',
  'x-priority',
  'importance',
  'newsgroups',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'disposition-notification-to',
  'return-receipt-to',
  'x-tuid',
]);

/** A larger selection (thousands of References, say) is not kept: those messages are read from the blob. */
/** The same list for every import, so the filter's lower-cased set is made once. */
const CACHED_FIELD_LIST: readonly string[] = [...CACHED_HEADER_FIELDS];

export const MAX_HEADER_CACHE_BYTES = 16 * 1024;

/** Answers per list: a FETCH asks it for every message with the same list. */
const CACHED_LISTS = new WeakMap<readonly string[], boolean>();

/** Whether HEADER.FIELDS of `names` can be answered from the cache. */
export function isCachedHeaderFieldList(names: readonly string[]): boolean {
  let isCached = CACHED_LISTS.get(names);
  if (isCached === undefined) {
    isCached = names.length > 0 && names.every((name) => CACHED_HEADER_FIELDS.has(name.toLowerCase()));
    CACHED_LISTS.set(names, isCached);
  }
  return isCached;
}

/** The cached lines of the header block `header` (the message's first headerSize octets), or undefined. */
export function headerCacheOf(header: Uint8Array): Uint8Array | undefined {
  const kept = filterHeaderBlock(header, CACHED_FIELD_LIST, false);
  return kept.length > MAX_HEADER_CACHE_BYTES ? undefined : kept;
}

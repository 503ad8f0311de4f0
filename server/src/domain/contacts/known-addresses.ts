// The addresses an account keeps in its books (its contacts and the collected addresses of the mail it sent):
// the directory autocomplete ranks those people first, as the ones the person writes to. Read once a minute
// per account and kept in memory, bounded, so a keystroke costs no database read; only the account itself is
// ever given its own set.

import type { Clock } from '#core/clock';
import type { Database } from '#store';

/** Addresses read per account: far beyond a real address book, a bound on a hostile one. */
export const MAX_KNOWN_ADDRESSES = 20_000;
/** How long a read stays in memory. */
export const KNOWN_ADDRESSES_TTL_MS = 60_000;
/** Accounts whose sets are kept (the least recently used go first). */
const MAX_CACHED_ACCOUNTS = 1_000;

export type KnownAddresses = (accountId: string) => Promise<ReadonlySet<string>>;

export function knownAddressesReader({
  database,
  clock,
}: {
  database: Database;
  clock: Clock;
}): KnownAddresses {
  const cache = new Map<string, { readonly at: number; readonly addresses: Promise<ReadonlySet<string>> }>();
  return (accountId) => {
    const now = clock.nowMs();
    const hit = cache.get(accountId);
    if (hit !== undefined && now - hit.at < KNOWN_ADDRESSES_TTL_MS) {
      cache.delete(accountId);
      cache.set(accountId, hit);
      return hit.addresses;
    }
    const addresses = database.db
      .selectFrom('contact_card_emails')
      .select('email')
      .where('account_id', '=', accountId)
      .limit(MAX_KNOWN_ADDRESSES)
      .execute()
      .then((rows) => new Set(rows.map((row) => row.email.toLowerCase())));
    // A failed read is not kept: the next keystroke tries again.
    addresses.catch(() => cache.delete(accountId));
    cache.delete(accountId);
    cache.set(accountId, { at: now, addresses });
    while (cache.size > MAX_CACHED_ACCOUNTS) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return addresses;
  };
}

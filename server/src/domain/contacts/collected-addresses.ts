// Collected addresses (Thunderbird's "Collected Addresses"): when the account sends a message, the recipients
// found in none of its books, and not its own addresses, become cards of its collected book, so the composer
// and the phone know them next time. At most maxCollectedPerMessage per message, deduplicated case-insensitively;
// a full collected book stops collecting (logged) rather than failing the send, which has already happened.

import { randomUUID } from 'node:crypto';
import { buildVcard, parseVcard } from '#formats/vcard';
import { createDefaultBooks, lockOwner } from './contacts-access.ts';
import type { ContactsContext } from './contacts-context.ts';
import { CONTACT_LIMITS } from './contacts-model.ts';
import { cardCount, type Reader } from './contacts-rows.ts';
import { storeCard } from './card-store.ts';

export interface Correspondent {
  /** The display name the message gave, or ''. */
  readonly name: string;
  readonly email: string;
}

/** Longest address kept (RFC 5321 §4.5.3.1.3 path limit). */
const MAX_ADDRESS_LENGTH = 254;

/** Add the unknown recipients of one sent message to the collected book; returns how many were added. */
export async function collectAddresses(
  context: ContactsContext,
  accountId: string,
  recipients: readonly Correspondent[],
): Promise<number> {
  const wanted = new Map<string, Correspondent>();
  for (const recipient of recipients) {
    const email = recipient.email.trim().toLowerCase();
    if (email.length > MAX_ADDRESS_LENGTH || !/^[^@\s]+@[^@\s]+$/.test(email)) continue;
    const known = wanted.get(email);
    if (known === undefined || (known.name === '' && recipient.name.trim() !== ''))
      wanted.set(email, { name: recipient.name.trim(), email });
    if (wanted.size >= CONTACT_LIMITS.maxCollectedPerMessage) break;
  }
  if (wanted.size === 0) return 0;
  const addresses = [...wanted.keys()];

  // Most messages go to known correspondents: a read answers them without taking the writer.
  if ((await unknownAddresses(context.database.db, accountId, addresses)).length === 0) return 0;
  const added = await context.database.write(async (tx) => {
    const owner = await lockOwner(tx, accountId);
    const fresh = await unknownAddresses(tx.db, accountId, addresses);
    if (fresh.length === 0) return 0;

    await createDefaultBooks(context, tx, owner);
    const book = await tx.db
      .selectFrom('address_books')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('role', '=', 'collected')
      .executeTakeFirst();
    if (book === undefined) return 0;
    const room = CONTACT_LIMITS.maxCardsPerBook - (await cardCount(tx.db, book.id));
    if (room < fresh.length)
      context.log.warn({ event: 'contacts.collectedFull', accountId }, 'collected address book is full');
    let count = 0;
    for (const email of fresh.slice(0, Math.max(0, room))) {
      const uid = randomUUID();
      const text = buildVcard({ uid, name: wanted.get(email)?.name ?? '', email });
      const parsed = parseVcard(text);
      await storeCard(context, tx, {
        book,
        resourceName: `${uid}.vcf`,
        text,
        parsed: { ...parsed, uid },
        existing: undefined,
      });
      count += 1;
    }
    return count;
  });
  if (added > 0) context.log.info({ event: 'contacts.collected', accountId, added }, 'addresses collected');
  return added;
}

/** Those of `addresses` that are neither the account's own (primary or alias) nor in any of its books. */
async function unknownAddresses(
  db: Reader,
  accountId: string,
  addresses: readonly string[],
): Promise<string[]> {
  const known = new Set<string>();
  const account = await db
    .selectFrom('accounts')
    .select('email')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account !== undefined) known.add(account.email);
  const aliases = await db
    .selectFrom('account_aliases')
    .select('email')
    .where('account_id', '=', accountId)
    .execute();
  const cards = await db
    .selectFrom('contact_card_emails')
    .select('email')
    .where('account_id', '=', accountId)
    .where('email', 'in', addresses)
    .execute();
  for (const row of [...aliases, ...cards]) known.add(row.email);
  return addresses.filter((email) => !known.has(email));
}

// Writing and removing one card inside a caller's transaction: the row with its extracted columns, its
// addresses (for collected-address lookups), the tombstone sync-collection reports, the book's modseq, and
// the change-log row (type ContactCard). Shared by CardDAV PUT/DELETE, import and collected addresses.

import { newId } from '#core/ids';
import type { ParsedCard } from '#formats/vcard';
import type { WriteTransaction } from '#store';
import type { ContactsContext } from './contacts-context.ts';
import { CONTACT_CARD_TYPE } from './contacts-model.ts';
import type { BookRow, CardRow } from './contacts-rows.ts';

export interface CardWrite {
  readonly book: BookRow;
  readonly resourceName: string;
  readonly text: string;
  readonly parsed: ParsedCard & { readonly uid: string };
  /** The card now at that resource name, replaced by this write. */
  readonly existing: CardRow | undefined;
}

export async function storeCard(
  context: ContactsContext,
  tx: WriteTransaction,
  write: CardWrite,
): Promise<CardRow> {
  const { book, resourceName, text, parsed, existing } = write;
  const id = existing?.id ?? newId('c');
  const modseq = await tx.recordChange(
    book.account_id,
    CONTACT_CARD_TYPE,
    id,
    existing ? 'updated' : 'created',
  );
  const now = context.clock.nowMs();
  const row: CardRow = {
    id,
    account_id: book.account_id,
    address_book_id: book.id,
    uid: parsed.uid,
    resource_name: resourceName,
    vcard: text,
    kind: parsed.kind,
    full_name: parsed.fullName,
    given_name: parsed.givenName,
    family_name: parsed.familyName,
    emails: JSON.stringify(parsed.emails),
    phones: JSON.stringify(parsed.phones),
    organization: parsed.organization,
    members: JSON.stringify(parsed.members),
    size: Buffer.byteLength(text, 'utf8'),
    modseq,
    created_at: existing === undefined ? now : Number(existing.created_at),
    updated_at: now,
  };
  if (existing === undefined) {
    await tx.db.insertInto('contact_cards').values(row).execute();
    // A name used again is no longer removed.
    await tx.db
      .deleteFrom('contact_card_tombstones')
      .where('address_book_id', '=', book.id)
      .where('resource_name', '=', resourceName)
      .execute();
  } else {
    // Identity, place and creation stay; everything the card says is replaced.
    const {
      id: _id,
      account_id: _a,
      address_book_id: _b,
      resource_name: _r,
      created_at: _c,
      ...columns
    } = row;
    await tx.db.updateTable('contact_cards').set(columns).where('id', '=', id).execute();
    await tx.db.deleteFrom('contact_card_emails').where('card_id', '=', id).execute();
  }
  if (parsed.emails.length > 0) {
    await tx.db
      .insertInto('contact_card_emails')
      .values(parsed.emails.map((email) => ({ account_id: book.account_id, email, card_id: id })))
      .execute();
  }
  await touchBook(tx, book.id, modseq, now);
  return row;
}

export async function removeCard(
  context: ContactsContext,
  tx: WriteTransaction,
  book: BookRow,
  card: CardRow,
): Promise<void> {
  const modseq = await tx.recordChange(book.account_id, CONTACT_CARD_TYPE, card.id, 'destroyed');
  const now = context.clock.nowMs();
  await tx.db.deleteFrom('contact_cards').where('id', '=', card.id).execute();
  await tx.db
    .insertInto('contact_card_tombstones')
    .values({ address_book_id: book.id, resource_name: card.resource_name, modseq, removed_at: now })
    .onConflict((conflict) =>
      conflict.columns(['address_book_id', 'resource_name']).doUpdateSet({ modseq, removed_at: now }),
    )
    .execute();
  await touchBook(tx, book.id, modseq, now);
}

async function touchBook(tx: WriteTransaction, bookId: string, modseq: number, now: number): Promise<void> {
  await tx.db
    .updateTable('address_books')
    .set({ modseq, updated_at: now })
    .where('id', '=', bookId)
    .execute();
}

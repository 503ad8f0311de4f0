// Rows of the contacts tables as the module hands them out, and the reads every operation shares.

import type { Kysely, Selectable } from 'kysely';
import type { CardKind } from '#formats/vcard';
import type { AddressBooksTable, ContactCardsTable, DatabaseSchema } from '#store';
import type { AddressBook, AddressBookRole, ContactCard } from './contacts-model.ts';

export type Reader = Kysely<DatabaseSchema>;
export type BookRow = Selectable<AddressBooksTable>;
export type CardRow = Selectable<ContactCardsTable>;

export function toAddressBook(row: BookRow, cardCount: number): AddressBook {
  return {
    id: row.id,
    accountId: row.account_id,
    resourceName: row.resource_name,
    name: row.name,
    description: row.description,
    role: row.role as AddressBookRole | null,
    sortOrder: Number(row.sort_order),
    modseq: Number(row.modseq),
    cardCount,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function cardEtag(modseq: number): string {
  return `"${modseq}"`;
}

export function toContactCard(row: CardRow): ContactCard {
  const modseq = Number(row.modseq);
  return {
    id: row.id,
    addressBookId: row.address_book_id,
    resourceName: row.resource_name,
    uid: row.uid,
    vcard: row.vcard,
    kind: row.kind as CardKind,
    fullName: row.full_name,
    givenName: row.given_name,
    familyName: row.family_name,
    emails: JSON.parse(row.emails) as string[],
    phones: JSON.parse(row.phones) as string[],
    organization: row.organization,
    members: JSON.parse(row.members) as string[],
    size: Number(row.size),
    modseq,
    etag: cardEtag(modseq),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export async function bookRows(db: Reader, accountId: string): Promise<BookRow[]> {
  return await db
    .selectFrom('address_books')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('sort_order')
    .orderBy('created_at')
    .execute();
}

export async function bookRow(
  db: Reader,
  accountId: string,
  resourceName: string,
): Promise<BookRow | undefined> {
  return await db
    .selectFrom('address_books')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('resource_name', '=', resourceName)
    .executeTakeFirst();
}

export async function cardCount(db: Reader, bookId: string): Promise<number> {
  const row = await db
    .selectFrom('contact_cards')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('address_book_id', '=', bookId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** UTF-8 bytes of the cards of a book. */
export async function bookBytes(db: Reader, bookId: string): Promise<number> {
  const row = await db
    .selectFrom('contact_cards')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
    .where('address_book_id', '=', bookId)
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

export async function cardRow(
  db: Reader,
  bookId: string,
  resourceName: string,
): Promise<CardRow | undefined> {
  return await db
    .selectFrom('contact_cards')
    .selectAll()
    .where('address_book_id', '=', bookId)
    .where('resource_name', '=', resourceName)
    .executeTakeFirst();
}

// Listing, creating, renaming and deleting address books. Each write is one transaction under the account
// lock with its change-log row (type AddressBook). Deleting a book takes its cards with it (each reported
// destroyed); the default and collected books stay, as every account must have them.

import { newId } from '#core/ids';
import type { ContactsContext } from './contacts-context.ts';
import { createDefaultBooks, ensureDefaultBooks, lockOwner, requireAccess } from './contacts-access.ts';
import { exists, hasCards, inUse, invalid, notFound, overLimit } from './contacts-errors.ts';
import {
  ADDRESS_BOOK_TYPE,
  CONTACT_CARD_TYPE,
  CONTACT_LIMITS,
  type AddressBook,
  type AddressBookChanges,
  type BookDeletion,
  type ContactsActor,
  type NewAddressBook,
} from './contacts-model.ts';
import { bookRow, bookRows, cardCount, toAddressBook, type BookRow, type Reader } from './contacts-rows.ts';

/** A path segment a client may name a book or a card with: printable, no slash, not `.` or `..`. */
export function checkResourceName(subject: 'addressBook' | 'card', name: string): string {
  if (
    name.length === 0 ||
    name.length > CONTACT_LIMITS.maxResourceNameChars ||
    name === '.' ||
    name === '..' ||
    /[\0-\x1f\x7f/\\]/.test(name)
  )
    throw invalid(subject, name.slice(0, 64), 'resourceName');
  return name;
}

function checkText(name: string, value: string, max: number, reason: string): string {
  const text = value.normalize('NFC').trim();
  if (text.length > max || /[\0-\x08\x0b\x0c\x0e-\x1f]/.test(text))
    throw invalid('addressBook', name, reason);
  return text;
}

async function withCounts(db: Reader, rows: readonly BookRow[]): Promise<AddressBook[]> {
  const counts = new Map<string, number>();
  if (rows.length > 0) {
    const found = await db
      .selectFrom('contact_cards')
      .select(['address_book_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where(
        'address_book_id',
        'in',
        rows.map((row) => row.id),
      )
      .groupBy('address_book_id')
      .execute();
    for (const row of found) counts.set(row.address_book_id, Number(row.count));
  }
  return rows.map((row) => toAddressBook(row, counts.get(row.id) ?? 0));
}

export async function listBooks(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
): Promise<readonly AddressBook[]> {
  requireAccess(actor, ownerId);
  const rows = await ensureDefaultBooks(context, ownerId);
  return await withCounts(context.database.db, rows);
}

/** The book named `resourceName`; notFound when there is none (or it is not the actor's). */
export async function requireBook(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  resourceName: string,
): Promise<BookRow> {
  requireAccess(actor, ownerId);
  const row = await bookRow(context.database.db, ownerId, resourceName);
  if (row !== undefined) return row;
  // The default books exist from the first look on.
  const rows = await ensureDefaultBooks(context, ownerId);
  const made = rows.find((candidate) => candidate.resource_name === resourceName);
  if (made === undefined) throw notFound('addressBook', resourceName);
  return made;
}

export async function getBook(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  resourceName: string,
): Promise<AddressBook> {
  const row = await requireBook(context, actor, ownerId, resourceName);
  return toAddressBook(row, await cardCount(context.database.db, row.id));
}

export async function createBook(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  input: NewAddressBook,
): Promise<AddressBook> {
  requireAccess(actor, ownerId);
  const resourceName = checkResourceName('addressBook', input.resourceName);
  const name = checkText(resourceName, input.name ?? resourceName, CONTACT_LIMITS.maxNameChars, 'name');
  const description = checkText(
    resourceName,
    input.description ?? '',
    CONTACT_LIMITS.maxDescriptionChars,
    'description',
  );
  const row = await context.database.write(async (tx) => {
    const owner = await lockOwner(tx, ownerId);
    await createDefaultBooks(context, tx, owner);
    const existing = await bookRows(tx.db, ownerId);
    if (existing.some((book) => book.resource_name === resourceName))
      throw exists('addressBook', resourceName);
    if (existing.length >= CONTACT_LIMITS.maxBooksPerAccount)
      throw overLimit('addressBook', resourceName, 'tooManyBooks', CONTACT_LIMITS.maxBooksPerAccount);
    const id = newId('ab');
    const modseq = await tx.recordChange(ownerId, ADDRESS_BOOK_TYPE, id, 'created');
    const now = context.clock.nowMs();
    const values: BookRow = {
      id,
      account_id: ownerId,
      resource_name: resourceName,
      name: name || resourceName,
      description,
      role: null,
      sort_order: existing.length,
      modseq,
      sync_floor_modseq: modseq,
      created_at: now,
      updated_at: now,
    };
    await tx.db.insertInto('address_books').values(values).execute();
    return values;
  });
  context.log.info(
    { event: 'addressBook.created', accountId: ownerId, addressBookId: row.id },
    'address book created',
  );
  return toAddressBook(row, 0);
}

export async function updateBook(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  resourceName: string,
  changes: AddressBookChanges,
): Promise<AddressBook> {
  const current = await requireBook(context, actor, ownerId, resourceName);
  const columns = {
    ...(changes.name !== undefined && {
      name: checkText(resourceName, changes.name, CONTACT_LIMITS.maxNameChars, 'name') || current.name,
    }),
    ...(changes.description !== undefined && {
      description: checkText(
        resourceName,
        changes.description,
        CONTACT_LIMITS.maxDescriptionChars,
        'description',
      ),
    }),
  };
  const row = await context.database.write(async (tx) => {
    await lockOwner(tx, ownerId);
    const fresh = await bookRow(tx.db, ownerId, resourceName);
    if (fresh === undefined) throw notFound('addressBook', resourceName);
    const modseq = await tx.recordChange(ownerId, ADDRESS_BOOK_TYPE, fresh.id, 'updated');
    const updated = { ...fresh, ...columns, modseq, updated_at: context.clock.nowMs() };
    await tx.db
      .updateTable('address_books')
      .set({ ...columns, modseq, updated_at: updated.updated_at })
      .where('id', '=', fresh.id)
      .execute();
    return updated;
  });
  return toAddressBook(row, await cardCount(context.database.db, row.id));
}

export async function deleteBook(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  resourceName: string,
  options: BookDeletion = {},
): Promise<void> {
  const current = await requireBook(context, actor, ownerId, resourceName);
  if (current.role !== null) throw inUse('addressBook', resourceName, current.role);
  const removed = await context.database.write(async (tx) => {
    await lockOwner(tx, ownerId);
    const fresh = await bookRow(tx.db, ownerId, resourceName);
    if (fresh === undefined) throw notFound('addressBook', resourceName);
    const cards = await tx.db
      .selectFrom('contact_cards')
      .select('id')
      .where('address_book_id', '=', fresh.id)
      .execute();
    // Counted in the transaction that deletes, under the owner's lock: a card a phone PUTs meanwhile is either
    // counted here or waits, then finds the book gone (404) — never deleted unseen with its book.
    if (options.canRemoveCards === false && cards.length > 0) throw hasCards(resourceName, cards.length);
    await tx.recordChange(ownerId, ADDRESS_BOOK_TYPE, fresh.id, 'destroyed');
    for (const card of cards) await tx.recordChange(ownerId, CONTACT_CARD_TYPE, card.id, 'destroyed');
    // The cascade removes the cards, their addresses and the book's tombstones.
    await tx.db.deleteFrom('address_books').where('id', '=', fresh.id).execute();
    return cards.length;
  });
  context.log.info(
    { event: 'addressBook.deleted', accountId: ownerId, addressBookId: current.id, cards: removed },
    'address book deleted',
  );
}

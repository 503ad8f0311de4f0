// Who may reach which books, decided here once for CardDAV, the command line and JMAP: an account
// reaches its own books only; the system reaches any. Also the account lock every write starts with, and the
// two books every account has, made on first use (docs/contacts.md: no hook in account creation, so accounts
// made before this module, by the HR import or by hand, get them the same way).

import type { Locale } from '@vercors/contract';
import { newId } from '#core/ids';
import type { WriteTransaction } from '#store';
import { CONTACTS_MESSAGES } from './contacts-messages.ts';
import type { ContactsContext } from './contacts-context.ts';
import { notFound } from './contacts-errors.ts';
import { ADDRESS_BOOK_TYPE, type AddressBookRole, type ContactsActor } from './contacts-model.ts';
import { bookRow, bookRows, type BookRow, type Reader } from './contacts-rows.ts';

/** The resource names of the books every account has. */
export const DEFAULT_BOOK_NAMES: Readonly<Record<AddressBookRole, string>> = {
  default: 'contacts',
  collected: 'collected',
};

/** notFound unless `actor` may reach `ownerId`'s books (the same words as a missing book). */
export function requireAccess(actor: ContactsActor, ownerId: string): void {
  if (actor !== 'system' && actor.accountId !== ownerId) throw notFound('account', ownerId);
}

/** The account an address (primary or alias) names, if `actor` may reach its books; notFound otherwise. */
export async function ownerOf(db: Reader, actor: ContactsActor, address: string): Promise<string> {
  const lower = address.trim().toLowerCase();
  const direct = await db.selectFrom('accounts').select('id').where('email', '=', lower).executeTakeFirst();
  const id =
    direct?.id ??
    (
      await db
        .selectFrom('account_aliases')
        .select('account_id')
        .where('email', '=', lower)
        .executeTakeFirst()
    )?.account_id;
  if (id === undefined) throw notFound('account', address);
  requireAccess(actor, id);
  return id;
}

export interface LockedOwner {
  readonly id: string;
  readonly email: string;
  readonly locale: Locale;
}

/**
 * Lock the account's row for the rest of the transaction (a no-op UPDATE, as mail does), so writers to one
 * account queue up in one order everywhere. notFound when there is no such account.
 */
export async function lockOwner(tx: WriteTransaction, accountId: string): Promise<LockedOwner> {
  const row = await tx.db
    .updateTable('accounts')
    .set((eb) => ({ modseq: eb.ref('modseq') }))
    .where('id', '=', accountId)
    .returning(['id', 'email', 'locale'])
    .executeTakeFirst();
  if (row === undefined) throw notFound('account', accountId);
  return { id: row.id, email: row.email, locale: row.locale as Locale };
}

/** Make the default and collected books the account lacks, in the caller's transaction. */
export async function createDefaultBooks(
  context: ContactsContext,
  tx: WriteTransaction,
  owner: LockedOwner,
): Promise<void> {
  const present = new Set(
    (await bookRows(tx.db, owner.id)).map((row) => row.role).filter((role) => role !== null),
  );
  const now = context.clock.nowMs();
  const roles: readonly AddressBookRole[] = ['default', 'collected'];
  for (const [index, role] of roles.entries()) {
    if (present.has(role)) continue;
    // A book the user made with the default's resource name keeps it; the default then gets another.
    const taken = await bookRow(tx.db, owner.id, DEFAULT_BOOK_NAMES[role]);
    const resourceName =
      taken === undefined ? DEFAULT_BOOK_NAMES[role] : `${DEFAULT_BOOK_NAMES[role]}-${now}`;
    const id = newId('ab');
    const modseq = await tx.recordChange(owner.id, ADDRESS_BOOK_TYPE, id, 'created');
    const key = role === 'default' ? 'defaultBook' : 'collectedBook';
    await tx.db
      .insertInto('address_books')
      .values({
        id,
        account_id: owner.id,
        resource_name: resourceName,
        name: CONTACTS_MESSAGES.t(owner.locale, `${key}Name`),
        description: CONTACTS_MESSAGES.t(owner.locale, `${key}Description`),
        role,
        sort_order: index,
        modseq,
        sync_floor_modseq: modseq,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

/** The account's books, once it has its default ones (made on first use). */
export async function ensureDefaultBooks(context: ContactsContext, accountId: string): Promise<BookRow[]> {
  const rows = await bookRows(context.database.db, accountId);
  const roles = new Set(rows.map((row) => row.role));
  if (roles.has('default') && roles.has('collected')) return rows;
  await context.database.write(async (tx) => {
    const owner = await lockOwner(tx, accountId);
    await createDefaultBooks(context, tx, owner);
  });
  return await bookRows(context.database.db, accountId);
}

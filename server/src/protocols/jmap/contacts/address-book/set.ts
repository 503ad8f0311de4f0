// AddressBook/set (RFC 9610 §2.3): create, update and destroy books, each on its own, through the contacts
// module (so CardDAV sees the same books). What the store cannot hold is refused rather than dropped:
// `isSubscribed` false (every book is synced), `shareWith` other than null (no sharing yet), another
// `sortOrder` than the book's (books keep their creation order), and moving `isDefault` (the default book is
// the one every account has; isDefault true names it). The default and collected books cannot be destroyed
// (forbidden); a book with cards is destroyed only with onDestroyRemoveContents (else addressBookHasContents).

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { AddressBook } from '#domain/contacts';
import { defineMethod, type MethodContext } from '../../method-context.ts';
import { MethodError, setErrorFor } from '../../method-error.ts';
import { requireAccount } from '../../standard/arguments.ts';
import { applySet, InvalidProperties, setArguments } from '../../standard/set-arguments.ts';
import { notAsSent, parseFields } from '../../standard/set-fields.ts';
import { CONTACTS, contactsState, startContactsSet } from '../contacts-changes.ts';
import { jmapAddressBook } from './address-book-object.ts';

/** Types only: the domain checks lengths and controls. */
const FIELDS = {
  name: z.string(),
  description: z.string().nullable(),
  sortOrder: z.number().int().min(0),
  isDefault: z.boolean(),
  isSubscribed: z.boolean(),
  shareWith: z.null(),
} as const;

const setBookArguments = z.strictObject({
  ...setArguments,
  onDestroyRemoveContents: z.boolean().optional(),
  onSuccessSetIsDefault: z.string().max(256).nullable().optional(),
});

class Forbidden extends Error {}

export const addressBookSet = defineMethod({
  capability: CONTACTS,
  schema: setBookArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const actor = { accountId };
    const { contacts } = context.services;
    await checkDefault(args.onSuccessSetIsDefault, context);
    const oldState = await startContactsSet(args, 'AddressBook', context);
    const bookOf = async (id: string): Promise<AddressBook> => {
      const book = (await contacts.listBooks(actor, accountId)).find((candidate) => candidate.id === id);
      if (book === undefined)
        throw new DomainError('notFound', `no address book ${id}`, {
          details: { subject: 'addressBook', name: id },
        });
      return book;
    };
    const results = await applySet(args, {
      async create(creationId, input) {
        const fields = parseFields(input, FIELDS, {});
        if (fields.name === undefined) throw new InvalidProperties(['name'], 'a book needs a name');
        checkUnsupported(fields, undefined);
        const book = await contacts.createBook(actor, accountId, {
          resourceName: randomUUID(),
          name: fields.name,
          ...(typeof fields.description === 'string' && { description: fields.description }),
        });
        context.createdIds.set(creationId, book.id);
        // sortOrder is the store's (the book's place); a different one asked for is reported back.
        const { sortOrder: _asked, ...sent } = input;
        return notAsSent(jmapAddressBook(book), sent, true);
      },
      async update(id, patch) {
        const fields = parseFields(patch, FIELDS, { isUpdate: true, unchanged: { id } });
        const current = await bookOf(id);
        checkUnsupported(fields, current);
        if (fields.name === undefined && fields.description === undefined) return null;
        const book = await contacts.updateBook(actor, accountId, current.resourceName, {
          ...(fields.name !== undefined && { name: fields.name }),
          ...(fields.description !== undefined && { description: fields.description ?? '' }),
        });
        const changed = notAsSent(jmapAddressBook(book), patch, false);
        return Object.keys(changed).length > 0 ? changed : null;
      },
      async destroy(id) {
        const book = await bookOf(id);
        if (book.role !== null) throw new Forbidden(`the ${book.role} address book cannot be destroyed`);
        // Emptiness is checked by the domain in the deleting transaction: a card written after bookOf read
        // the count must not go unseen with its book.
        await contacts.deleteBook(actor, accountId, book.resourceName, {
          canRemoveCards: args.onDestroyRemoveContents === true,
        });
      },
      refusal,
    });
    return { accountId, oldState, newState: await contactsState('AddressBook', context), ...results };
  },
});

/** The properties the store cannot hold otherwise than it does. */
function checkUnsupported(
  fields: { isDefault?: boolean; isSubscribed?: boolean; sortOrder?: number; shareWith?: null },
  current: AddressBook | undefined,
): void {
  const isDefault = current?.role === 'default';
  if (fields.isDefault !== undefined && fields.isDefault !== isDefault)
    throw new Forbidden(
      'the default address book is the one every account has: isDefault cannot move to another book',
    );
  const bad: string[] = [];
  if (fields.isSubscribed === false) bad.push('isSubscribed');
  if (current !== undefined && fields.sortOrder !== undefined && fields.sortOrder !== current.sortOrder)
    bad.push('sortOrder');
  if (bad.length > 0)
    throw new InvalidProperties(
      bad,
      `${bad.join(', ')}: every book is subscribed and keeps its creation order`,
    );
}

/**
 * onSuccessSetIsDefault (RFC 9610 §2.3) may only name the default book itself (a no-op): the default cannot
 * move. Checked before any change, so a refused call changes nothing.
 */
async function checkDefault(id: string | null | undefined, context: MethodContext): Promise<void> {
  if (id === null || id === undefined) return;
  const { accountId } = context.principal;
  const books = await context.services.contacts.listBooks({ accountId }, accountId);
  if (books.find((book) => book.id === id)?.role !== 'default')
    throw new MethodError('forbidden', 'the default address book cannot move (onSuccessSetIsDefault)');
}

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof Forbidden) return { type: 'forbidden', description: error.message };
  if (error instanceof DomainError) {
    const { reason } = error.details;
    if (error.code === 'inUse' && reason === 'hasCards')
      return {
        type: 'addressBookHasContents',
        description: `${error.message}: destroy it with onDestroyRemoveContents true, or move its cards first`,
      };
    if (reason === 'tooManyBooks') return { type: 'overQuota', description: error.message };
    if (reason === 'name' || reason === 'description')
      return { type: 'invalidProperties', description: error.message, properties: [reason] };
  }
  return setErrorFor(error, Object.keys(input));
}

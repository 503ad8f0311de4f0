// The personal address books (#domain/contacts) as a read-write AddressBookProvider.

import { DomainError } from '#core/errors';
import type { AddressBook, CardSyncPosition, ContactCard, ContactsService } from '#domain/contacts';
import type { AddressBookProvider, DavBook, DavCard, DavScope, SyncPosition } from './collection-provider.ts';

function toDavBook(book: AddressBook): DavBook {
  return {
    name: book.resourceName,
    displayName: book.name,
    description: book.description,
    syncToken: book.modseq,
    isReadOnly: false,
    createdAt: book.createdAt,
    updatedAt: book.updatedAt,
  };
}

function toDavCard(card: ContactCard): DavCard {
  return {
    name: card.resourceName,
    etag: card.etag,
    vcard: card.vcard,
    updatedAt: card.updatedAt,
    createdAt: card.createdAt,
  };
}

/** A personal book's position: a modseq, or where a cut answer stopped (always with its `since`). */
function fromToken(token: SyncPosition | undefined): number | CardSyncPosition | undefined {
  if (token === undefined) return undefined;
  const { since, resume } = token;
  if (since === undefined) {
    throw new DomainError('cannotCalculateChanges', 'not a sync token of a personal address book', {
      details: { subject: 'syncToken', name: '-' },
    });
  }
  if (resume === undefined) return since;
  return { since, after: { modseq: resume.version, resourceName: resume.name } };
}

export function personalBooks(
  contacts: Omit<ContactsService, 'collectAddresses' | 'pruneTombstones'>,
): AddressBookProvider {
  const actor = (scope: DavScope) => ({ accountId: scope.principal.accountId });
  return {
    async listBooks(scope) {
      return (await contacts.listBooks(actor(scope), scope.ownerId)).map(toDavBook);
    },
    async getBook(scope, book) {
      try {
        return toDavBook(await contacts.getBook(actor(scope), scope.ownerId, book));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'notFound') return undefined;
        throw error;
      }
    },
    async listCards(scope, book) {
      return (await contacts.listCards(actor(scope), scope.ownerId, book)).map(toDavCard);
    },
    async getCards(scope, book, names) {
      return (await contacts.getCards(actor(scope), scope.ownerId, book, names)).map(toDavCard);
    },
    async changesSince(scope, book, token, limit) {
      const changes = await contacts.changesSince(actor(scope), scope.ownerId, book, fromToken(token), limit);
      const { resumeAt } = changes;
      return {
        syncToken:
          resumeAt === undefined
            ? { since: changes.modseq }
            : {
                since: resumeAt.since,
                resume: { version: resumeAt.after.modseq, name: resumeAt.after.resourceName },
              },
        changed: changes.changed.map(toDavCard),
        removed: changes.removed,
        isTruncated: resumeAt !== undefined,
      };
    },
    writes: {
      async putCard(scope, book, name, vcard, conditions) {
        const result = await contacts.putCard(actor(scope), scope.ownerId, book, name, vcard, conditions);
        return { card: toDavCard(result.card), isNew: result.isNew };
      },
      async deleteCard(scope, book, name, conditions) {
        await contacts.deleteCard(actor(scope), scope.ownerId, book, name, conditions);
      },
      async createBook(scope, name, changes) {
        return toDavBook(
          await contacts.createBook(actor(scope), scope.ownerId, {
            resourceName: name,
            ...(changes.displayName !== undefined && { name: changes.displayName }),
            ...(changes.description !== undefined && { description: changes.description }),
          }),
        );
      },
      async updateBook(scope, book, changes) {
        return toDavBook(
          await contacts.updateBook(actor(scope), scope.ownerId, book, {
            ...(changes.displayName !== undefined && { name: changes.displayName }),
            ...(changes.description !== undefined && { description: changes.description }),
          }),
        );
      },
      async deleteBook(scope, book) {
        await contacts.deleteBook(actor(scope), scope.ownerId, book);
      },
    },
  };
}

// From a target to the resource it names, through the providers: a principal's home lists the books of every
// provider; a book belongs to the first provider that has it. The owner named in the URL is resolved by the
// contacts domain, which refuses (notFound) any home but the actor's own.

import type { AddressBookProvider, DavBook, DavCard, DavScope } from './collection-provider.ts';
import type { DavContext } from './dav-context.ts';
import { hrefOf, type DavTarget } from './dav-paths.ts';

export type DavResource =
  | { readonly kind: 'root' | 'principals' | 'addressbooks'; readonly href: string }
  | { readonly kind: 'principal' | 'home'; readonly href: string; readonly scope: DavScope }
  | {
      readonly kind: 'book';
      readonly href: string;
      readonly scope: DavScope;
      readonly book: DavBook;
      readonly provider: AddressBookProvider;
    }
  | {
      readonly kind: 'card';
      readonly href: string;
      readonly scope: DavScope;
      readonly book: DavBook;
      readonly provider: AddressBookProvider;
      readonly card: DavCard;
    };

export async function scopeOf(context: DavContext, owner: string): Promise<DavScope> {
  const ownerId = await context.owners.ownerOf({ accountId: context.principal.accountId }, owner);
  return { principal: context.principal, ownerId };
}

/** The book and its provider, or undefined. */
export async function findBook(
  context: DavContext,
  scope: DavScope,
  name: string,
): Promise<{ book: DavBook; provider: AddressBookProvider } | undefined> {
  for (const provider of context.providers) {
    const book = await provider.getBook(scope, name);
    if (book !== undefined) return { book, provider };
  }
  return undefined;
}

/** The resource at `target`, or undefined when nothing is there (notFound DomainErrors for others' homes). */
export async function resolve(context: DavContext, target: DavTarget): Promise<DavResource | undefined> {
  const href = hrefOf(target);
  switch (target.kind) {
    case 'root':
    case 'principals':
    case 'addressbooks':
      return { kind: target.kind, href };
    case 'principal':
    case 'home':
      return { kind: target.kind, href, scope: await scopeOf(context, target.owner) };
    case 'book': {
      const scope = await scopeOf(context, target.owner);
      const found = await findBook(context, scope, target.book);
      return found && { kind: 'book', href, scope, ...found };
    }
    case 'card': {
      const scope = await scopeOf(context, target.owner);
      const found = await findBook(context, scope, target.book);
      if (found === undefined) return undefined;
      const [card] = await found.provider.getCards(scope, target.book, [target.card]);
      return card && { kind: 'card', href, scope, ...found, card };
    }
  }
}

/** The members of a collection, for Depth: 1. */
export async function childrenOf(context: DavContext, resource: DavResource): Promise<DavResource[]> {
  const own = context.principal.email;
  switch (resource.kind) {
    case 'root':
      return [
        { kind: 'principals', href: hrefOf({ kind: 'principals' }) },
        { kind: 'addressbooks', href: hrefOf({ kind: 'addressbooks' }) },
      ];
    case 'principals':
      return [
        {
          kind: 'principal',
          href: hrefOf({ kind: 'principal', owner: own }),
          scope: await scopeOf(context, own),
        },
      ];
    case 'addressbooks':
      return [
        { kind: 'home', href: hrefOf({ kind: 'home', owner: own }), scope: await scopeOf(context, own) },
      ];
    case 'home': {
      const owner = ownerSegment(resource.href);
      const seen = new Set<string>();
      const books: DavResource[] = [];
      for (const provider of context.providers) {
        for (const book of await provider.listBooks(resource.scope)) {
          if (seen.has(book.name)) continue;
          seen.add(book.name);
          books.push({
            kind: 'book',
            href: hrefOf({ kind: 'book', owner, book: book.name }),
            scope: resource.scope,
            book,
            provider,
          });
        }
      }
      return books;
    }
    case 'book': {
      const owner = ownerSegment(resource.href);
      const cards = await resource.provider.listCards(resource.scope, resource.book.name);
      return cards.map((card) => cardResource(resource, owner, card));
    }
    default:
      return [];
  }
}

export function cardResource(
  book: Extract<DavResource, { kind: 'book' }>,
  owner: string,
  card: DavCard,
): DavResource {
  return {
    kind: 'card',
    href: hrefOf({ kind: 'card', owner, book: book.book.name, card: card.name }),
    scope: book.scope,
    book: book.book,
    provider: book.provider,
    card,
  };
}

/** The <account> segment of a home, book or card href, decoded. */
export function ownerSegment(href: string): string {
  return decodeURIComponent(href.split('/')[3] ?? '');
}

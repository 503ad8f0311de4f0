// REPORT sync-collection (RFC 6578 §3): what changed in a book since the client's sync-token — changed cards
// with the properties asked for, removed ones as 404 — and the new token. An empty token is the initial sync
// (every card). A token that is not ours, or that predates the book's pruned tombstones, is refused with
// valid-sync-token (403), and the client syncs afresh. sync-level 1 and infinite are the same here (a book
// has no sub-collections); a client's limit is not applied (the book is bounded by maxCardsPerBook).

import type { DavContext, DavReply } from '../dav-context.ts';
import { xmlReply } from '../dav-context.ts';
import { parseSyncToken, syncTokenUri } from '../dav-properties.ts';
import { hrefOf } from '../dav-paths.ts';
import { cardResource, ownerSegment, type DavResource } from '../dav-resources.ts';
import { parsePropRequest, propstatsFor } from '../prop-request.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError, buildMultistatus, type DavResponse } from '../wire/multistatus.ts';
import { firstChild, textOf, type XmlElement } from '../wire/xml-request.ts';

export async function syncCollection(
  context: DavContext,
  book: Extract<DavResource, { kind: 'book' }>,
  root: XmlElement,
): Promise<DavReply> {
  const props = parsePropRequest(root);
  const tokenElement = firstChild(root, NS.dav, 'sync-token');
  const tokenText = tokenElement === undefined ? '' : textOf(tokenElement).trim();
  const token = tokenText === '' ? undefined : parseSyncToken(tokenText);
  if (tokenText !== '' && token === undefined)
    return xmlReply(403, buildError(clark(NS.dav, 'valid-sync-token')));

  const changes = await book.provider.changesSince(book.scope, book.book.name, token);
  const owner = ownerSegment(book.href);
  const responses: DavResponse[] = [
    ...changes.changed.map((card) => {
      const resource = cardResource(book, owner, card);
      return { href: resource.href, propstats: propstatsFor(resource, props, context.principal) };
    }),
    ...changes.removed.map((name) => ({
      href: hrefOf({ kind: 'card', owner, book: book.book.name, card: name }),
      status: 404,
    })),
  ];
  return xmlReply(207, buildMultistatus(responses, syncTokenUri(changes.syncToken)));
}

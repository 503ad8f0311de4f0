// REPORT sync-collection (RFC 6578 §3): what changed in a book since the client's sync-token — changed cards
// with the properties asked for, removed ones as 404 — and the new token. An empty token is the initial sync
// (every card). A token that is not ours, or that predates the book's pruned tombstones, is refused with
// valid-sync-token (403), and the client syncs afresh. sync-level 1 and infinite are the same here (a book
// has no sub-collections). A client's DAV:limit (§3.7) cuts the answer at its nresults: the book's own response
// says 507 with number-of-matches-within-limits, and the token resumes exactly after the last change sent
// (§3.6), so the client pages through. Without a limit the whole delta comes at once, bounded by the book's
// limits (maxCardsPerBook).

import { ParseError } from '#core/errors';
import type { DavContext, DavReply } from '../dav-context.ts';
import { xmlReply } from '../dav-context.ts';
import { hrefOf } from '../dav-paths.ts';
import { cardResource, ownerSegment, type DavResource } from '../dav-resources.ts';
import { parsePropRequest, propstatsFor } from '../prop-request.ts';
import { parseSyncToken, syncTokenUri } from '../sync-token.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError, buildMultistatus, type DavResponse } from '../wire/multistatus.ts';
import { firstChild, textOf, type XmlElement } from '../wire/xml-request.ts';

export async function syncCollection(
  context: DavContext,
  book: Extract<DavResource, { kind: 'book' }>,
  root: XmlElement,
): Promise<DavReply> {
  const props = parsePropRequest(root);
  const limit = parseLimit(root);
  const tokenElement = firstChild(root, NS.dav, 'sync-token');
  const tokenText = tokenElement === undefined ? '' : textOf(tokenElement).trim();
  const token = tokenText === '' ? undefined : parseSyncToken(tokenText);
  if (tokenText !== '' && token === undefined)
    return xmlReply(403, buildError(clark(NS.dav, 'valid-sync-token')));

  const changes = await book.provider.changesSince(book.scope, book.book.name, token, limit);
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
  if (changes.isTruncated)
    responses.push({
      href: book.href,
      status: 507,
      error: clark(NS.dav, 'number-of-matches-within-limits'),
    });
  return xmlReply(207, buildMultistatus(responses, syncTokenUri(changes.syncToken)));
}

/** DAV:limit's DAV:nresults (RFC 5323 §5.17): a positive integer; undefined without a limit. */
function parseLimit(root: XmlElement): number | undefined {
  const limit = firstChild(root, NS.dav, 'limit');
  if (limit === undefined) return undefined;
  const nresults = firstChild(limit, NS.dav, 'nresults');
  const text = nresults === undefined ? '' : textOf(nresults).trim();
  // RFC 6578 names no precondition for a malformed limit: a plain 400 (dav-messages.ts badLimit).
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new ParseError('badLimit', 'DAV:limit needs a DAV:nresults that is a positive integer');
  return Number(text);
}

// REPORT addressbook-query (RFC 6352 §8.6): the cards of a book that match the filter, with the properties
// asked for, at most the client's nresults or DAV_LIMITS.maxQueryResults; beyond it the answer is truncated
// and the book's own response says 507 with number-of-matches-within-limits (§8.6.1, RFC 5323 §5.17).

import type { DavContext, DavReply } from '../dav-context.ts';
import { xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { cardResource, ownerSegment, type DavResource } from '../dav-resources.ts';
import { parsePropRequest, propstatsFor } from '../prop-request.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildMultistatus, type DavResponse } from '../wire/multistatus.ts';
import { childElements, firstChild, isNamed, textOf, type XmlElement } from '../wire/xml-request.ts';
import { cardMatches, parseCardFilter } from './card-filter.ts';

export async function addressbookQuery(
  context: DavContext,
  book: Extract<DavResource, { kind: 'book' }>,
  root: XmlElement,
): Promise<DavReply> {
  const props = parsePropRequest(root);
  const filter = parseCardFilter(firstChild(root, NS.carddav, 'filter'));
  const limitElement = firstChild(root, NS.carddav, 'limit');
  const nresults =
    limitElement && childElements(limitElement).find((c) => isNamed(c, NS.carddav, 'nresults'));
  const asked = nresults === undefined ? Number.NaN : Number.parseInt(textOf(nresults), 10);
  const limit =
    Number.isInteger(asked) && asked > 0
      ? Math.min(asked, DAV_LIMITS.maxQueryResults)
      : DAV_LIMITS.maxQueryResults;

  const cards = await book.provider.listCards(book.scope, book.book.name);
  const owner = ownerSegment(book.href);
  const responses: DavResponse[] = [];
  let isTruncated = false;
  for (const card of cards) {
    if (!cardMatches(card.vcard, filter)) continue;
    if (responses.length >= limit) {
      isTruncated = true;
      break;
    }
    const resource = cardResource(book, owner, card);
    responses.push({
      href: resource.href,
      propstats: propstatsFor(resource, props, context.principal),
    });
  }
  if (isTruncated)
    responses.push({ href: book.href, status: 507, error: clark(NS.dav, 'number-of-matches-within-limits') });
  return xmlReply(207, buildMultistatus(responses));
}

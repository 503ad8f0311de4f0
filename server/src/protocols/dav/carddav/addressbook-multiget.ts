// REPORT addressbook-multiget (RFC 6352 §8.7): the cards named by href, each with the properties asked for;
// an href outside the book or without a card is 404 on its own, never a failure of the whole report.

import type { DavContext, DavReply } from '../dav-context.ts';
import { textReply, xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { parseDavPath } from '../dav-paths.ts';
import { cardResource, ownerSegment, type DavResource } from '../dav-resources.ts';
import { parsePropRequest, propstatsFor } from '../prop-request.ts';
import { NS } from '../wire/dav-names.ts';
import { buildMultistatus, type DavResponse } from '../wire/multistatus.ts';
import { childElements, isNamed, textOf, type XmlElement } from '../wire/xml-request.ts';

export async function addressbookMultiget(
  context: DavContext,
  book: Extract<DavResource, { kind: 'book' }>,
  root: XmlElement,
): Promise<DavReply> {
  const props = parsePropRequest(root);
  const hrefs = childElements(root)
    .filter((c) => isNamed(c, NS.dav, 'href'))
    .map((c) => textOf(c).trim());
  if (hrefs.length > DAV_LIMITS.maxMultigetHrefs)
    return textReply(403, context.locale, 'tooManyHrefs', { max: DAV_LIMITS.maxMultigetHrefs });
  const owner = ownerSegment(book.href);
  const names = new Map<string, string>();
  for (const href of hrefs) {
    const target = parseDavPath(href);
    if (
      target?.kind === 'card' &&
      target.book === book.book.name &&
      target.owner.toLowerCase() === owner.toLowerCase()
    )
      names.set(href, target.card);
  }
  const cards = await book.provider.getCards(book.scope, book.book.name, [...new Set(names.values())]);
  const byName = new Map(cards.map((card) => [card.name, card]));
  const responses: DavResponse[] = hrefs.map((href) => {
    const name = names.get(href);
    const card = name === undefined ? undefined : byName.get(name);
    if (card === undefined) return { href, status: 404 };
    const resource = cardResource(book, owner, card);
    return { href: resource.href, propstats: propstatsFor(resource, props, context.principal) };
  });
  return xmlReply(207, buildMultistatus(responses));
}

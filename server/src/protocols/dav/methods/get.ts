// GET and HEAD (RFC 4918 §9.4): a card as text/vcard with its ETag; an address book as the .vcf of all its
// cards (as Radicale does, handy for a browser download); other collections have no content (405).
// If-None-Match with the card's ETag answers 304 (RFC 9110 §13.1.2).

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { VCARD_TYPE } from '../dav-context.ts';
import { resolve } from '../dav-resources.ts';
import { parseEtagList } from '../wire/conditional-headers.ts';
import { ALLOWED_METHODS } from './options.ts';
import { notFoundReply } from './not-found.ts';

export async function get(context: DavContext, request: DavRequest): Promise<DavReply> {
  const isHead = request.method === 'HEAD';
  const resource = await resolve(context, request.target);
  if (resource === undefined) return notFoundReply(context.locale);
  if (resource.kind === 'card') {
    const { card } = resource;
    const headers = {
      'Content-Type': VCARD_TYPE,
      ETag: card.etag,
      'Last-Modified': card.updatedAt.toUTCString(),
    };
    const ifNoneMatch = parseEtagList(request.header('if-none-match'));
    if (ifNoneMatch === '*' || ifNoneMatch?.includes(card.etag))
      return { status: 304, headers: { ETag: card.etag } };
    if (isHead)
      return {
        status: 200,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(card.vcard)) },
      };
    return { status: 200, headers, body: card.vcard };
  }
  if (resource.kind === 'book') {
    const cards = await resource.provider.listCards(resource.scope, resource.book.name);
    const body = cards.map((c) => (/\r?\n$/.test(c.vcard) ? c.vcard : `${c.vcard}\r\n`)).join('');
    return {
      status: 200,
      headers: {
        'Content-Type': VCARD_TYPE,
        'Content-Disposition': `attachment; filename="${resource.book.name.replace(/[^A-Za-z0-9._-]/g, '_')}.vcf"`,
        ...(isHead && { 'Content-Length': String(Buffer.byteLength(body)) }),
      },
      ...(!isHead && { body }),
    };
  }
  return { status: 405, headers: { Allow: ALLOWED_METHODS.replace('GET, HEAD, PUT, ', '') } };
}

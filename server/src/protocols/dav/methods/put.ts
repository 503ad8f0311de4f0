// PUT of a card (RFC 4918 §9.7, RFC 6352 §6.3.2): text/vcard (or the old text/x-vcard) into an existing
// address book, with If-Match / If-None-Match. 201 for a new card, 204 for a replaced one; the ETag is sent
// back only when the stored text is exactly what was sent (RFC 6352 §6.3.2.3: not when a UID was added).
// Security: the body is bounded (max-resource-size) before it is read whole.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { textReply, xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { hrefOf } from '../dav-paths.ts';
import { findBook, scopeOf } from '../dav-resources.ts';
import { parseEtagList } from '../wire/conditional-headers.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError } from '../wire/multistatus.ts';
import { ALLOWED_METHODS } from './options.ts';
import { notFoundReply } from './not-found.ts';

const VCARD_TYPES = ['text/vcard', 'text/x-vcard', 'text/directory'];

export async function put(context: DavContext, request: DavRequest): Promise<DavReply> {
  const { target } = request;
  if (target.kind !== 'card') {
    if (target.kind === 'book' || target.kind === 'home')
      return {
        status: 405,
        headers: { Allow: 'OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, MKCOL, REPORT' },
      };
    return target.kind === 'root' ||
      target.kind === 'principal' ||
      target.kind === 'principals' ||
      target.kind === 'addressbooks'
      ? { status: 405, headers: { Allow: ALLOWED_METHODS } }
      : notFoundReply(context.locale);
  }
  const type = (request.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && !VCARD_TYPES.includes(type))
    return xmlReply(415, buildError(clark(NS.carddav, 'supported-address-data')));
  const declared = Number(request.header('content-length') ?? '0');
  if (declared > DAV_LIMITS.maxResourceBytes)
    return xmlReply(403, buildError(clark(NS.carddav, 'max-resource-size')));

  const scope = await scopeOf(context, target.owner);
  const found = await findBook(context, scope, target.book);
  // RFC 4918 §9.7.1: a missing parent collection is 409.
  if (found === undefined) return textReply(409, context.locale, 'bookMissing');
  const writes = found.provider.writes;
  if (writes === undefined || found.book.isReadOnly)
    return xmlReply(403, buildError(clark(NS.dav, 'need-privileges')));
  const text = await request.text(DAV_LIMITS.maxResourceBytes);
  const conditions = {
    ...optional('ifMatch', parseEtagList(request.header('if-match'))),
    ...optional('ifNoneMatch', parseEtagList(request.header('if-none-match'))),
  };
  const { card, isNew } = await writes.putCard(scope, target.book, target.card, text, conditions);
  const headers: Record<string, string> = {
    Location: hrefOf({ kind: 'card', owner: target.owner, book: target.book, card: card.name }),
  };
  if (card.vcard === text) headers.ETag = card.etag;
  return { status: isNew ? 201 : 204, headers };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

// DELETE (RFC 4918 §9.6) of a card (with If-Match) or of a whole address book; the home and principals are
// not deleted (403). Read-only books refuse with need-privileges.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { xmlReply } from '../dav-context.ts';
import { findBook, scopeOf } from '../dav-resources.ts';
import { parseEtagList } from '../wire/conditional-headers.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError } from '../wire/multistatus.ts';
import { notFoundReply } from './not-found.ts';

export async function remove(context: DavContext, request: DavRequest): Promise<DavReply> {
  const { target } = request;
  if (target.kind !== 'card' && target.kind !== 'book') {
    if (target.kind === 'home' || target.kind === 'principal') await scopeOf(context, target.owner);
    return xmlReply(403, buildError(clark(NS.dav, 'need-privileges')));
  }
  const scope = await scopeOf(context, target.owner);
  const found = await findBook(context, scope, target.book);
  if (found === undefined) return notFoundReply(context.locale);
  const writes = found.provider.writes;
  if (writes === undefined || found.book.isReadOnly)
    return xmlReply(403, buildError(clark(NS.dav, 'need-privileges')));
  const ifMatch = parseEtagList(request.header('if-match'));
  if (target.kind === 'book') {
    if (ifMatch !== undefined && ifMatch !== '*') return { status: 412 };
    await writes.deleteBook(scope, target.book);
    return { status: 204 };
  }
  await writes.deleteCard(scope, target.book, target.card, ifMatch === undefined ? {} : { ifMatch });
  return { status: 204 };
}

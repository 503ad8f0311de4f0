// MKCOL (RFC 4918 §9.3) and extended MKCOL (RFC 5689): under the home, a new address book, named by the last
// path segment, with the displayname and addressbook-description of the body. A plain MKCOL (no body) under
// the home makes an address book too: the home holds nothing else. Inside a book nothing can be made (address
// books hold cards only, RFC 6352 §5.2); a missing parent is 409; an existing resource is 405.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { textReply, xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { hrefOf } from '../dav-paths.ts';
import { findBook, scopeOf } from '../dav-resources.ts';
import { NS, PROP, clark } from '../wire/dav-names.ts';
import { buildError } from '../wire/multistatus.ts';
import { childElements, firstChild, isNamed, nameOf, parseXmlBody, textOf } from '../wire/xml-request.ts';
import { ALLOWED_METHODS } from './options.ts';

export async function mkcol(context: DavContext, request: DavRequest): Promise<DavReply> {
  const { target } = request;
  // A body we cannot understand fails first, whatever the target (RFC 4918 §9.3: 415).
  const body = await request.text(DAV_LIMITS.maxXmlBodyBytes);
  const type = (request.header('content-type') ?? '').toLowerCase();
  if (body.trim() !== '' && !/^(application|text)\/xml\b/.test(type))
    return textReply(415, context.locale, 'wrongBody', { element: 'DAV:mkcol' });
  if (target.kind === 'card') {
    const scope = await scopeOf(context, target.owner);
    const parent = await findBook(context, scope, target.book);
    if (parent === undefined) return textReply(409, context.locale, 'parentMissing');
    return xmlReply(403, buildError(clark(NS.dav, 'resource-must-be-null')));
  }
  if (target.kind !== 'book') {
    if (target.kind === 'home' || target.kind === 'principal') await scopeOf(context, target.owner);
    return { status: 405, headers: { Allow: ALLOWED_METHODS } };
  }
  const scope = await scopeOf(context, target.owner);
  if ((await findBook(context, scope, target.book)) !== undefined)
    return { status: 405, headers: { Allow: 'OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, REPORT' } };

  let displayName: string | undefined;
  let description: string | undefined;
  if (body.trim() !== '') {
    const root = parseXmlBody(body);
    if (!isNamed(root, NS.dav, 'mkcol'))
      return textReply(415, context.locale, 'wrongBody', { element: 'DAV:mkcol' });
    for (const set of childElements(root).filter((c) => isNamed(c, NS.dav, 'set'))) {
      const prop = firstChild(set, NS.dav, 'prop');
      for (const property of prop ? childElements(prop) : []) {
        const name = nameOf(property);
        if (name === PROP.resourcetype) {
          const types = childElements(property).map(nameOf);
          if (!types.includes(clark(NS.carddav, 'addressbook')))
            return xmlReply(403, buildError(clark(NS.dav, 'valid-resourcetype')));
        } else if (name === PROP.displayname) displayName = textOf(property);
        else if (name === PROP.addressbookDescription) description = textOf(property);
      }
    }
  }
  const provider = context.providers.find((candidate) => candidate.writes !== undefined);
  if (provider?.writes === undefined) return xmlReply(403, buildError(clark(NS.dav, 'need-privileges')));
  await provider.writes.createBook(scope, target.book, {
    ...(displayName !== undefined && { displayName }),
    ...(description !== undefined && { description }),
  });
  return { status: 201, headers: { Location: hrefOf(target) } };
}

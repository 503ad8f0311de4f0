// PROPFIND (RFC 4918 §9.1): the properties of a resource (Depth: 0) and of its members (Depth: 1). Depth
// infinity is refused with propfind-finite-depth (§9.1, an allowed choice): a home's every card in one answer
// is what sync-collection is for. An empty body is allprop.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { textReply, xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { childrenOf, resolve } from '../dav-resources.ts';
import { ALLPROP, parsePropRequest, propstatsFor } from '../prop-request.ts';
import { parseDepth } from '../wire/conditional-headers.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError, buildMultistatus } from '../wire/multistatus.ts';
import { isNamed, parseXmlBody } from '../wire/xml-request.ts';
import { notFoundReply } from './not-found.ts';

export async function propfind(context: DavContext, request: DavRequest): Promise<DavReply> {
  const depth = parseDepth(request.header('depth'), 'infinity');
  if (depth === 'infinity') return xmlReply(403, buildError(clark(NS.dav, 'propfind-finite-depth')));
  const body = await request.text(DAV_LIMITS.maxXmlBodyBytes);
  let props = ALLPROP;
  if (body.trim() !== '') {
    const root = parseXmlBody(body);
    if (!isNamed(root, NS.dav, 'propfind'))
      return textReply(400, context.locale, 'wrongBody', { element: 'DAV:propfind' });
    props = parsePropRequest(root);
  }
  const resource = await resolve(context, request.target);
  if (resource === undefined) return notFoundReply(context.locale);
  const resources = depth === '1' ? [resource, ...(await childrenOf(context, resource))] : [resource];
  const responses = resources.map((r) => ({
    href: r.href,
    propstats: propstatsFor(r, props, context.principal),
  }));
  return xmlReply(207, buildMultistatus(responses));
}

// REPORT (RFC 3253 §3.6) on an address book: addressbook-query, addressbook-multiget (RFC 6352 §8.6–8.7) and
// sync-collection (RFC 6578), by the body's root element; any other report is 403 supported-report.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { resolve } from '../dav-resources.ts';
import { addressbookMultiget } from '../carddav/addressbook-multiget.ts';
import { addressbookQuery } from '../carddav/addressbook-query.ts';
import { syncCollection } from '../carddav/sync-collection.ts';
import { NS, clark } from '../wire/dav-names.ts';
import { buildError } from '../wire/multistatus.ts';
import { isNamed, parseXmlBody } from '../wire/xml-request.ts';
import { notFoundReply } from './not-found.ts';

export async function report(context: DavContext, request: DavRequest): Promise<DavReply> {
  const root = parseXmlBody(await request.text(DAV_LIMITS.maxXmlBodyBytes));
  const resource = await resolve(context, request.target);
  if (resource === undefined) return notFoundReply(context.locale);
  const unsupported = () => xmlReply(403, buildError(clark(NS.dav, 'supported-report')));
  if (resource.kind !== 'book') return unsupported();
  if (isNamed(root, NS.carddav, 'addressbook-query')) return await addressbookQuery(context, resource, root);
  if (isNamed(root, NS.carddav, 'addressbook-multiget'))
    return await addressbookMultiget(context, resource, root);
  if (isNamed(root, NS.dav, 'sync-collection')) return await syncCollection(context, resource, root);
  return unsupported();
}

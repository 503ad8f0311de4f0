// PROPPATCH (RFC 4918 §9.2): an address book's displayname and addressbook-description may change; every
// other property is protected (403 cannot-modify-protected-property) — no dead properties are kept. All or
// nothing (§9.2): when one property fails, the others are 424 and nothing changes.

import type { DavContext, DavReply, DavRequest } from '../dav-context.ts';
import { textReply, xmlReply } from '../dav-context.ts';
import { DAV_LIMITS } from '../dav-limits.ts';
import { resolve } from '../dav-resources.ts';
import { NS, PROP } from '../wire/dav-names.ts';
import { buildMultistatus, type XmlNode } from '../wire/multistatus.ts';
import { childElements, firstChild, isNamed, nameOf, parseXmlBody, textOf } from '../wire/xml-request.ts';
import { notFoundReply } from './not-found.ts';

const WRITABLE = new Set<string>([PROP.displayname, PROP.addressbookDescription]);

export async function proppatch(context: DavContext, request: DavRequest): Promise<DavReply> {
  const root = parseXmlBody(await request.text(DAV_LIMITS.maxXmlBodyBytes));
  if (!isNamed(root, NS.dav, 'propertyupdate'))
    return textReply(400, context.locale, 'wrongBody', { element: 'DAV:propertyupdate' });
  const resource = await resolve(context, request.target);
  if (resource === undefined) return notFoundReply(context.locale);

  const updates: { name: string; value: string }[] = [];
  for (const operation of childElements(root)) {
    const isSet = isNamed(operation, NS.dav, 'set');
    if (!isSet && !isNamed(operation, NS.dav, 'remove')) continue;
    const prop = firstChild(operation, NS.dav, 'prop');
    for (const property of prop ? childElements(prop) : []) {
      updates.push({ name: nameOf(property), value: isSet ? textOf(property) : '' });
    }
  }
  const canWrite =
    resource.kind === 'book' && !resource.book.isReadOnly && resource.provider.writes !== undefined;
  const refused = updates.filter((u) => !canWrite || !WRITABLE.has(u.name));
  const props = (list: readonly { name: string }[]): XmlNode[] => list.map(({ name }) => ({ name }));
  if (refused.length > 0) {
    const others = updates.filter((u) => !refused.includes(u));
    return xmlReply(
      207,
      buildMultistatus([
        {
          href: resource.href,
          propstats: [
            { status: 403, props: props(refused) },
            { status: 424, props: props(others) },
          ],
        },
      ]),
    );
  }
  if (resource.kind === 'book' && resource.provider.writes !== undefined && updates.length > 0) {
    const last = (name: string) => updates.filter((u) => u.name === name).at(-1)?.value;
    const displayName = last(PROP.displayname);
    const description = last(PROP.addressbookDescription);
    await resource.provider.writes.updateBook(resource.scope, resource.book.name, {
      ...(displayName !== undefined && { displayName }),
      ...(description !== undefined && { description }),
    });
  }
  return xmlReply(
    207,
    buildMultistatus([{ href: resource.href, propstats: [{ status: 200, props: props(updates) }] }]),
  );
}

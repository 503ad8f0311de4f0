// Which properties a PROPFIND or REPORT asks for (RFC 4918 §14.20 prop, §14.1 allprop, §14.17 propname), and
// the propstats that answer it for one resource: found properties under 200, unknown ones under 404.

import type { DavPrincipal } from './collection-provider.ts';
import { allpropNames, liveProperty, propertyNames } from './dav-properties.ts';
import type { DavResource } from './dav-resources.ts';
import { addressDataOf, parseAddressDataRequest, type AddressDataRequest } from './carddav/address-data.ts';
import { NS, PROP } from './wire/dav-names.ts';
import type { PropStat, XmlNode } from './wire/multistatus.ts';
import { childElements, isNamed, nameOf, type XmlElement } from './wire/xml-request.ts';

export type PropRequest =
  | { readonly kind: 'allprop'; readonly include: readonly string[] }
  | { readonly kind: 'propname' }
  | { readonly kind: 'prop'; readonly names: readonly string[]; readonly addressData?: AddressDataRequest };

export const ALLPROP: PropRequest = { kind: 'allprop', include: [] };

/** The request in a propfind element, or in the children of a REPORT's root (where prop is usual). */
export function parsePropRequest(parent: XmlElement): PropRequest {
  for (const child of childElements(parent)) {
    if (isNamed(child, NS.dav, 'propname')) return { kind: 'propname' };
    if (isNamed(child, NS.dav, 'allprop')) {
      const include = childElements(parent).find((c) => isNamed(c, NS.dav, 'include'));
      return { kind: 'allprop', include: include ? childElements(include).map(nameOf) : [] };
    }
    if (isNamed(child, NS.dav, 'prop')) {
      const props = childElements(child);
      const addressData = props.find((p) => isNamed(p, NS.carddav, 'address-data'));
      return {
        kind: 'prop',
        names: props.map(nameOf),
        ...(addressData !== undefined && { addressData: parseAddressDataRequest(addressData) }),
      };
    }
  }
  return ALLPROP;
}

export function propstatsFor(
  resource: DavResource,
  request: PropRequest,
  principal: DavPrincipal,
): PropStat[] {
  if (request.kind === 'propname') {
    return [{ status: 200, props: propertyNames(resource).map((name) => ({ name })) }];
  }
  const names =
    request.kind === 'allprop'
      ? [...new Set([...allpropNames(resource), ...request.include])]
      : request.names;
  const found: XmlNode[] = [];
  const missing: XmlNode[] = [];
  for (const name of names) {
    if (name === PROP.addressData && resource.kind === 'card') {
      const wanted = request.kind === 'prop' ? request.addressData : undefined;
      found.push({ name, value: addressDataOf(resource.card.vcard, wanted) });
      continue;
    }
    const value = liveProperty(resource, name, principal);
    if (value === undefined) missing.push({ name });
    else found.push({ name, value });
  }
  return [
    { status: 200, props: found },
    { status: 404, props: missing },
  ];
}

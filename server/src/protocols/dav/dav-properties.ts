// The live properties of each kind of resource (RFC 4918 §15, RFC 5397, RFC 3744 §5.4, RFC 6352 §6–7,
// RFC 6578 §4, Apple's getctag), and which of them allprop returns. A property the table lacks is 404 in
// PROPFIND; address-data is REPORT's (and PROPFIND's, for clients that ask) and never part of allprop.

import type { DavPrincipal } from './collection-provider.ts';
import { DAV_LIMITS } from './dav-limits.ts';
import { hrefOf } from './dav-paths.ts';
import { ownerSegment, type DavResource } from './dav-resources.ts';
import { syncTokenUri } from './sync-token.ts';
import { NS, PROP, clark } from './wire/dav-names.ts';
import type { XmlNode, XmlValue } from './wire/multistatus.ts';

/** The value of one property of `resource`, as `principal` (the account asking) sees it. */
type Getter = (resource: DavResource, principal: DavPrincipal) => XmlValue;

const dav = (local: string): XmlNode => ({ name: clark(NS.dav, local) });
const card = (local: string): XmlNode => ({ name: clark(NS.carddav, local) });
const href = (value: string): XmlNode => ({ name: clark(NS.dav, 'href'), value });
const privileges = (names: readonly string[]): XmlNode[] =>
  names.map((name) => ({ name: clark(NS.dav, 'privilege'), value: [dav(name)] }));
const report = (node: XmlNode): XmlNode => ({
  name: clark(NS.dav, 'supported-report'),
  value: [{ name: clark(NS.dav, 'report'), value: [node] }],
});

const principalHref = (email: string) => hrefOf({ kind: 'principal', owner: email });

const COMMON: Readonly<Record<string, Getter>> = {
  [PROP.currentUserPrincipal]: (_r, principal) => [href(principalHref(principal.email))],
  [PROP.principalCollectionSet]: () => [href(hrefOf({ kind: 'principals' }))],
};

const COLLECTION: Readonly<Record<string, Getter>> = {
  ...COMMON,
  [PROP.resourcetype]: () => [dav('collection')],
};

const OWNED: Readonly<Record<string, Getter>> = {
  [PROP.owner]: (r) => [href(principalHref(ownerSegment(r.href)))],
};

const TABLES: Readonly<Record<DavResource['kind'], Readonly<Record<string, Getter>>>> = {
  root: { ...COLLECTION },
  principals: { ...COLLECTION },
  addressbooks: { ...COLLECTION },
  principal: {
    ...COMMON,
    [PROP.resourcetype]: () => [dav('collection'), dav('principal')],
    // Only the account's own principal is ever reached (others are 404).
    [PROP.displayname]: (_r, principal) => principal.displayName,
    [PROP.principalUrl]: (r) => [href(r.href)],
    [PROP.addressbookHomeSet]: (r) => [
      href(hrefOf({ kind: 'home', owner: decodeURIComponent(r.href.split('/')[3] ?? '') })),
    ],
  },
  home: {
    ...COLLECTION,
    ...OWNED,
    [PROP.currentUserPrivilegeSet]: () =>
      privileges(['read', 'bind', 'unbind', 'read-current-user-privilege-set']),
  },
  book: {
    ...COMMON,
    ...OWNED,
    [PROP.resourcetype]: () => [dav('collection'), card('addressbook')],
    [PROP.displayname]: (r) => (r.kind === 'book' ? r.book.displayName : ''),
    [PROP.addressbookDescription]: (r) => (r.kind === 'book' ? r.book.description : ''),
    [PROP.supportedAddressData]: () =>
      ['3.0', '4.0'].map((version) => ({
        name: clark(NS.carddav, 'address-data-type'),
        attributes: { 'content-type': 'text/vcard', version },
      })),
    [PROP.maxResourceSize]: () => String(DAV_LIMITS.maxResourceBytes),
    [PROP.syncToken]: (r) => (r.kind === 'book' ? syncTokenUri(r.book.syncToken) : ''),
    [PROP.getctag]: (r) => (r.kind === 'book' ? String(r.book.syncToken) : ''),
    [PROP.supportedReportSet]: () => [
      report(card('addressbook-query')),
      report(card('addressbook-multiget')),
      report(dav('sync-collection')),
    ],
    [PROP.currentUserPrivilegeSet]: (r) =>
      privileges(
        r.kind === 'book' && r.book.isReadOnly
          ? ['read', 'read-current-user-privilege-set']
          : [
              'read',
              'write',
              'write-properties',
              'write-content',
              'bind',
              'unbind',
              'read-current-user-privilege-set',
            ],
      ),
    [PROP.getlastmodified]: (r) => (r.kind === 'book' ? r.book.updatedAt.toUTCString() : ''),
    [PROP.creationdate]: (r) => (r.kind === 'book' ? r.book.createdAt.toISOString() : ''),
  },
  card: {
    ...COMMON,
    ...OWNED,
    [PROP.resourcetype]: () => [],
    [PROP.getetag]: (r) => (r.kind === 'card' ? r.card.etag : ''),
    [PROP.getcontenttype]: () => 'text/vcard; charset=utf-8',
    [PROP.getcontentlength]: (r) => (r.kind === 'card' ? String(Buffer.byteLength(r.card.vcard)) : ''),
    [PROP.getlastmodified]: (r) => (r.kind === 'card' ? r.card.updatedAt.toUTCString() : ''),
    [PROP.creationdate]: (r) => (r.kind === 'card' ? r.card.createdAt.toISOString() : ''),
    [PROP.addressData]: (r) => (r.kind === 'card' ? r.card.vcard : ''),
  },
};

/** Expensive or REPORT-only properties left out of allprop (RFC 4918 §9.1, RFC 6352 §10.4). */
const NOT_IN_ALLPROP = new Set<string>([
  PROP.addressData,
  PROP.supportedReportSet,
  PROP.currentUserPrivilegeSet,
]);

export function propertyNames(resource: DavResource): string[] {
  return Object.keys(TABLES[resource.kind]);
}

export function allpropNames(resource: DavResource): string[] {
  return propertyNames(resource).filter((name) => !NOT_IN_ALLPROP.has(name));
}

/** The value of a live property, or undefined when the resource has no such property. */
export function liveProperty(
  resource: DavResource,
  name: string,
  principal: DavPrincipal,
): XmlValue | undefined {
  const getter = TABLES[resource.kind][name];
  return getter === undefined ? undefined : getter(resource, principal);
}

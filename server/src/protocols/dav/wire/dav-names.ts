// XML namespaces and property names of WebDAV (RFC 4918), CardDAV (RFC 6352), sync (RFC 6578) and the Apple
// CalendarServer extensions clients still ask for (getctag). A name is kept in Clark notation, `{ns}local`,
// so one string compares and keys a map.

export const NS = {
  dav: 'DAV:',
  carddav: 'urn:ietf:params:xml:ns:carddav',
  calendarServer: 'http://calendarserver.org/ns/',
} as const;

/** The prefixes used when writing (reading follows whatever the client declared). */
export const PREFIXES: Readonly<Record<string, string>> = {
  [NS.dav]: 'd',
  [NS.carddav]: 'card',
  [NS.calendarServer]: 'cs',
};

export function clark(namespace: string, local: string): string {
  return `{${namespace}}${local}`;
}

export function splitClark(name: string): { namespace: string; local: string } {
  const close = name.indexOf('}');
  return { namespace: name.slice(1, close), local: name.slice(close + 1) };
}

const dav = (local: string) => clark(NS.dav, local);
const card = (local: string) => clark(NS.carddav, local);

export const PROP = {
  resourcetype: dav('resourcetype'),
  displayname: dav('displayname'),
  getetag: dav('getetag'),
  getcontenttype: dav('getcontenttype'),
  getcontentlength: dav('getcontentlength'),
  getlastmodified: dav('getlastmodified'),
  creationdate: dav('creationdate'),
  currentUserPrincipal: dav('current-user-principal'),
  principalUrl: dav('principal-URL'),
  principalCollectionSet: dav('principal-collection-set'),
  owner: dav('owner'),
  supportedReportSet: dav('supported-report-set'),
  currentUserPrivilegeSet: dav('current-user-privilege-set'),
  syncToken: dav('sync-token'),
  addressbookHomeSet: card('addressbook-home-set'),
  addressbookDescription: card('addressbook-description'),
  supportedAddressData: card('supported-address-data'),
  maxResourceSize: card('max-resource-size'),
  addressData: card('address-data'),
  getctag: clark(NS.calendarServer, 'getctag'),
} as const;

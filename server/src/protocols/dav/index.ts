// The DAV protocol's public surface (WebDAV RFC 4918 + CardDAV RFC 6352 + sync RFC 6578): the Hono app the
// runtime mounts, its authenticator, and the provider interface another source of address books implements
// (the académie directory, read-only). CalDAV will sit beside carddav/ on the same WebDAV layer.

export {
  type AddressBookProvider,
  type AddressBookWrites,
  type DavBook,
  type DavCard,
  type DavChanges,
  type DavPrincipal,
  type DavScope,
  type SyncPosition,
} from './collection-provider.ts';
export { createDavAuthenticator, type DavAuthenticator, type DavIdentity } from './dav-auth.ts';
export { DAV_LIMITS } from './dav-limits.ts';
export { DAV_ROOT, WELL_KNOWN_CARDDAV } from './dav-paths.ts';
export { createDavApp, type DavServiceOptions } from './dav-service.ts';
export { DIRECTORY_BOOK, directoryBook } from './directory-book.ts';

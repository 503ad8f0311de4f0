// OPTIONS (RFC 4918 §10.1, RFC 6352 §6.1): the DAV classes (1 and 3; no LOCK, so not 2), CardDAV's
// addressbook and extended MKCOL (RFC 5689), and the methods we answer. No body, no authentication needed.

import type { DavReply } from '../dav-context.ts';

export const DAV_CLASSES = '1, 3, addressbook, extended-mkcol';
export const ALLOWED_METHODS = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, REPORT';

export function options(): DavReply {
  return { status: 200, headers: { DAV: DAV_CLASSES, Allow: ALLOWED_METHODS, 'Content-Length': '0' } };
}

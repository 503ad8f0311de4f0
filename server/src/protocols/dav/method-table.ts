// The DAV methods we answer, one handler each (Dovecot's command table): the dispatcher looks a method up
// here, never by building a function name. COPY, MOVE, LOCK and UNLOCK are not offered (501): a card moves
// between books as a DELETE and a PUT, and without LOCK we are DAV class 1 and 3, not 2.

import type { DavContext, DavReply, DavRequest } from './dav-context.ts';
import { remove } from './methods/delete.ts';
import { get } from './methods/get.ts';
import { mkcol } from './methods/mkcol.ts';
import { options } from './methods/options.ts';
import { propfind } from './methods/propfind.ts';
import { proppatch } from './methods/proppatch.ts';
import { put } from './methods/put.ts';
import { report } from './methods/report.ts';

export type DavMethod = (context: DavContext, request: DavRequest) => Promise<DavReply>;

export const DAV_METHODS: Readonly<Record<string, DavMethod>> = {
  OPTIONS: () => Promise.resolve(options()),
  GET: get,
  HEAD: get,
  PUT: put,
  DELETE: remove,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  MKCOL: mkcol,
  REPORT: report,
};

/** Methods routed to the DAV app but refused with 501 (RFC 9110 §15.6.2). */
export const UNSUPPORTED_METHODS: readonly string[] = ['COPY', 'MOVE', 'LOCK', 'UNLOCK'];

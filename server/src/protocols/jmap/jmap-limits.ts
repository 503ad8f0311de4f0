// The limits JMAP advertises in the session (RFC 8620 §2, urn:ietf:params:jmap:core) and enforces: a request
// larger, longer or more parallel than these is refused before any method runs.

import type { CoreCapability } from '@vercors/contract';

export const JMAP_CORE_LIMITS: CoreCapability = {
  // The mail domain's own bound on an upload (MAIL_LIMITS.maxUploadBytes): what webmails accept as an attachment.
  maxSizeUpload: 50 * 1024 * 1024,
  // Per account and process: a client attaching a folder of files uploads a few at a time, not fifty.
  maxConcurrentUpload: 4,
  // Below the HTTP listener's own body limit, so an oversized request gets JMAP's `limit` problem, not a bare 413.
  maxSizeRequest: 5 * 1024 * 1024,
  maxConcurrentRequests: 8,
  maxCallsInRequest: 32,
  maxObjectsInGet: 1000,
  maxObjectsInSet: 500,
  collationAlgorithms: ['i;ascii-numeric', 'i;ascii-casemap', 'i;unicode-casemap'],
};

/** Longest chain of result references followed while resolving one argument (`*` fans out, depth does not). */
export const MAX_POINTER_TOKENS = 32;
/** Ids a result reference may expand to: a /query of everything feeding a /get is refused beyond this. */
export const MAX_REFERENCED_ITEMS = 100_000;
/** Bytes of a method call id, a method name or a creation id. */
export const MAX_ID_LENGTH = 255;
/** Authentication results remembered per process, so Basic auth does not run argon2 on every request. */
export const CREDENTIAL_CACHE_ENTRIES = 10_000;
/** How long a verified password is trusted without checking it again. */
export const CREDENTIAL_CACHE_TTL_MS = 60_000;

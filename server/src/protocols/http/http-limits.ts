// Every limit of the HTTP listener, with the reason for its value (imapflow limits.js, Postfix VAR_*).

/**
 * Request bodies, unless a route sets its own: a JMAP API call stays far below this (RFC 8620's usual
 * maxSizeRequest is 10 MB); uploads of mail and attachments have a route of their own with a larger one.
 */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/**
 * Paths whose routes bound their bodies themselves, so MAX_REQUEST_BODY_BYTES does not apply there: JMAP blob
 * upload (RFC 8620 §6.1) takes up to maxSizeUpload (50 MiB), counted while it streams to the blob store.
 */
export const SELF_LIMITED_BODY_PATHS: readonly string[] = ['/jmap/upload/'];
/** Headers must arrive within this: a slow-loris client cannot pin a socket longer. */
export const HEADERS_TIMEOUT_MS = 30_000;
/** A whole request (body included) must arrive within this; generous for uploads over slow school links. */
export const REQUEST_TIMEOUT_MS = 300_000;
/**
 * Idle keep-alive connections are kept this long. Above the 60 s that reverse proxies commonly keep an
 * upstream connection, so the proxy, not us, closes first and never writes into a socket we just closed.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 75_000;
/** Request line and headers: large cookies and bearer tokens fit; a header bomb does not. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** During shutdown, keep-alive connections that fall idle are closed this often. */
export const IDLE_SWEEP_INTERVAL_MS = 100;
/** /health waits this long for the storage; load balancers usually give a probe 5 s. */
export const HEALTH_STORAGE_TIMEOUT_MS = 2_000;
/** Paths are cut to this length in logs and never carry their query string (tokens live there). */
export const MAX_LOGGED_PATH_LENGTH = 200;

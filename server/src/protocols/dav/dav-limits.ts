// Bounds of the DAV endpoints, each with its reason (imapflow limits.js). Wire-level bounds are in wire/.

import { VCARD_LIMITS } from '#formats/vcard';

export const DAV_LIMITS = {
  /**
   * Bytes of an XML request body (PROPFIND, PROPPATCH, REPORT, MKCOL): a multiget of a few thousand hrefs
   * is below 1 MiB.
   */
  maxXmlBodyBytes: 1024 * 1024,
  /** Bytes of a PUT body: one vCard (CardDAV max-resource-size). */
  maxResourceBytes: VCARD_LIMITS.maxCardBytes,
  /** hrefs in one addressbook-multiget: DAVx⁵ asks for 10–100 at a time, iOS a few hundred. */
  maxMultigetHrefs: 5_000,
  /** Results of one addressbook-query when the client gives no limit (RFC 6352 §8.6.1 truncation, 507). */
  maxQueryResults: 5_000,
  /** Verified Basic credentials remembered per process, and for how long (phones sync every few minutes). */
  credentialCacheEntries: 10_000,
  credentialCacheTtlMs: 60_000,
} as const;

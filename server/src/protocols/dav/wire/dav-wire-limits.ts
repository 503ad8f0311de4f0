// Bounds of the WebDAV wire codecs, each with its reason.

export const DAV_WIRE_LIMITS = {
  /** Elements in one request body: a multiget of maxMultigetHrefs hrefs with its prop list fits. */
  maxElements: 20_000,
  /** Nesting of a request body: the deepest real one (a filter) is about 6 levels. */
  maxDepth: 32,
  /** ETags in one If-Match / If-None-Match header. */
  maxEtags: 32,
} as const;

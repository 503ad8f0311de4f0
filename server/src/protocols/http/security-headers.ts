// Headers on every response: no MIME sniffing, no referrer leaking mail URLs, no framing, and a CSP that
// allows nothing. JSON endpoints need nothing more; an HTML page sets its own CSP (the login pages, the web
// app), which is kept.

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { TLSSocket } from 'node:tls';
import type { HttpEnv } from './http-env.ts';

/** Six months, the minimum the HSTS preload list accepts; no includeSubDomains: other hosts are not ours. */
const HSTS_MAX_AGE_SECONDS = 15_552_000;

export function securityHeaders(): MiddlewareHandler<HttpEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    // Set below, and only over TLS: RFC 6797 §8.1 has browsers ignore it on plain HTTP anyway.
    strictTransportSecurity: false,
    // A route's own header (an HTML page's CSP) wins over these defaults.
    overwrite: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if ((c.env?.incoming?.socket as TLSSocket | undefined)?.encrypted === true) {
      c.res.headers.set('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}`);
    }
  };
}

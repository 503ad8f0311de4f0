// The passkeys' relying party: the server's host name. Accepted origins: https on that name (also what a
// browser sees behind a TLS-terminating proxy), and the origin the request came to when it is that host or
// one under it, so development works at http://localhost:8080 (browsers treat localhost as secure).

import type { Context } from 'hono';
import type { RelyingParty } from '#domain/identity';

export function relyingPartyOf(c: Context, hostname: string): RelyingParty {
  const url = new URL(c.req.url);
  const host = url.hostname.toLowerCase();
  const rpId = hostname.toLowerCase();
  const isOurs = host === rpId || host.endsWith(`.${rpId}`);
  const origins = new Set([`https://${rpId}`]);
  if (isOurs) origins.add(url.origin);
  return { rpId, expectedOrigins: [...origins] };
}

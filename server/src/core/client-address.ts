// The client's address for an HTTP request. Behind a reverse proxy the socket's peer is the proxy, and the
// client is in X-Forwarded-For; but anybody can send that header, so it is read only when the peer is one of
// the configured trusted proxies, and then from the right: the first address that is not itself a trusted
// proxy is the client (every hop appends the address it saw). Without trusted proxies, the peer is the client.

import { isIP } from 'node:net';
import { rangeMatcher, type NetworkRange } from './network-range.ts';

/** Longest X-Forwarded-For read, and most hops walked: a real chain has a few. */
const MAX_FORWARDED_LENGTH = 2048;
const MAX_HOPS = 16;

export type ClientAddressResolver = (peer: string | undefined, forwardedFor: string | undefined) => string;

export function createClientAddressResolver(trustedProxies: readonly NetworkRange[]): ClientAddressResolver {
  const isTrustedProxy = rangeMatcher(trustedProxies);
  return (peer, forwardedFor) => {
    if (peer === undefined) return 'unknown';
    let client = plainAddress(peer);
    if (trustedProxies.length === 0 || forwardedFor === undefined || !isTrustedProxy(client)) return client;
    // Longer than any real chain: not read at all, rather than read from a cut in the middle of an address.
    if (forwardedFor.length > MAX_FORWARDED_LENGTH) return client;
    const hops = forwardedFor.split(',').slice(-MAX_HOPS).reverse();
    for (const hop of hops) {
      const address = plainAddress(hop.trim());
      // A hop that is not an address: trust stops at the proxy that passed it on.
      if (isIP(address) === 0) return client;
      client = address;
      if (!isTrustedProxy(address)) return address;
    }
    return client;
  };
}

/** `::ffff:192.0.2.1` (a dual-stack socket's IPv4 peer) as `192.0.2.1`, so logs and ranges see one form. */
export function plainAddress(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

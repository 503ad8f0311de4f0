// The DNS lookups outbound delivery makes (MX, then A/AAAA), behind an interface so tests and offline setups
// inject their own answers. The default asks the system's resolvers through node:dns/promises.
// Security: answers come from the network; callers bound how many names and addresses they follow.

import { Resolver } from 'node:dns/promises';

export interface MxRecord {
  /** The mail exchanger's host name; '' or '.' for a null MX (RFC 7505). */
  readonly exchange: string;
  readonly priority: number;
}

/**
 * Failures are errors with a `code`: `ENOTFOUND` (the name does not exist), `ENODATA` (it has no record of that
 * type); any other code is a temporary failure of the lookup itself.
 */
export interface MailDns {
  resolveMx(domain: string): Promise<readonly MxRecord[]>;
  /** Every address of `host`, IPv4 first; empty when the name exists without addresses. */
  resolveAddresses(host: string): Promise<readonly string[]>;
}

/** Per query; two tries keep a lost UDP packet from costing a whole delivery attempt. */
const DNS_TIMEOUT_MS = 5_000;
const DNS_TRIES = 2;

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}

export function systemMailDns(): MailDns {
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: DNS_TRIES });
  return {
    resolveMx: (domain) => resolver.resolveMx(domain),
    async resolveAddresses(host) {
      // IPv4 first: it is what every receiving MX reaches, while IPv6 paths out of school networks often are not.
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const addresses = [v4, v6].flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
      if (addresses.length > 0) return addresses;
      const failure = [v4, v6].find((r) => r.status === 'rejected' && !isAbsent(r.reason));
      if (failure?.status === 'rejected') throw failure.reason;
      const missing = [v4, v6].find((r) => r.status === 'rejected');
      if (missing?.status === 'rejected' && (missing.reason as NodeJS.ErrnoException).code === 'ENOTFOUND') {
        throw missing.reason;
      }
      return [];
    },
  };
}

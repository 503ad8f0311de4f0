// Where mail for a domain goes (RFC 5321 §5.1): its MX hosts by preference (equal ones shuffled), the domain
// itself when it has no MX (implicit MX), nowhere for a null MX (RFC 7505); or the configured relay host.
// A definite "does not exist" bounces, a failed lookup defers.
// Security: DNS answers are untrusted; at most MAX_MX_HOSTS names and MAX_ADDRESSES_PER_HOST addresses each,
// and no loopback, private or link-local address unless the administrator allows it (non-public-address.ts).
// The addresses checked are the ones connected to, so a second DNS answer (rebinding) cannot slip past.

import { isIP } from 'node:net';
import type { MailDns, MxRecord } from './mail-dns.ts';
import { nonPublicRangeOf } from './non-public-address.ts';

/** Postfix's smtp_mx_address_limit is 5; ten names covers every real domain and bounds a hostile answer. */
export const MAX_MX_HOSTS = 10;
/** Addresses tried per host name: a dual-stacked host has two, a large provider a few. */
export const MAX_ADDRESSES_PER_HOST = 4;

export interface RouteHost {
  /** The host name (for TLS SNI, logs and Remote-MTA). */
  readonly name: string;
  readonly addresses: readonly string[];
  readonly port: number;
}

export type MailRoute =
  | { readonly kind: 'hosts'; readonly hosts: readonly RouteHost[] }
  | {
      readonly kind: 'failed';
      readonly outcome: 'deferred' | 'bounced';
      /** RFC 3463 status. */
      readonly status: string;
      readonly detail: string;
      /** `host[address] range` per address refused as non-public, when that is why (at most REFUSED_KEPT). */
      readonly refused?: readonly string[];
    };

/** Refused addresses named in a diagnostic: enough to see the problem in a bounce. */
const REFUSED_SHOWN = 3;
/** Refused addresses kept for the log: as many as could have been tried, bounded against a hostile answer. */
const REFUSED_KEPT = MAX_MX_HOSTS * MAX_ADDRESSES_PER_HOST;

function codeOf(error: unknown): string {
  return String((error as NodeJS.ErrnoException).code ?? 'EFAIL');
}

function hostName(exchange: string): string {
  return exchange.replace(/\.$/, '').toLowerCase();
}

/** Preference order, lowest first; equal preferences in random order to spread the load (RFC 5321 §5.1). */
function byPreference(records: readonly MxRecord[]): MxRecord[] {
  const keyed = records.map((record) => ({ record, tie: Math.random() }));
  keyed.sort((a, b) => a.record.priority - b.record.priority || a.tie - b.tie);
  return keyed.map((entry) => entry.record);
}

/**
 * The addresses of each name, without the non-public ones unless `isNonPublicAllowed` (then listed in
 * `refused`). Filtered before the bound, so a few internal addresses cannot crowd out the public ones.
 */
async function addressesOf(
  dns: MailDns,
  names: readonly string[],
  port: number,
  isNonPublicAllowed: boolean,
): Promise<{ hosts: RouteHost[]; temporary: string[]; refused: string[]; refusedCount: number }> {
  const hosts: RouteHost[] = [];
  const temporary: string[] = [];
  const refused: string[] = [];
  let refusedCount = 0;
  const usable = (name: string, addresses: readonly string[]) =>
    addresses.filter((address) => {
      const range = isNonPublicAllowed ? undefined : nonPublicRangeOf(address);
      if (range === undefined) return true;
      refusedCount++;
      if (refused.length < REFUSED_KEPT) refused.push(`${name}[${address}] ${range}`);
      return false;
    });
  for (const name of names) {
    try {
      const addresses = usable(name, isIP(name) ? [name] : await dns.resolveAddresses(name));
      if (addresses.length > 0)
        hosts.push({ name, addresses: addresses.slice(0, MAX_ADDRESSES_PER_HOST), port });
    } catch (error) {
      if (codeOf(error) !== 'ENOTFOUND' && codeOf(error) !== 'ENODATA')
        temporary.push(`${name}: ${codeOf(error)}`);
    }
  }
  return { hosts, temporary, refused, refusedCount };
}

/**
 * The MX route of `domain` (A-labels), on `port` (25 in production). Loopback, private and other non-public
 * addresses are skipped unless `isNonPublicAllowed` (the outbound.allow-private-mx setting).
 */
export async function resolveMailRoute(
  domain: string,
  dns: MailDns,
  port: number,
  isNonPublicAllowed = false,
): Promise<MailRoute> {
  let names: string[];
  let isImplicit = false;
  try {
    const records = await dns.resolveMx(domain);
    const usable = records.filter((record) => hostName(record.exchange) !== '');
    if (usable.length === 0) {
      return {
        kind: 'failed',
        outcome: 'bounced',
        status: '5.1.10',
        detail: `domain ${domain} accepts no mail (null MX, RFC 7505)`,
      };
    }
    names = byPreference(usable)
      .slice(0, MAX_MX_HOSTS)
      .map((record) => hostName(record.exchange));
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOTFOUND') {
      return {
        kind: 'failed',
        outcome: 'bounced',
        status: '5.1.2',
        detail: `domain ${domain} does not exist`,
      };
    }
    if (code !== 'ENODATA') {
      return {
        kind: 'failed',
        outcome: 'deferred',
        status: '4.4.3',
        detail: `DNS lookup of the MX records of ${domain} failed (${code})`,
      };
    }
    // No MX: the domain itself is the mail host (implicit MX, RFC 5321 §5.1).
    names = [domain];
    isImplicit = true;
  }

  const { hosts, temporary, refused, refusedCount } = await addressesOf(
    dns,
    [...new Set(names)],
    port,
    isNonPublicAllowed,
  );
  if (hosts.length > 0) return { kind: 'hosts', hosts };
  if (temporary.length > 0) {
    return {
      kind: 'failed',
      outcome: 'deferred',
      status: '4.4.3',
      detail: `DNS lookup of the mail hosts of ${domain} failed (${temporary.join(', ')})`,
    };
  }
  if (refusedCount > 0) {
    // RFC 3463 X.4.4 "unable to route": the domain's DNS gives no next hop we may use, as for an MX without
    // addresses below. Permanent, because that is what the domain publishes, not a passing failure; Exim's
    // ignore_target_hosts does the same (such hosts count as non-existent). 5.7.1 would read as a refusal
    // by the recipient's side, which never saw the message.
    const more = refusedCount - REFUSED_SHOWN;
    const shown = [...refused.slice(0, REFUSED_SHOWN), ...(more > 0 ? [`${more} more`] : [])].join(', ');
    return {
      kind: 'failed',
      outcome: 'bounced',
      status: '5.4.4',
      detail: `mail hosts of ${domain} have only private or loopback addresses, which are refused (${shown})`,
      refused,
    };
  }
  return isImplicit
    ? { kind: 'failed', outcome: 'bounced', status: '5.1.2', detail: `domain ${domain} has no mail server` }
    : {
        kind: 'failed',
        outcome: 'bounced',
        status: '5.4.4',
        detail: `no mail host of ${domain} has an address (${names.join(', ')})`,
      };
}

/**
 * The relay host's route, whatever its address; a relay we cannot find is our configuration's problem:
 * defer, never bounce.
 */
export async function resolveRelayRoute(
  relay: { host: string; port: number },
  dns: MailDns,
): Promise<MailRoute> {
  // The relay is the administrator's own choice: an internal address is expected there, not refused.
  const { hosts, temporary } = await addressesOf(dns, [relay.host], relay.port, true);
  if (hosts.length > 0) return { kind: 'hosts', hosts };
  return {
    kind: 'failed',
    outcome: 'deferred',
    status: '4.4.3',
    detail: `relay host ${relay.host} could not be resolved${temporary.length > 0 ? ` (${temporary.join(', ')})` : ''}`,
  };
}

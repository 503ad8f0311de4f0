// Where mail for a domain goes (RFC 5321 §5.1): its MX hosts by preference (equal ones shuffled), the domain
// itself when it has no MX (implicit MX), nowhere for a null MX (RFC 7505); or the configured relay host.
// A definite "does not exist" bounces, a failed lookup defers.
// Security: DNS answers are untrusted; at most MAX_MX_HOSTS names and MAX_ADDRESSES_PER_HOST addresses each.

import { isIP } from 'node:net';
import type { MailDns, MxRecord } from './mail-dns.ts';

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
    };

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

async function addressesOf(
  dns: MailDns,
  names: readonly string[],
  port: number,
): Promise<{ hosts: RouteHost[]; temporary: string[] }> {
  const hosts: RouteHost[] = [];
  const temporary: string[] = [];
  for (const name of names) {
    if (isIP(name)) {
      hosts.push({ name, addresses: [name], port });
      continue;
    }
    try {
      const addresses = await dns.resolveAddresses(name);
      if (addresses.length > 0)
        hosts.push({ name, addresses: addresses.slice(0, MAX_ADDRESSES_PER_HOST), port });
    } catch (error) {
      if (codeOf(error) !== 'ENOTFOUND' && codeOf(error) !== 'ENODATA')
        temporary.push(`${name}: ${codeOf(error)}`);
    }
  }
  return { hosts, temporary };
}

/** The MX route of `domain` (A-labels), on `port` (25 in production). */
export async function resolveMailRoute(domain: string, dns: MailDns, port: number): Promise<MailRoute> {
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

  const { hosts, temporary } = await addressesOf(dns, [...new Set(names)], port);
  if (hosts.length > 0) return { kind: 'hosts', hosts };
  if (temporary.length > 0) {
    return {
      kind: 'failed',
      outcome: 'deferred',
      status: '4.4.3',
      detail: `DNS lookup of the mail hosts of ${domain} failed (${temporary.join(', ')})`,
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

/** The relay host's route; a relay we cannot find is our configuration's problem: defer, never bounce. */
export async function resolveRelayRoute(
  relay: { host: string; port: number },
  dns: MailDns,
): Promise<MailRoute> {
  const { hosts, temporary } = await addressesOf(dns, [relay.host], relay.port);
  if (hosts.length > 0) return { kind: 'hosts', hosts };
  return {
    kind: 'failed',
    outcome: 'deferred',
    status: '4.4.3',
    detail: `relay host ${relay.host} could not be resolved${temporary.length > 0 ? ` (${temporary.join(', ')})` : ''}`,
  };
}

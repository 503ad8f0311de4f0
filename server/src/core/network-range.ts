// Address ranges (CIDR) for trusted networks and trusted proxies: parsed strictly, written canonically, and
// matched with Node's BlockList. IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a dual-stack socket
// reports) match their IPv4 ranges.

import { BlockList, isIP } from 'node:net';

export interface NetworkRange {
  /** Canonical text: the network address (host bits cleared) and the prefix, `192.0.2.0/24`. */
  readonly cidr: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly address: string;
  readonly prefix: number;
}

/** `192.0.2.0/24`, `2001:db8::/48`, or one address (a /32 or /128); undefined when malformed. */
export function parseNetworkRange(text: string): NetworkRange | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 64) return undefined;
  const [rawAddress = '', rawPrefix, ...rest] = trimmed.split('/');
  if (rest.length > 0) return undefined;
  // isIP accepts an IPv6 zone (`fe80::1%eth0`): it names one host's interface, not part of a range.
  const version = rawAddress.includes('%') ? 0 : isIP(rawAddress);
  if (version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix =
    rawPrefix === undefined ? bits : /^\d{1,3}$/.test(rawPrefix) ? Number(rawPrefix) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const address = version === 4 ? maskIpv4(rawAddress, prefix) : maskIpv6(rawAddress, prefix);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return { cidr: `${address}/${prefix}`, family, address, prefix };
}

/** A matcher over `ranges`; addresses that are not IPs never match. */
export function rangeMatcher(ranges: readonly NetworkRange[]): (address: string) => boolean {
  const list = new BlockList();
  for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
  return (address) => {
    const plain = unmapIpv4(address);
    const version = isIP(plain);
    if (version === 0) return false;
    return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}

function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

function maskIpv4(address: string, prefix: number): string {
  const value = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const masked = (value & mask) >>> 0;
  return [24, 16, 8, 0].map((shift) => (masked >>> shift) & 255).join('.');
}

function maskIpv6(address: string, prefix: number): string {
  const groups = expandIpv6(address);
  const masked = groups.map((group, index) => {
    const keep = Math.min(Math.max(prefix - index * 16, 0), 16);
    return keep === 0 ? 0 : group & ((0xffff << (16 - keep)) & 0xffff);
  });
  return compressIpv6(masked);
}

function expandIpv6(address: string): number[] {
  let text = address;
  // A trailing dotted IPv4 (`::ffff:1.2.3.4`) becomes two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const all =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return all.map((group) => Number.parseInt(group, 16));
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
function compressIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - start > bestLength && end - start >= 2) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

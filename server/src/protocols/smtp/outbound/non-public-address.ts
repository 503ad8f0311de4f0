// Which addresses an MX answer must never send us to: loopback, private, link-local and other ranges that
// are not the public internet (RFC 6890's special-purpose registries). A hostile domain could otherwise
// publish an MX pointing at 127.0.0.1 or 169.254.169.254 and make our queue talk SMTP to an internal
// service (SSRF).
// Security: input is a DNS answer; anything that is not a well-formed IP address counts as non-public.

import { BlockList, isIP } from 'node:net';

interface Range {
  /** Named in bounce diagnostics and logs. */
  readonly name: string;
  readonly ipv4?: readonly string[];
  readonly ipv6?: readonly string[];
}

/**
 * IPv4 ranges. Left out on purpose: the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)
 * route nowhere, so an MX there fails like any unreachable host, and tests use them as public stand-ins.
 */
const IPV4_RANGES: readonly Range[] = [
  // On Linux a connection to 0.0.0.0 reaches this very host.
  { name: 'this-network', ipv4: ['0.0.0.0/8'] },
  { name: 'loopback', ipv4: ['127.0.0.0/8'] },
  { name: 'private', ipv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  // RFC 6598: carrier-grade NAT, inside the provider's network.
  { name: 'shared', ipv4: ['100.64.0.0/10'] },
  // Cloud metadata services answer at 169.254.169.254.
  { name: 'link-local', ipv4: ['169.254.0.0/16'] },
  { name: 'protocol-assignments', ipv4: ['192.0.0.0/24'] },
  // RFC 2544: lab networks.
  { name: 'benchmarking', ipv4: ['198.18.0.0/15'] },
  { name: 'multicast', ipv4: ['224.0.0.0/4'] },
  { name: 'reserved', ipv4: ['240.0.0.0/4'] },
];

/** The IPv4 network `a.b.c.d` as the two hexadecimal groups IPv6 embeds it in. */
function hexGroups(network: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = network.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * IPv6 ranges, plus each IPv4 range as embedded by 6to4 (2002::/16, RFC 3056) and by the NAT64 well-known
 * prefix (64:ff9b::/96, RFC 6052): that prefix is allowed for public IPv4 (DNS64 networks need it), and
 * RFC 6052 §3.1 forbids translators to use it for anything else, but we do not rely on every translator.
 * IPv4-mapped addresses (::ffff:127.0.0.1) need no rows: BlockList matches them against the IPv4 rules.
 */
const IPV6_RANGES: readonly Range[] = [
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1).
  { name: 'loopback', ipv6: ['::/96'] },
  // RFC 8215: a site's own translator, which may well reach its internal IPv4 networks.
  { name: 'local-nat64', ipv6: ['64:ff9b:1::/48'] },
  { name: 'discard-only', ipv6: ['100::/64'] },
  { name: 'unique-local', ipv6: ['fc00::/7'] },
  { name: 'link-local', ipv6: ['fe80::/10'] },
  // Deprecated by RFC 3879, still routed inside old networks.
  { name: 'site-local', ipv6: ['fec0::/10'] },
  { name: 'multicast', ipv6: ['ff00::/8'] },
  ...IPV4_RANGES.map((range) => ({
    name: range.name,
    ipv6: (range.ipv4 ?? []).flatMap((subnet) => {
      const [network = '', prefix = '0'] = subnet.split('/');
      return [
        `2002:${hexGroups(network)}::/${16 + Number(prefix)}`,
        `64:ff9b::${hexGroups(network)}/${96 + Number(prefix)}`,
      ];
    }),
  })),
];

const LISTS = [...IPV4_RANGES, ...IPV6_RANGES].map((range) => {
  const list = new BlockList();
  for (const subnet of range.ipv4 ?? []) {
    const [network = '', prefix = ''] = subnet.split('/');
    list.addSubnet(network, Number(prefix), 'ipv4');
  }
  for (const subnet of range.ipv6 ?? []) {
    const [network = '', prefix = ''] = subnet.split('/');
    list.addSubnet(network, Number(prefix), 'ipv6');
  }
  return { name: range.name, list };
});

/** The non-public range `address` is in (`loopback`, `private`…), or undefined when it is public. */
export function nonPublicRangeOf(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not-an-address';
  // A zone (fe80::1%eth0) names one of our own interfaces: whatever the address, it is local to us.
  if (address.includes('%')) return 'scoped';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(address, type))?.name;
}

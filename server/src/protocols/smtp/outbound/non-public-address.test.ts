import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nonPublicRangeOf } from './non-public-address.ts';

/** Address, then the range it must be refused as (undefined: public, delivered to). */
const CASES: readonly (readonly [string, string | undefined])[] = [
  // IPv4, each edge of each range
  ['0.0.0.0', 'this-network'],
  ['0.255.255.255', 'this-network'],
  ['1.0.0.0', undefined],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['126.255.255.255', undefined],
  ['128.0.0.0', undefined],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', undefined],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.15.255.255', undefined],
  ['172.32.0.0', undefined],
  ['192.168.1.1', 'private'],
  ['192.169.0.0', undefined],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.0', undefined],
  ['169.254.169.254', 'link-local'],
  ['169.255.0.0', undefined],
  ['192.0.0.8', 'protocol-assignments'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.0', undefined],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['8.8.8.8', undefined],
  ['193.51.24.1', undefined],
  // Documentation ranges route nowhere: left to fail like any unreachable host.
  ['192.0.2.1', undefined],
  ['203.0.113.7', undefined],
  // IPv6
  ['::1', 'loopback'],
  ['::', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::127.0.0.1', 'loopback'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['FD00::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['100::1', 'discard-only'],
  ['2001:4860:4860::8888', undefined],
  ['2a01:e0a:1::1', undefined],
  ['2001:db8::1', undefined],
  ['fe80::1%eth0', 'scoped'],
  ['2001:db8::1%2', 'scoped'],
  // IPv4-mapped IPv6, dotted and hexadecimal
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:8.8.8.8', undefined],
  // NAT64: the well-known prefix for public IPv4 only; the local-use prefix never
  ['64:ff9b::8.8.8.8', undefined],
  ['64:ff9b::808:808', undefined],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b:1::808:808', 'local-nat64'],
  // 6to4 carries its IPv4 address in the second and third groups
  ['2002:808:808::1', undefined],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:c0a8:101::1', 'private'],
  // Not addresses at all
  ['mx.example.org', 'not-an-address'],
  ['', 'not-an-address'],
  ['127.0.0.1.', 'not-an-address'],
  ['::ffff:999.0.0.1', 'not-an-address'],
];

for (const [address, expected] of CASES) {
  test(`${address || '(empty)'} is ${expected ?? 'public'}`, () => {
    assert.equal(nonPublicRangeOf(address), expected);
  });
}

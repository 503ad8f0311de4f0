import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClientAddressResolver } from './client-address.ts';
import { parseNetworkRange, type NetworkRange } from './network-range.ts';

const ranges = (...cidrs: string[]): NetworkRange[] =>
  cidrs.map((cidr) => {
    const range = parseNetworkRange(cidr);
    assert.ok(range, cidr);
    return range;
  });

test('without trusted proxies the socket peer is the client, whatever X-Forwarded-For says', () => {
  const resolve = createClientAddressResolver([]);
  assert.equal(resolve('203.0.113.5', '192.0.2.1'), '203.0.113.5');
  assert.equal(resolve('::ffff:203.0.113.5', undefined), '203.0.113.5');
  assert.equal(resolve(undefined, '192.0.2.1'), 'unknown');
});

test('X-Forwarded-For is read only from a trusted proxy, from the right, past other trusted proxies', () => {
  const resolve = createClientAddressResolver(ranges('10.0.0.0/8', '2001:db8::/32'));
  // A client talking to us directly cannot choose its address.
  assert.equal(resolve('203.0.113.5', '192.0.2.1'), '203.0.113.5');
  // Through the proxy: the address it saw.
  assert.equal(resolve('10.0.0.2', '192.0.2.1'), '192.0.2.1');
  assert.equal(resolve('::ffff:10.0.0.2', '198.51.100.4'), '198.51.100.4');
  // A client forging a first hop: the proxy appended the real one, which is read first.
  assert.equal(resolve('10.0.0.2', '127.0.0.1, 192.0.2.1'), '192.0.2.1');
  // Two proxies in a row.
  assert.equal(resolve('10.0.0.2', '192.0.2.1, 10.0.0.9'), '192.0.2.1');
  assert.equal(
    resolve('2001:db8::1', '2001:db8::7, 2001:db8::8'),
    '2001:db8::7',
    'all trusted: the farthest',
  );
  // Garbage stops the walk at the proxy that passed it on.
  assert.equal(resolve('10.0.0.2', 'evil, 10.0.0.9'), '10.0.0.9');
  assert.equal(resolve('10.0.0.2', ''), '10.0.0.2');
  assert.equal(resolve('10.0.0.2', undefined), '10.0.0.2');
});

test('a huge header is read only so far', () => {
  const resolve = createClientAddressResolver(ranges('10.0.0.0/8'));
  const header = `${'10.1.1.1, '.repeat(5000)}192.0.2.1`;
  assert.equal(resolve('10.0.0.2', header), '10.0.0.2', 'too long to be real: not read');
  // At most 16 hops are walked: past them, the farthest one read.
  assert.equal(resolve('10.0.0.2', `192.0.2.1, ${'10.1.1.1, '.repeat(20)}10.1.1.2`), '10.1.1.1');
});

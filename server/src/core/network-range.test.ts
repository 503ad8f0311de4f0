import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { parseNetworkRange, rangeMatcher, type NetworkRange } from './network-range.ts';

/** Ranges a test knows are well formed. */
function ranges(...texts: string[]): NetworkRange[] {
  return texts.map((text) => {
    const range = parseNetworkRange(text);
    assert.ok(range, `${text} parses`);
    return range;
  });
}

test('a range is written canonically: network address with the host bits cleared, then the prefix', () => {
  const cases: [input: string, cidr: string, family: 'ipv4' | 'ipv6', address: string, prefix: number][] = [
    ['192.0.2.0/24', '192.0.2.0/24', 'ipv4', '192.0.2.0', 24],
    ['192.0.2.77/24', '192.0.2.0/24', 'ipv4', '192.0.2.0', 24],
    ['198.51.100.255/25', '198.51.100.128/25', 'ipv4', '198.51.100.128', 25],
    ['10.11.12.13/8', '10.0.0.0/8', 'ipv4', '10.0.0.0', 8],
    ['172.31.255.255/12', '172.16.0.0/12', 'ipv4', '172.16.0.0', 12],
    ['203.0.113.9/31', '203.0.113.8/31', 'ipv4', '203.0.113.8', 31],
    ['255.255.255.255/1', '128.0.0.0/1', 'ipv4', '128.0.0.0', 1],
    ['2001:db8:abcd:12::1/48', '2001:db8:abcd::/48', 'ipv6', '2001:db8:abcd::', 48],
    ['2001:db8:ffff:ffff::/33', '2001:db8:8000::/33', 'ipv6', '2001:db8:8000::', 33],
    ['2001:db8::ffff/120', '2001:db8::ff00/120', 'ipv6', '2001:db8::ff00', 120],
    ['fe80::1234:5678/10', 'fe80::/10', 'ipv6', 'fe80::', 10],
    [
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127',
      'ipv6',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe',
      127,
    ],
  ];
  for (const [input, cidr, family, address, prefix] of cases) {
    assert.deepEqual(parseNetworkRange(input), { cidr, family, address, prefix }, input);
  }
});

test('an IPv6 range is written as RFC 5952 says: lower case, no leading zeros, the longest zero run as ::', () => {
  const cases: [input: string, cidr: string][] = [
    ['2001:0DB8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['2001:DB8::ABCD/128', '2001:db8::abcd/128'],
    // One zero group alone is not compressed (§4.2.2).
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    // The longest run is compressed (§4.2.3)…
    ['2001:0:0:1:0:0:0:1/128', '2001:0:0:1::1/128'],
    // …and of two equal runs, the first.
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    // Runs at either end.
    ['0:0:0:0:0:0:0:1/128', '::1/128'],
    ['2001:db8:0:0:0:0:0:0/128', '2001:db8::/128'],
    ['0:0:0:0:0:0:0:0/0', '::/0'],
    // A run that the mask makes: only the network part is kept.
    ['2001:db8:1:2:3:4:5:6/64', '2001:db8:1:2::/64'],
    // A trailing dotted IPv4 is read as the last two groups.
    ['::ffff:192.0.2.1/128', '::ffff:c000:201/128'],
    ['64:ff9b::198.51.100.7/96', '64:ff9b::/96'],
  ];
  for (const [input, cidr] of cases) assert.equal(parseNetworkRange(input)?.cidr, cidr, input);
});

test('a single address is a /32 or a /128 range', () => {
  assert.deepEqual(parseNetworkRange('192.0.2.7'), {
    cidr: '192.0.2.7/32',
    family: 'ipv4',
    address: '192.0.2.7',
    prefix: 32,
  });
  assert.deepEqual(parseNetworkRange('2001:db8::7'), {
    cidr: '2001:db8::7/128',
    family: 'ipv6',
    address: '2001:db8::7',
    prefix: 128,
  });
  assert.equal(parseNetworkRange('::')?.cidr, '::/128');
  assert.equal(
    parseNetworkRange('  198.51.100.1  ')?.cidr,
    '198.51.100.1/32',
    'surrounding spaces are ignored',
  );
});

test('prefix 0 covers everything and the maximum prefix keeps every bit', () => {
  assert.equal(parseNetworkRange('203.0.113.77/0')?.cidr, '0.0.0.0/0');
  assert.equal(parseNetworkRange('203.0.113.77/32')?.cidr, '203.0.113.77/32');
  assert.equal(parseNetworkRange('2001:db8::77/0')?.cidr, '::/0');
  assert.equal(parseNetworkRange('2001:db8:1:2:3:4:5:77/128')?.cidr, '2001:db8:1:2:3:4:5:77/128');
});

test('a canonical range parses to itself', () => {
  for (const text of ['0.0.0.0/0', '192.0.2.0/24', '2001:db8::/32', '::/0', '::1/128', '2001:0:0:1::1/128']) {
    assert.equal(parseNetworkRange(text)?.cidr, text, text);
  }
});

test('a malformed range is refused', () => {
  const refused = [
    '',
    '   ',
    '/',
    '/24',
    '192.0.2.0/',
    '192.0.2.0/24/8',
    '192.0.2.0//24',
    '192.0.2.0/-1',
    '192.0.2.0/+24',
    '192.0.2.0/2a',
    '192.0.2.0 /24',
    '192.0.2.0/0x18',
    '192.0.2.0/1e1',
    '192.0.2.0/2.5',
    '192.0.2.0/0024',
    '1.2.3.4/33',
    '1.2.3.4/999',
    '::/129',
    '2001:db8::/200',
    'a.b.c.d/24',
    'example.org',
    'localhost',
    '192.0.2',
    '192.0.2.256',
    '192.0.2.0.1/24',
    '01.2.3.4',
    '1::2::3',
    '2001:db8::g/64',
    '12345::/16',
    '[2001:db8::]/32',
    '192.0.2.0/24,198.51.100.0/24',
    `${'0:'.repeat(40)}0/64`,
    `192.0.2.0/${'1'.repeat(70)}`,
  ];
  for (const text of refused) assert.equal(parseNetworkRange(text), undefined, JSON.stringify(text));
});

test('an IPv6 address with a zone id is refused rather than read without its zone', () => {
  // A zone (`%eth0`) names one host's interface: it is no part of a range, and dropping it silently would
  // store something other than what was typed.
  for (const text of ['fe80::1%eth0', 'fe80::1%eth0/64', 'fe80::%1/10']) {
    assert.equal(parseNetworkRange(text), undefined, text);
  }
});

test('input longer than any range is refused before it is parsed', () => {
  assert.equal(
    parseNetworkRange(`192.0.2.0/24${' '.repeat(100)}`)?.cidr,
    '192.0.2.0/24',
    'trailing spaces are trimmed first',
  );
  assert.equal(parseNetworkRange(`192.0.2.0/${'0'.repeat(60)}24`), undefined);
  assert.equal(parseNetworkRange('x'.repeat(100_000)), undefined);
});

test('the matcher finds IPv4 addresses inside their ranges and no others', () => {
  const isTrusted = rangeMatcher(ranges('192.0.2.0/24', '198.51.100.128/25', '203.0.113.9'));
  for (const address of [
    '192.0.2.0',
    '192.0.2.1',
    '192.0.2.255',
    '198.51.100.128',
    '198.51.100.255',
    '203.0.113.9',
  ]) {
    assert.equal(isTrusted(address), true, address);
  }
  for (const address of [
    '192.0.3.0',
    '192.0.1.255',
    '198.51.100.127',
    '203.0.113.8',
    '203.0.113.10',
    '10.0.0.1',
  ]) {
    assert.equal(isTrusted(address), false, address);
  }
});

test('the matcher finds IPv6 addresses inside their ranges and no others', () => {
  const isTrusted = rangeMatcher(ranges('2001:db8:abcd::/48', '2001:db8:ffff::1'));
  for (const address of [
    '2001:db8:abcd::1',
    '2001:db8:abcd:ffff:ffff:ffff:ffff:ffff',
    '2001:DB8:ABCD:0::9',
    '2001:db8:ffff::1',
  ]) {
    assert.equal(isTrusted(address), true, address);
  }
  for (const address of ['2001:db8:abce::1', '2001:db8:ffff::2', '::1', '192.0.2.1']) {
    assert.equal(isTrusted(address), false, address);
  }
});

test('an IPv4-mapped IPv6 address, as a dual-stack socket reports it, matches its IPv4 range', () => {
  const isTrusted = rangeMatcher(ranges('192.0.2.0/24'));
  assert.equal(isTrusted('::ffff:192.0.2.1'), true);
  assert.equal(isTrusted('::FFFF:192.0.2.200'), true);
  assert.equal(isTrusted('::ffff:c000:201'), true, 'the same address in hexadecimal groups');
  assert.equal(isTrusted('::ffff:192.0.3.1'), false);
  assert.equal(isTrusted('::ffff:198.51.100.1'), false);
});

test('prefix 0 trusts every address of its own family only', () => {
  const allV4 = rangeMatcher(ranges('0.0.0.0/0'));
  assert.equal(allV4('203.0.113.1'), true);
  assert.equal(allV4('::ffff:203.0.113.1'), true);
  assert.equal(allV4('2001:db8::1'), false);
  const allV6 = rangeMatcher(ranges('::/0'));
  assert.equal(allV6('2001:db8::1'), true);
});

test('strings that are not IP addresses never match, whatever the ranges', () => {
  const isTrusted = rangeMatcher(ranges('0.0.0.0/0', '::/0'));
  for (const address of [
    '',
    ' ',
    'localhost',
    'unknown',
    '192.0.2.1 ',
    '192.0.2.1/32',
    '192.0.2',
    '::ffff:192.0.2',
    '[::1]',
    '192.0.2.1:443',
    'x'.repeat(10_000),
  ]) {
    assert.equal(isTrusted(address), false, JSON.stringify(address));
  }
});

test('a matcher over no ranges trusts nothing', () => {
  const isTrusted = rangeMatcher([]);
  assert.equal(isTrusted('192.0.2.1'), false);
  assert.equal(isTrusted('::1'), false);
});

test('random ranges: the canonical form is stable and matches exactly the addresses it covers', () => {
  for (let round = 0; round < 500; round++) {
    const octets = Array.from({ length: 4 }, () => randomInt(256));
    const prefix = randomInt(33);
    const range = parseNetworkRange(`${octets.join('.')}/${prefix}`);
    assert.ok(range);
    assert.equal(
      parseNetworkRange(range.cidr)?.cidr,
      range.cidr,
      'parsing the canonical form changes nothing',
    );
    const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
    const network = prefix === 0 ? 0 : Math.floor(value / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
    assert.equal(range.address, toIpv4(network), `${octets.join('.')}/${prefix}`);
    const isInside = rangeMatcher([range]);
    assert.equal(isInside(octets.join('.')), true, 'the address it was written from is inside');
    if (prefix > 0) {
      // Flipping the last network bit leaves the range.
      const outside = value ^ (2 ** (32 - prefix));
      assert.equal(isInside(toIpv4(outside >>> 0)), false, `${toIpv4(outside >>> 0)} outside ${range.cidr}`);
    }
  }
  for (let round = 0; round < 300; round++) {
    const groups = Array.from({ length: 8 }, () => (randomInt(4) === 0 ? 0 : randomInt(0x10000)));
    const prefix = randomInt(129);
    const range = parseNetworkRange(`${groups.map((g) => g.toString(16)).join(':')}/${prefix}`);
    assert.ok(range);
    assert.equal(parseNetworkRange(range.cidr)?.cidr, range.cidr);
    assert.doesNotMatch(range.cidr, /(^|:)0[0-9a-f]|[A-F]|:::/, 'no leading zeros, lower case');
    assert.ok((range.cidr.match(/::/g) ?? []).length <= 1, 'at most one ::');
    assert.equal(rangeMatcher([range])(groups.map((g) => g.toString(16)).join(':')), true);
  }
});

function toIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

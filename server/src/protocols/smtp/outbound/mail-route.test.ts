import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ADDRESSES_PER_HOST, MAX_MX_HOSTS, resolveMailRoute, resolveRelayRoute } from './mail-route.ts';
import { dnsFailure, staticMailDns } from './smtp-peer.fixture.ts';

test('MX hosts are tried by preference, each with its addresses', async () => {
  const dns = staticMailDns({
    mx: {
      'example.org': [
        { exchange: 'mx2.example.org', priority: 20 },
        { exchange: 'MX1.Example.org.', priority: 10 },
      ],
    },
    hosts: { 'mx1.example.org': ['192.0.2.1', '2001:db8::1'], 'mx2.example.org': ['192.0.2.2'] },
  });
  assert.deepEqual(await resolveMailRoute('example.org', dns, 25), {
    kind: 'hosts',
    hosts: [
      { name: 'mx1.example.org', addresses: ['192.0.2.1', '2001:db8::1'], port: 25 },
      { name: 'mx2.example.org', addresses: ['192.0.2.2'], port: 25 },
    ],
  });
});

test('a domain without MX is its own mail host (implicit MX); without addresses either, it has none', async () => {
  const dns = staticMailDns({ hosts: { 'example.org': ['192.0.2.9'], 'nomail.example': [] } });
  assert.deepEqual(await resolveMailRoute('example.org', dns, 2525), {
    kind: 'hosts',
    hosts: [{ name: 'example.org', addresses: ['192.0.2.9'], port: 2525 }],
  });
  const none = await resolveMailRoute('nomail.example', dns, 25);
  assert.deepEqual(none, {
    kind: 'failed',
    outcome: 'bounced',
    status: '5.1.2',
    detail: 'domain nomail.example has no mail server',
  });
});

test('a null MX (RFC 7505) and a domain that does not exist bounce; a failing lookup defers', async () => {
  const dns = staticMailDns({
    mx: { 'nullmx.example': [{ exchange: '.', priority: 0 }], 'broken.example': dnsFailure('ESERVFAIL') },
  });
  assert.deepEqual(await resolveMailRoute('nullmx.example', dns, 25), {
    kind: 'failed',
    outcome: 'bounced',
    status: '5.1.10',
    detail: 'domain nullmx.example accepts no mail (null MX, RFC 7505)',
  });
  assert.equal((await resolveMailRoute('nowhere.example', dns, 25)).kind, 'failed');
  assert.deepEqual(await resolveMailRoute('nowhere.example', dns, 25), {
    kind: 'failed',
    outcome: 'bounced',
    status: '5.1.2',
    detail: 'domain nowhere.example does not exist',
  });
  const broken = await resolveMailRoute('broken.example', dns, 25);
  assert.equal(broken.kind === 'failed' && broken.outcome, 'deferred');
  assert.equal(broken.kind === 'failed' && broken.status, '4.4.3');
});

test('MX hosts without addresses bounce, unless one lookup failed temporarily', async () => {
  const gone = staticMailDns({ mx: { 'example.org': [{ exchange: 'gone.example.org', priority: 10 }] } });
  const route = await resolveMailRoute('example.org', gone, 25);
  assert.equal(route.kind === 'failed' && `${route.outcome} ${route.status}`, 'bounced 5.4.4');
  const flaky = staticMailDns({
    mx: { 'example.org': [{ exchange: 'mx.example.org', priority: 10 }] },
    hosts: { 'mx.example.org': dnsFailure('ETIMEOUT') },
  });
  const deferred = await resolveMailRoute('example.org', flaky, 25);
  assert.equal(deferred.kind === 'failed' && `${deferred.outcome} ${deferred.status}`, 'deferred 4.4.3');
});

test('a hostile DNS answer is bounded in names and addresses', async () => {
  const many = Array.from({ length: 50 }, (_, i) => ({ exchange: `mx${i}.example.org`, priority: i }));
  const hosts = Object.fromEntries(
    many.map((m) => [m.exchange, Array.from({ length: 20 }, (_, j) => `192.0.2.${j}`)]),
  );
  const dns = staticMailDns({ mx: { 'example.org': many }, hosts });
  const route = await resolveMailRoute('example.org', dns, 25);
  assert.ok(route.kind === 'hosts');
  assert.equal(route.hosts.length, MAX_MX_HOSTS);
  assert.ok(route.hosts.every((h) => h.addresses.length === MAX_ADDRESSES_PER_HOST));
  assert.equal(dns.asked.filter((q) => q.startsWith('A ')).length, MAX_MX_HOSTS);
});

test('the relay host is used as configured; one that cannot be found defers', async () => {
  const dns = staticMailDns({ hosts: { 'relay.ac-test.fr': ['192.0.2.50'] } });
  assert.deepEqual(await resolveRelayRoute({ host: 'relay.ac-test.fr', port: 587 }, dns), {
    kind: 'hosts',
    hosts: [{ name: 'relay.ac-test.fr', addresses: ['192.0.2.50'], port: 587 }],
  });
  assert.deepEqual(await resolveRelayRoute({ host: '::1', port: 25 }, dns), {
    kind: 'hosts',
    hosts: [{ name: '::1', addresses: ['::1'], port: 25 }],
  });
  const missing = await resolveRelayRoute({ host: 'gone.ac-test.fr', port: 25 }, dns);
  assert.equal(missing.kind === 'failed' && `${missing.outcome} ${missing.status}`, 'deferred 4.4.3');
});

test('non-public addresses are skipped, and an MX with nothing else bounces 5.4.4 naming them', async () => {
  const dns = staticMailDns({
    mx: {
      'mixed.example': [
        { exchange: 'internal.mixed.example', priority: 5 },
        { exchange: 'mx.mixed.example', priority: 10 },
      ],
      'evil.example': [
        { exchange: 'mx.evil.example', priority: 10 },
        { exchange: '169.254.169.254', priority: 20 },
      ],
    },
    hosts: {
      'internal.mixed.example': ['10.1.2.3', 'fd00::25'],
      // Filtered before the bound: internal addresses cannot crowd out the public one.
      'mx.mixed.example': ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '192.0.2.25'],
      'mx.evil.example': ['127.0.0.1', '::1', '192.168.0.1', 'fe80::1'],
      // A domain with no MX whose own address is internal (implicit MX).
      'implicit.example': ['172.16.0.1'],
    },
  });
  assert.deepEqual(await resolveMailRoute('mixed.example', dns, 25), {
    kind: 'hosts',
    hosts: [{ name: 'mx.mixed.example', addresses: ['192.0.2.25'], port: 25 }],
  });
  const evil = await resolveMailRoute('evil.example', dns, 25);
  assert.deepEqual(evil, {
    kind: 'failed',
    outcome: 'bounced',
    status: '5.4.4',
    detail:
      'mail hosts of evil.example have only private or loopback addresses, which are refused ' +
      '(mx.evil.example[127.0.0.1] loopback, mx.evil.example[::1] loopback, ' +
      'mx.evil.example[192.168.0.1] private, 2 more)',
    refused: [
      'mx.evil.example[127.0.0.1] loopback',
      'mx.evil.example[::1] loopback',
      'mx.evil.example[192.168.0.1] private',
      'mx.evil.example[fe80::1] link-local',
      '169.254.169.254[169.254.169.254] link-local',
    ],
  });
  const implicit = await resolveMailRoute('implicit.example', dns, 25);
  assert.equal(implicit.kind === 'failed' && `${implicit.outcome} ${implicit.status}`, 'bounced 5.4.4');

  // Allowed (outbound.allow-private-mx), they are ordinary addresses again.
  assert.deepEqual(await resolveMailRoute('implicit.example', dns, 25, true), {
    kind: 'hosts',
    hosts: [{ name: 'implicit.example', addresses: ['172.16.0.1'], port: 25 }],
  });
});

test('a temporary DNS failure on another MX defers rather than bounces on refused addresses', async () => {
  const dns = staticMailDns({
    mx: {
      'example.org': [
        { exchange: 'internal.example.org', priority: 10 },
        { exchange: 'mx.example.org', priority: 20 },
      ],
    },
    hosts: { 'internal.example.org': ['127.0.0.1'], 'mx.example.org': dnsFailure('ETIMEOUT') },
  });
  const route = await resolveMailRoute('example.org', dns, 25);
  assert.equal(route.kind === 'failed' && `${route.outcome} ${route.status}`, 'deferred 4.4.3');
});

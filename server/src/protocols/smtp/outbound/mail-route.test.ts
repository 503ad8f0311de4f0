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

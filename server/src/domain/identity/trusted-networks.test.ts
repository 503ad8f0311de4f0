import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAuditEvents, type AuditEvent } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import {
  FIXTURE_START,
  openIdentityFixture,
  refusedWith,
  withDomainAndSchool,
  type IdentityFixture,
} from './identity.fixture.ts';
import { TRUSTED_NETWORK_LIMITS } from './trusted-networks.ts';

const SCHOOL = '0380027Y';
const ADMIN: AccessOrigin = {
  actor: { accountId: 'aAdmin', email: 'admin@ac-test.fr' },
  remoteAddress: '198.51.100.20',
};

async function open(t: Parameters<typeof openIdentityFixture>[0]) {
  const fixture = await openIdentityFixture(t);
  await withDomainAndSchool(fixture);
  return fixture;
}

/** The policy.changed events about networks, as `change cidr establishment`. */
async function policyChanges(fixture: IdentityFixture): Promise<string[]> {
  const events = await allAuditEvents(fixture);
  return events
    .filter((e) => e.type === 'policy.changed')
    .map((e) => `${e.details.change} ${e.details.cidr} ${e.details.establishment ?? '-'}`);
}

/** Every event but the fixture's own setup (serving the test domain). */
async function allAuditEvents(fixture: IdentityFixture): Promise<readonly AuditEvent[]> {
  const events = await listAuditEvents(fixture.database.db, { limit: 1000 });
  return events.filter((e) => e.details.change !== 'domain.added');
}

test('a trusted network is stored and returned in canonical form, with its establishment and label', async (t) => {
  const fixture = await open(t);
  const { identity, clock } = fixture;
  const network = await identity.addTrustedNetwork(
    { cidr: ' 192.0.2.77/24 ', establishmentUai: SCHOOL, label: '  Lycée Champollion, bâtiment A  ' },
    ADMIN,
  );
  assert.match(network.id, /^n[A-Za-z0-9_-]{16}$/);
  assert.deepEqual(
    { ...network, id: '' },
    {
      id: '',
      cidr: '192.0.2.0/24',
      establishmentUai: SCHOOL,
      label: 'Lycée Champollion, bâtiment A',
      createdAt: FIXTURE_START,
    },
  );
  clock.advance(60_000);
  const v6 = await identity.addTrustedNetwork({ cidr: '2001:0DB8:00AB:0000:1::/48' }, ADMIN);
  assert.equal(v6.cidr, '2001:db8:ab::/48');
  assert.equal(v6.establishmentUai, null, 'no establishment: a range of the académie itself');
  assert.equal(v6.label, '');
  assert.equal(v6.createdAt.getTime(), FIXTURE_START.getTime() + 60_000);

  const rows = await fixture.database.db.selectFrom('trusted_networks').select('cidr').execute();
  assert.deepEqual(rows.map((row) => row.cidr).sort(), ['192.0.2.0/24', '2001:db8:ab::/48']);
  const listed = await identity.listTrustedNetworks();
  assert.deepEqual(listed.map((n) => n.id).sort(), [network.id, v6.id].sort());
  assert.deepEqual(
    listed.find((n) => n.id === network.id),
    network,
    'listed as it was returned',
  );
});

test('a single address is kept as a /32 or /128 range', async (t) => {
  const { identity } = await open(t);
  assert.equal((await identity.addTrustedNetwork({ cidr: '203.0.113.9' }, ADMIN)).cidr, '203.0.113.9/32');
  assert.equal((await identity.addTrustedNetwork({ cidr: '2001:db8::9' }, ADMIN)).cidr, '2001:db8::9/128');
});

test('the list can be narrowed to one establishment', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  await fixture.directory.upsertEstablishment({
    uai: '0380033E',
    name: 'Collège Fantin-Latour',
    type: 'college',
    commune: 'Grenoble',
    department: '38',
  });
  await identity.addTrustedNetwork({ cidr: '192.0.2.0/24', establishmentUai: SCHOOL }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '2001:db8:1::/48', establishmentUai: SCHOOL }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '198.51.100.0/24', establishmentUai: '0380033E' }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '10.0.0.0/8' }, ADMIN);
  const cidrs = async (uai?: string) => (await identity.listTrustedNetworks(uai)).map((n) => n.cidr).sort();
  assert.deepEqual(await cidrs(SCHOOL), ['192.0.2.0/24', '2001:db8:1::/48']);
  assert.deepEqual(await cidrs('0380033E'), ['198.51.100.0/24']);
  assert.deepEqual(await cidrs('0999999Z'), []);
  assert.deepEqual(await cidrs(), ['10.0.0.0/8', '192.0.2.0/24', '198.51.100.0/24', '2001:db8:1::/48']);
});

test('a range already trusted is refused, however it is written', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  await identity.addTrustedNetwork({ cidr: '192.0.2.0/24', establishmentUai: SCHOOL }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '2001:db8::/32' }, ADMIN);
  const same = [
    ['192.0.2.0/24', '192.0.2.0/24'],
    ['192.0.2.7/24', '192.0.2.0/24'],
    ['  192.0.2.255/24', '192.0.2.0/24'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000::1/32', '2001:db8::/32'],
  ] as const;
  for (const [cidr, canonical] of same) {
    const details = await refusedWith(identity.addTrustedNetwork({ cidr }, ADMIN), 'exists');
    assert.deepEqual(details, { subject: 'network', name: canonical }, cidr);
  }
  assert.equal((await identity.listTrustedNetworks()).length, 2);
  assert.deepEqual(await policyChanges(fixture), [
    `trustedNetwork.added 192.0.2.0/24 ${SCHOOL}`,
    'trustedNetwork.added 2001:db8::/32 -',
  ]);
  // Overlapping but different ranges are distinct networks.
  assert.equal((await identity.addTrustedNetwork({ cidr: '192.0.2.0/25' }, ADMIN)).cidr, '192.0.2.0/25');
  assert.equal((await identity.addTrustedNetwork({ cidr: '192.0.2.7' }, ADMIN)).cidr, '192.0.2.7/32');
});

test('a malformed range is refused, and nothing is stored or audited', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  for (const cidr of ['', '192.0.2.0/33', '::/129', '192.0.2.0/24/8', 'lycee.ac-test.fr', 'x'.repeat(500)]) {
    const details = await refusedWith(identity.addTrustedNetwork({ cidr }, ADMIN), 'invalid', 'cidr');
    assert.equal(details.subject, 'network');
    assert.equal(details.name, cidr.slice(0, 64), 'the name is cut, never the whole hostile value');
  }
  assert.deepEqual(await identity.listTrustedNetworks(), []);
  assert.deepEqual(await allAuditEvents(fixture), []);
});

test('a range for an unknown establishment is refused, and nothing is stored or audited', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  const details = await refusedWith(
    identity.addTrustedNetwork({ cidr: '192.0.2.9/24', establishmentUai: '0999999Z' }, ADMIN),
    'invalid',
    'unknownEstablishment',
  );
  assert.deepEqual(details, {
    subject: 'network',
    name: '192.0.2.0/24',
    reason: 'unknownEstablishment',
    uai: '0999999Z',
  });
  assert.deepEqual(await identity.listTrustedNetworks(), []);
  assert.deepEqual(await allAuditEvents(fixture), []);
});

test('a label is trimmed and cut to its maximum length', async (t) => {
  const { identity } = await open(t);
  const max = TRUSTED_NETWORK_LIMITS.maxLabelLength;
  const network = await identity.addTrustedNetwork(
    { cidr: '192.0.2.0/24', label: `  ${'é'.repeat(max + 50)}` },
    ADMIN,
  );
  assert.equal(network.label, 'é'.repeat(max));
  assert.equal((await identity.listTrustedNetworks())[0]?.label, 'é'.repeat(max));
});

test('a trusted network is removed by its id or by its range, written any way', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  const a = await identity.addTrustedNetwork(
    { cidr: '192.0.2.0/24', establishmentUai: SCHOOL, label: 'A' },
    ADMIN,
  );
  const b = await identity.addTrustedNetwork({ cidr: '198.51.100.0/24' }, ADMIN);
  const c = await identity.addTrustedNetwork({ cidr: '2001:db8::/32' }, ADMIN);
  const d = await identity.addTrustedNetwork({ cidr: '203.0.113.0/24' }, ADMIN);

  assert.deepEqual(await identity.removeTrustedNetwork(a.id, ADMIN), a, 'by id, returning what was removed');
  assert.deepEqual(await identity.removeTrustedNetwork('198.51.100.0/24', ADMIN), b, 'by canonical range');
  assert.deepEqual(
    await identity.removeTrustedNetwork('2001:DB8:0::1/32', ADMIN),
    c,
    'by a range written otherwise',
  );
  assert.deepEqual(
    (await identity.listTrustedNetworks()).map((n) => n.id),
    [d.id],
  );
});

test('removing a network that is not there is refused with notFound', async (t) => {
  const fixture = await open(t);
  const { identity } = fixture;
  const kept = await identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, ADMIN);
  const removed = await identity.addTrustedNetwork({ cidr: '198.51.100.0/24' }, ADMIN);
  await identity.removeTrustedNetwork(removed.id, ADMIN);

  for (const idOrCidr of [
    removed.id,
    '198.51.100.0/24',
    'nNoSuchNetwork00',
    '192.0.2.0/25',
    '192.0.2.1',
    '',
    'y'.repeat(500),
  ]) {
    const details = await refusedWith(identity.removeTrustedNetwork(idOrCidr, ADMIN), 'notFound');
    assert.deepEqual(details, { subject: 'network', name: idOrCidr.slice(0, 64) }, idOrCidr.slice(0, 64));
  }
  assert.deepEqual(
    (await identity.listTrustedNetworks()).map((n) => n.id),
    [kept.id],
  );
  assert.deepEqual(await policyChanges(fixture), [
    'trustedNetwork.added 192.0.2.0/24 -',
    'trustedNetwork.added 198.51.100.0/24 -',
    'trustedNetwork.removed 198.51.100.0/24 -',
  ]);
});

test('an address is trusted when it falls in a stored range: IPv4, IPv6 and IPv4-mapped IPv6', async (t) => {
  const { identity } = await open(t);
  assert.equal(await identity.isTrustedAddress('192.0.2.1'), false, 'no range, nothing trusted');
  await identity.addTrustedNetwork({ cidr: '192.0.2.0/24', establishmentUai: SCHOOL }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '2001:db8:abcd::/48' }, ADMIN);
  await identity.addTrustedNetwork({ cidr: '203.0.113.9' }, ADMIN);

  const trusted = [
    '192.0.2.1',
    '192.0.2.255',
    '::ffff:192.0.2.44',
    '::FFFF:192.0.2.44',
    '2001:db8:abcd:1::1',
    '203.0.113.9',
  ];
  const untrusted = ['192.0.3.1', '::ffff:192.0.3.1', '2001:db8:abce::1', '203.0.113.10', '::1', '127.0.0.1'];
  const notAddresses = ['', 'unknown', 'localhost', '192.0.2.1/32', '192.0.2.1 ', '[2001:db8:abcd::1]'];
  for (const address of trusted) assert.equal(await identity.isTrustedAddress(address), true, address);
  for (const address of [...untrusted, ...notAddresses]) {
    assert.equal(await identity.isTrustedAddress(address), false, JSON.stringify(address));
  }
});

test('a change to the trusted networks applies at once to the next check', async (t) => {
  const { identity } = await open(t);
  const network = await identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, ADMIN);
  assert.equal(await identity.isTrustedAddress('::ffff:192.0.2.5'), true);
  await identity.removeTrustedNetwork(network.id, ADMIN);
  assert.equal(await identity.isTrustedAddress('::ffff:192.0.2.5'), false);
  assert.equal(await identity.isTrustedAddress('192.0.2.5'), false);
});

test('each change writes a policy.changed event naming who made it, from where, and the range', async (t) => {
  const fixture = await open(t);
  const { identity, clock } = fixture;
  const added = await identity.addTrustedNetwork(
    { cidr: '192.0.2.7/24', establishmentUai: SCHOOL, label: 'Lycée' },
    ADMIN,
  );
  clock.advance(1000);
  await identity.addTrustedNetwork({ cidr: '2001:db8::/32' }, {});
  clock.advance(1000);
  await identity.removeTrustedNetwork(added.id, {
    actor: { accountId: 'aEtab', email: 'gestion.0380027y@ac-test.fr' },
    remoteAddress: '2001:db8::42',
  });
  const events = await allAuditEvents(fixture);
  assert.deepEqual(
    events.map((e) => ({ ...e, seq: 0 })),
    [
      {
        seq: 0,
        at: FIXTURE_START.getTime(),
        type: 'policy.changed',
        actor: ADMIN.actor,
        subject: null,
        remoteAddress: ADMIN.remoteAddress,
        details: { change: 'trustedNetwork.added', cidr: '192.0.2.0/24', establishment: SCHOOL },
      },
      {
        seq: 0,
        at: FIXTURE_START.getTime() + 1000,
        type: 'policy.changed',
        actor: null,
        subject: null,
        remoteAddress: null,
        details: { change: 'trustedNetwork.added', cidr: '2001:db8::/32', establishment: null },
      },
      {
        seq: 0,
        at: FIXTURE_START.getTime() + 2000,
        type: 'policy.changed',
        actor: { accountId: 'aEtab', email: 'gestion.0380027y@ac-test.fr' },
        subject: null,
        remoteAddress: '2001:db8::42',
        details: { change: 'trustedNetwork.removed', cidr: '192.0.2.0/24', establishment: SCHOOL },
      },
    ],
  );
  const byActor = await listAuditEvents(fixture.database.db, { accountId: 'aAdmin' });
  assert.equal(byActor.length, 1, 'found through the actor');
});

test('the number of trusted networks is bounded', async (t) => {
  const fixture = await open(t);
  const { identity, database } = fixture;
  const max = TRUSTED_NETWORK_LIMITS.maxNetworks;
  // Fill up to one below the limit directly: 10.x.y.z/32 addresses, in chunks the databases accept.
  await database.write(async (tx) => {
    for (let start = 0; start < max - 1; start += 500) {
      const values = [];
      for (let index = start; index < Math.min(start + 500, max - 1); index++) {
        values.push({
          id: `nFill${index}`,
          cidr: `10.0.${Math.floor(index / 256)}.${index % 256}/32`,
          establishment_uai: null,
          label: '',
          created_at: 0,
        });
      }
      await tx.db.insertInto('trusted_networks').values(values).execute();
    }
  });
  const last = await identity.addTrustedNetwork({ cidr: '192.0.2.0/24' }, ADMIN);
  assert.equal(last.cidr, '192.0.2.0/24');
  const details = await refusedWith(identity.addTrustedNetwork({ cidr: '198.51.100.0/24' }, ADMIN), 'limit');
  assert.deepEqual(details, { subject: 'network', max });
  assert.equal(await identity.isTrustedAddress('198.51.100.1'), false);
  assert.equal(await identity.isTrustedAddress('10.0.39.14'), true, 'every stored range is checked');
  // Removing one makes room again.
  await identity.removeTrustedNetwork('10.0.0.0/32', ADMIN);
  await identity.addTrustedNetwork({ cidr: '198.51.100.0/24' }, ADMIN);
  assert.equal(await identity.isTrustedAddress('198.51.100.1'), true);
});

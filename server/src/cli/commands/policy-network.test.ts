import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

/** There is no `vercors` command for establishments yet (they come from the HR import): add one directly. */
async function withSchool(cli: CliFixture): Promise<void> {
  await cli.withServices((services) =>
    services.directory.upsertEstablishment({
      uai: '0380027Y',
      name: 'Lycée Champollion',
      type: 'lycee',
      commune: 'Grenoble',
      department: '38',
    }),
  );
}

type Network = { id: string; cidr: string; establishmentUai: string | null; label: string };

test('policy network add, list and remove, with canonical ranges and an establishment', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withSchool(cli);
  assert.match((await cli.run(['policy', 'network', 'list'])).stdout, /No trusted network\. Add one:/);

  const office = await cli.run(['policy', 'network', 'add', '192.0.2.7/24', '--label', 'Rectorat']);
  assert.equal(office.code, 0, office.stderr);
  assert.match(office.stdout, /^Trusted network added: 192\.0\.2\.0\/24$/m);
  assert.match(office.stdout, /canonical form 192\.0\.2\.0\/24 \(typed: 192\.0\.2\.7\/24\)/);
  const school = await cli.json([
    'policy',
    'network',
    'add',
    '2001:DB8:0:0::/48',
    '--establishment',
    '0380027y',
  ]);
  assert.equal(school.code, 0, school.stderr);
  assert.deepEqual(
    { cidr: (school.value as Network).cidr, uai: (school.value as Network).establishmentUai },
    { cidr: '2001:db8::/48', uai: '0380027Y' },
  );

  const table = await cli.run(['policy', 'network', 'list']);
  assert.match(table.stdout, /^RANGE\s+ESTABLISHMENT\s+LABEL\s+ADDED ON\s+ID$/m);
  assert.match(table.stdout, /^192\.0\.2\.0\/24\s+académie\s+Rectorat\s+\d{4}-\d\d-\d\d\s+n/m);
  assert.match(table.stdout, /^2001:db8::\/48\s+0380027Y\s+—/m);
  const ofSchool = await cli.json(['policy', 'network', 'list', '--establishment', '0380027Y']);
  assert.deepEqual(
    (ofSchool.value as Network[]).map((n) => n.cidr),
    ['2001:db8::/48'],
  );

  // Removed by range (in any spelling of it), then by id; a second removal finds nothing.
  const byRange = await cli.run(['policy', 'network', 'remove', '192.0.2.99/24']);
  assert.equal(byRange.code, 0, byRange.stderr);
  assert.match(byRange.stdout, /Trusted network removed: 192\.0\.2\.0\/24/);
  assert.equal((await cli.run(['policy', 'network', 'remove', (school.value as Network).id])).code, 0);
  const again = await cli.run(['policy', 'network', 'remove', '2001:db8::/48']);
  assert.equal(again.code, 66);
  assert.match(again.stderr, /The trusted network "2001:db8::\/48" was not found/);

  // Each change is a policy.changed event of the system.
  const events = await cli.json(['audit', 'list', '--type', 'policy.changed']);
  assert.deepEqual(
    (events.value as { actor: unknown; details: { change: string } }[]).map((e) => [
      e.actor,
      e.details.change,
    ]),
    [
      [null, 'trustedNetwork.added'],
      [null, 'trustedNetwork.added'],
      [null, 'trustedNetwork.removed'],
      [null, 'trustedNetwork.removed'],
    ],
  );
});

test('a duplicate, a malformed range, an unknown establishment and a long label are refused', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await withSchool(cli);
  assert.equal((await cli.run(['policy', 'network', 'add', '198.51.100.0/24'])).code, 0);
  const duplicate = await cli.run(['policy', 'network', 'add', '198.51.100.1/24']);
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.stderr, /The trusted network "198\.51\.100\.0\/24" already exists\./);
  const malformed = await cli.json(['policy', 'network', 'add', '198.51.100.0/33']);
  assert.equal(malformed.code, 1);
  assert.equal((malformed.value as { error: { code: string } }).error.code, 'invalid');
  assert.match(malformed.stderr, /an address range is written in CIDR notation/);
  const unknownSchool = await cli.run([
    'policy',
    'network',
    'add',
    '203.0.113.0/24',
    '--establishment',
    '0690001B',
  ]);
  assert.equal(unknownSchool.code, 1);
  assert.match(unknownSchool.stderr, /unknown establishment \(UAI code 0690001B\)/);
  const badUai = await cli.run(['policy', 'network', 'list', '--establishment', '123']);
  assert.equal(badUai.code, 1);
  assert.match(badUai.stderr, /a UAI code is 7 digits followed by its check letter/);
  const longLabel = await cli.run(['policy', 'network', 'add', '203.0.113.0/24', '--label', 'x'.repeat(129)]);
  assert.equal(longLabel.code, 64);
  assert.match(longLabel.stderr, /--label: at most 128 characters/);
  assert.equal((await cli.run(['policy', 'network', 'add'])).code, 64);
});

test('policy network speaks French by default', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  assert.match(
    (await cli.run(['policy', 'network', 'list'])).stdout,
    /Aucun réseau de confiance\. Ajoutez-en un/,
  );
  const added = await cli.run(['policy', 'network', 'add', '203.0.113.5']);
  assert.match(added.stdout, /Réseau de confiance ajouté : 203\.0\.113\.5\/32/);
  const duplicate = await cli.run(['policy', 'network', 'add', '203.0.113.5/32']);
  assert.match(duplicate.stderr, /Le réseau de confiance « 203\.0\.113\.5\/32 » existe déjà\./);
  assert.match(
    (await cli.run(['policy', 'network', 'list'])).stdout,
    /^PLAGE\s+ÉTABLISSEMENT\s+LIBELLÉ\s+AJOUTÉE LE\s+IDENTIFIANT$/m,
  );
});

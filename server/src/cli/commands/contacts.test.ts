import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { openCliFixture } from '../cli.fixture.ts';

const FILE = [
  'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Anne Martin\r\nEMAIL:anne@example.org\r\nEND:VCARD\r\n',
  'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:b\r\nFN:Bruno Petit\r\nEND:VCARD\r\n',
  'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ancien\r\nEND:VCARD\r\n',
].join('');

test('contacts import reports created and refused cards; contacts export prints the book', async (t) => {
  const cli = await openCliFixture(t, 'en');
  assert.equal((await cli.run(['domain', 'add', 'ac-test.fr'])).code, 0);
  assert.equal((await cli.run(['user', 'add', 'marie@ac-test.fr'])).code, 0);
  const path = join(cli.dataDir, 'import.vcf');
  await writeFile(path, FILE);

  const imported = await cli.run(['contacts', 'import', 'marie@ac-test.fr', path]);
  assert.equal(imported.code, 1, 'one card was refused');
  assert.match(imported.stdout, /book "Contacts": 2 contact\(s\) created, 0 updated, 0 unchanged, 1 refused/);
  assert.match(imported.stdout, /line 12: unsupportedVersion/);

  const again = await cli.json(['contacts', 'import', 'marie@ac-test.fr', path, '--book', 'contacts']);
  assert.deepEqual(
    [(again.value as { created: number }).created, (again.value as { unchanged: number }).unchanged],
    [0, 2],
  );

  const exported = await cli.run(['contacts', 'export', 'marie@ac-test.fr']);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout.match(/BEGIN:VCARD/g)?.length, 2);
  assert.match(exported.stdout, /FN:Anne Martin/);

  const collected = await cli.run([
    'contacts',
    'export',
    'marie@ac-test.fr',
    '--book',
    'Adresses collectées',
  ]);
  assert.equal(collected.code, 0);
  assert.equal(collected.stdout, '');

  assert.equal((await cli.run(['contacts', 'export', 'marie@ac-test.fr', '--book', 'nope'])).code, 66);
  assert.equal(
    (await cli.run(['contacts', 'import', 'marie@ac-test.fr', join(cli.dataDir, 'missing.vcf')])).code,
    66,
  );
  assert.equal((await cli.run(['contacts', 'export', 'nobody@ac-test.fr'])).code, 66);
});

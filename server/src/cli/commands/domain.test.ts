import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture } from '../cli.fixture.ts';

test('domain add, list and remove, in English and as JSON', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const empty = await cli.run(['domain', 'list']);
  assert.match(empty.stdout, /No domain yet\. Add one: vercors domain add/);

  const added = await cli.run(['domain', 'add', 'AC-Test.fr']);
  assert.equal(added.code, 0);
  assert.match(added.stdout, /Domain added: ac-test\.fr/);
  const idn = await cli.json(['domain', 'add', 'académie.fr']);
  assert.equal((idn.value as { name: string }).name, 'xn--acadmie-eya.fr');
  assert.equal((idn.value as { unicodeName: string }).unicodeName, 'académie.fr');

  await cli.run(['user', 'add', 'marie@ac-test.fr']);
  const listed = await cli.json(['domain', 'list']);
  assert.deepEqual(
    (listed.value as { name: string; accountCount: number }[]).map((d) => [d.name, d.accountCount]),
    [
      ['ac-test.fr', 1],
      ['xn--acadmie-eya.fr', 0],
    ],
  );
  assert.match((await cli.run(['domain', 'list'])).stdout, /académie\.fr \(xn--acadmie-eya\.fr\)\s+0/);

  const refused = await cli.run(['domain', 'remove', 'ac-test.fr']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /still in use: 1 account\(s\) remain in this domain/);
  assert.equal((await cli.run(['domain', 'remove', 'académie.fr'])).code, 0);
  assert.equal((await cli.run(['domain', 'remove', 'académie.fr'])).code, 66);
});

test('a duplicate or malformed domain is refused in French', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await cli.run(['domain', 'add', 'ac-test.fr']);
  const duplicate = await cli.run(['domain', 'add', 'ac-test.fr']);
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.stderr, /Le domaine « ac-test\.fr » existe déjà\./);
  const malformed = await cli.run(['domain', 'add', 'pas un domaine']);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /le nom de domaine doit être de la forme/);
  assert.equal((await cli.run(['domain', 'add'])).code, 64);
});

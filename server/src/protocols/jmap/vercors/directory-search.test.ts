// Directory/search (urn:vercors:jmap) over HTTP: the académie directory's cards by the start of any word of
// their name, address, function or establishment, accents and case folded, the name's own start first;
// suspended accounts never listed; short or oversized queries and limits refused or bounded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { fixedClock } from '#core/clock';
import { REFRESH_CHECK_MS } from '#domain/directory';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';

const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.vercors];

async function search(fixture: JmapFixture, text: string, limit?: number) {
  const { responses } = await fixture.api(
    [['Directory/search', { accountId: fixture.accounts.paul, text, ...(limit && { limit }) }, 's']],
    { using: USING },
  );
  const [name, args] = responses[0] ?? [];
  return name === 'error' ? args.type : (args.list as { name: string; email: string }[]).map((p) => p.email);
}

test('people are found by any word of their name or address, accents and case aside', async (t) => {
  const clock = fixedClock(new Date());
  const fixture = await openJmapFixture(t, { clock });
  const { identity, directory } = fixture.services;
  await directory.upsertEstablishment({
    uai: '0380027Y',
    name: 'Collège Champollion',
    type: 'college',
    commune: 'Grenoble',
    department: '38',
  });
  const people = [
    ['helene.lefevre@ac-test.fr', 'Hélène Lefèvre', '0380027Y'],
    ['hector.martin@ac-test.fr', 'Hector Martin', undefined],
    ['jean-marc.helie@ac-test.fr', 'Jean-Marc Hélie', undefined],
    ['absent@ac-test.fr', 'Helena Absente', undefined],
  ] as const;
  for (const [email, displayName, establishmentUai] of people)
    await identity.createAccount({
      email,
      displayName,
      password: 'Cheval-Batterie-Agrafe-42',
      establishmentUai,
    });
  await identity.suspendAccount('absent@ac-test.fr', 'départ');

  // The name's own start first, then other words; the suspended account never.
  assert.deepEqual(await search(fixture, 'hel'), ['helene.lefevre@ac-test.fr', 'jean-marc.helie@ac-test.fr']);
  assert.deepEqual(await search(fixture, 'HÉLÈNE lef'), ['helene.lefevre@ac-test.fr']);
  assert.deepEqual(await search(fixture, 'marc'), ['jean-marc.helie@ac-test.fr']);
  assert.deepEqual(await search(fixture, 'hector.martin@'), ['hector.martin@ac-test.fr']);
  assert.deepEqual(await search(fixture, 'h'), []);
  assert.deepEqual(
    await search(fixture, 'ac-test'),
    [],
    'the address domain is everybody’s: not a search word',
  );
  assert.deepEqual(await search(fixture, 'h', 2), [], 'one letter is too little');
  assert.deepEqual(await search(fixture, 'he', 2), ['hector.martin@ac-test.fr', 'helene.lefevre@ac-test.fr']);
  const { responses } = await fixture.api(
    [['Directory/search', { accountId: fixture.accounts.paul, text: 'lefèvre' }, 's']],
    { using: USING },
  );
  const [card] = responses[0]?.[1].list ?? [];
  assert.equal(card?.name, 'Hélène Lefèvre');
  assert.equal(card?.email, 'helene.lefevre@ac-test.fr');
  assert.deepEqual(card?.establishment, { uai: '0380027Y', name: 'Collège Champollion' });
  assert.deepEqual(card?.posts, [
    { uai: '0380027Y', name: 'Collège Champollion', commune: 'Grenoble', role: null, isPrimary: true },
  ]);
  assert.equal(card?.id, null, 'an account without a directory entry');
  assert.deepEqual(await search(fixture, 'grenob hel'), ['helene.lefevre@ac-test.fr'], 'by commune too');

  // A new colleague shows up once the list is refreshed.
  await identity.createAccount({
    email: 'helios@ac-test.fr',
    displayName: 'Hélios Neuf',
    password: 'Cheval-Batterie-Agrafe-42',
  });
  assert.deepEqual(await search(fixture, 'helios'), []);
  clock.advance(REFRESH_CHECK_MS);
  await search(fixture, 'helios'); // sees the change, rebuilds in the background
  // The rebuild runs on a thread: up to ten seconds on a busy machine.
  for (let attempt = 0; attempt < 500 && (await search(fixture, 'helios')).length === 0; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await search(fixture, 'helios'), ['helios@ac-test.fr']);
});

test('Directory/search needs its capability and bounded arguments', async (t) => {
  const fixture = await openJmapFixture(t);
  assert.equal(await search(fixture, 'x'.repeat(101)), 'invalidArguments');
  assert.equal(await search(fixture, 'paul', 51), 'invalidArguments');
  const { responses } = await fixture.api([
    ['Directory/search', { accountId: fixture.accounts.paul, text: 'paul' }, 's'],
  ]);
  assert.equal(responses[0]?.[1].type, 'unknownMethod');
});

test('the people in the caller’s address books come first', async (t) => {
  const fixture = await openJmapFixture(t);
  const { identity, contacts } = fixture.services;
  for (const [email, displayName] of [
    ['helene.lefevre@ac-test.fr', 'Hélène Lefèvre'],
    ['jean-marc.helie@ac-test.fr', 'Jean-Marc Hélie'],
  ] as const)
    await identity.createAccount({ email, displayName });
  const paul = fixture.accounts.paul;
  await contacts.putCard(
    { accountId: paul },
    paul,
    'contacts',
    'jm.vcf',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:jm\r\nFN:JM\r\nN:;;;;\r\nEMAIL:Jean-Marc.Helie@ac-test.fr\r\nEND:VCARD\r\n',
    {},
  );
  assert.deepEqual(await search(fixture, 'hel'), ['jean-marc.helie@ac-test.fr', 'helene.lefevre@ac-test.fr']);
});

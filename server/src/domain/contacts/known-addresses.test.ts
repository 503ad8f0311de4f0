import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openContactsFixture, vcard } from './contacts.fixture.ts';
import { KNOWN_ADDRESSES_TTL_MS } from './known-addresses.ts';

test('the addresses of an account’s books, its own only, at most a minute old', async (t) => {
  const { contacts, clock, newAccount } = await openContactsFixture(t);
  const lea = await newAccount();
  const paul = await newAccount();
  const actor = { accountId: lea.id };
  await contacts.putCard(
    actor,
    lea.id,
    'contacts',
    'c1.vcf',
    vcard({ uid: 'c1', fn: 'Marie', email: 'Marie.Curie@Example.org' }),
    {},
  );
  await contacts.collectAddresses(lea.id, [{ name: 'Zoé', email: 'zoe@ac-test.fr' }]);
  assert.deepEqual([...(await contacts.knownAddresses(lea.id))].sort(), [
    'marie.curie@example.org',
    'zoe@ac-test.fr',
  ]);
  assert.deepEqual([...(await contacts.knownAddresses(paul.id))], []);

  await contacts.putCard(
    actor,
    lea.id,
    'contacts',
    'c2.vcf',
    vcard({ uid: 'c2', fn: 'Jean', email: 'jean@ac-test.fr' }),
    {},
  );
  assert.equal((await contacts.knownAddresses(lea.id)).has('jean@ac-test.fr'), false, 'kept for a minute');
  clock.advance(KNOWN_ADDRESSES_TTL_MS);
  assert.equal((await contacts.knownAddresses(lea.id)).has('jean@ac-test.fr'), true);
});

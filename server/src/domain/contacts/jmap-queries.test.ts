import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { createContactsJmapReads } from './jmap-queries.ts';
import { openContactsFixture, refusedWith, vcard } from './contacts.fixture.ts';

test('JMAP reads follow the change log and reach only the actor’s own cards', async (t) => {
  const fixture = await openContactsFixture(t);
  const { database, clock } = fixture.services;
  const reads = createContactsJmapReads({ database, clock, log: silentLogger() });
  const owner = await fixture.newAccount();
  const other = await fixture.newAccount();
  const actor = { accountId: owner.id };

  // The first look makes the default books, inside the state it answers.
  const bookState = await reads.state(actor, owner.id, 'AddressBook');
  const books = await reads.changes(actor, owner.id, 'AddressBook', 0, 100);
  assert.equal(books.created.length, 2);
  assert.equal(books.newModseq, bookState);
  assert.equal(await reads.state(actor, owner.id, 'ContactCard'), 0);

  const put = await fixture.contacts.putCard(
    actor,
    owner.id,
    'contacts',
    'a.vcf',
    vcard({ uid: 'a', fn: 'A' }),
  );
  const cardState = await reads.state(actor, owner.id, 'ContactCard');
  assert.equal(cardState, put.card.modseq);
  assert.deepEqual((await reads.changes(actor, owner.id, 'ContactCard', 0, 10)).created, [put.card.id]);
  assert.deepEqual(
    (await reads.cardsByIds(actor, owner.id, [put.card.id, 'cNone'])).map((card) => card.uid),
    ['a'],
  );
  assert.deepEqual(
    (await reads.accountCards(actor, owner.id)).map((card) => card.id),
    [put.card.id],
  );

  // Another account reaches nothing: the same words as a missing account.
  const intruder = { accountId: other.id };
  await refusedWith(reads.state(intruder, owner.id, 'ContactCard'), 'notFound');
  await refusedWith(reads.changes(intruder, owner.id, 'ContactCard', 0, 10), 'notFound');
  await refusedWith(reads.cardsByIds(intruder, owner.id, [put.card.id]), 'notFound');
  await refusedWith(reads.accountCards(intruder, owner.id), 'notFound');
  assert.deepEqual(await reads.cardsByIds({ accountId: other.id }, other.id, [put.card.id]), []);
  await refusedWith(reads.changes(actor, owner.id, 'ContactCard', -1, 10), 'invalid');
  await refusedWith(reads.changes(actor, owner.id, 'ContactCard', 0, 0), 'invalid');
});

// AddressBook/get, /changes and /set over HTTP (RFC 9610 §2, docs/jmap.md "Contacts"): the account's books as
// CardDAV has them, created, renamed and destroyed through the contacts module; the default book stays.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { MAIL_USING, openJmapFixture, readJson } from '../../jmap.fixture.ts';
import { callContacts as call } from '../contacts.fixture.ts';

test('the session advertises JMAP Contacts and its account capability', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  const session = await readJson(response);
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.contacts], {});
  assert.deepEqual(session.accounts[fixture.accounts.paul].accountCapabilities[JMAP_CAPABILITIES.contacts], {
    maxAddressBooksPerCard: 1,
    mayCreateAddressBook: true,
  });
  assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.contacts], fixture.accounts.paul);
  // Without the capability in `using`, the methods are unknown.
  const { responses } = await fixture.api([['AddressBook/get', { accountId: fixture.accounts.paul }, 'c']], {
    using: MAIL_USING,
  });
  assert.equal(responses[0]?.[1].type, 'unknownMethod');
});

test('AddressBook/get lists the default and collected books, with every right', async (t) => {
  const fixture = await openJmapFixture(t);
  const got = await call(fixture, 'AddressBook/get', { ids: null });
  assert.match(got.state, /^[0-9]+$/);
  assert.equal(got.list.length, 2);
  const [contacts, collected] = got.list;
  assert.deepEqual(
    { ...contacts, id: undefined, name: undefined, description: undefined },
    {
      id: undefined,
      name: undefined,
      description: undefined,
      sortOrder: 0,
      isDefault: true,
      isSubscribed: true,
      shareWith: null,
      myRights: { mayRead: true, mayWrite: true, mayShare: true, mayDelete: true },
    },
  );
  assert.equal(collected.isDefault, false);
  assert.equal(typeof contacts.name, 'string');
  const some = await call(fixture, 'AddressBook/get', { ids: [contacts.id, 'abNone'], properties: ['name'] });
  assert.deepEqual(some.list, [{ id: contacts.id, name: contacts.name }]);
  assert.deepEqual(some.notFound, ['abNone']);
  // Marie's books are hers: Paul does not find them.
  const marie = await call(fixture, 'AddressBook/get', {}, 'marie');
  const mine = await call(fixture, 'AddressBook/get', {
    ids: marie.list.map((book: { id: string }) => book.id),
  });
  assert.deepEqual(mine.list, []);
  assert.equal((await call(fixture, 'AddressBook/get', { properties: ['color'] })).error, 'invalidArguments');
  assert.equal(
    (await call(fixture, 'AddressBook/get', { accountId: fixture.accounts.marie })).error,
    'accountNotFound',
  );
});

test('AddressBook/set creates, renames and destroys books, and refuses what the store cannot hold', async (t) => {
  const fixture = await openJmapFixture(t);
  const start = await call(fixture, 'AddressBook/get', {});
  const defaultId = start.list.find((book: { isDefault: boolean }) => book.isDefault).id;
  const collectedId = start.list.find((book: { isDefault: boolean }) => !book.isDefault).id;
  const set = await call(fixture, 'AddressBook/set', {
    create: {
      parents: { name: 'Parents d’élèves', description: 'Classe de 4e B', sortOrder: 7 },
      bare: { name: 'Partenaires' },
      noName: { description: 'x' },
      unsubscribed: { name: 'x', isSubscribed: false },
      shared: { name: 'x', shareWith: { marie: {} } },
      asDefault: { name: 'x', isDefault: true },
      serverSet: { name: 'x', myRights: { mayRead: true } },
      longName: { name: 'x'.repeat(201) },
    },
  });
  assert.deepEqual(Object.keys(set.created).sort(), ['bare', 'parents']);
  const parents = set.created.parents;
  // The store's sortOrder (the book's place) is reported, with the other defaults.
  assert.deepEqual(parents, {
    id: parents.id,
    sortOrder: 2,
    isDefault: false,
    isSubscribed: true,
    shareWith: null,
    myRights: { mayRead: true, mayWrite: true, mayShare: true, mayDelete: true },
  });
  assert.equal(set.created.bare.description, null);
  assert.deepEqual(set.notCreated.noName.properties, ['name']);
  assert.deepEqual(set.notCreated.unsubscribed.properties, ['isSubscribed']);
  assert.deepEqual(set.notCreated.shared.properties, ['shareWith']);
  assert.equal(set.notCreated.asDefault.type, 'forbidden');
  assert.deepEqual(set.notCreated.serverSet.properties, ['myRights']);
  assert.deepEqual(set.notCreated.longName.properties, ['name']);
  assert.notEqual(set.newState, set.oldState);

  const updated = await call(fixture, 'AddressBook/set', {
    ifInState: set.newState,
    update: {
      [parents.id]: { name: 'Parents 4e B', description: null, isSubscribed: true, sortOrder: 2 },
      [defaultId]: { isDefault: false },
      [collectedId]: { isDefault: true },
      [set.created.bare.id]: { sortOrder: 0 },
      abNone: { name: 'x' },
    },
  });
  assert.deepEqual(updated.updated, { [parents.id]: null });
  assert.equal(updated.notUpdated[defaultId].type, 'forbidden');
  assert.equal(updated.notUpdated[collectedId].type, 'forbidden');
  assert.deepEqual(updated.notUpdated[set.created.bare.id].properties, ['sortOrder']);
  assert.equal(updated.notUpdated.abNone.type, 'notFound');
  const renamed = await call(fixture, 'AddressBook/get', { ids: [parents.id] });
  assert.equal(renamed.list[0].name, 'Parents 4e B');
  assert.equal(renamed.list[0].description, null);
  assert.equal((await call(fixture, 'AddressBook/set', { ifInState: set.newState })).error, 'stateMismatch');

  // A book with a card goes only with onDestroyRemoveContents; the default and collected books never.
  const card = await call(fixture, 'ContactCard/set', {
    create: { c: { addressBookIds: { [parents.id]: true }, name: { full: 'Mme Leroy' } } },
  });
  const cardId = card.created.c.id;
  const refused = await call(fixture, 'AddressBook/set', {
    destroy: [parents.id, defaultId, collectedId, 'abNone'],
  });
  assert.equal(refused.notDestroyed[parents.id].type, 'addressBookHasContents');
  assert.equal(refused.notDestroyed[defaultId].type, 'forbidden');
  assert.equal(refused.notDestroyed[collectedId].type, 'forbidden');
  assert.equal(refused.notDestroyed.abNone.type, 'notFound');
  const before = await call(fixture, 'ContactCard/get', { ids: [] });
  const destroyed = await call(fixture, 'AddressBook/set', {
    destroy: [parents.id, set.created.bare.id],
    onDestroyRemoveContents: true,
  });
  assert.deepEqual(destroyed.destroyed, [parents.id, set.created.bare.id]);
  const cards = await call(fixture, 'ContactCard/changes', { sinceState: before.state });
  assert.deepEqual(cards.destroyed, [cardId]);

  // onSuccessSetIsDefault may only name the default book.
  assert.equal(
    (await call(fixture, 'AddressBook/set', { onSuccessSetIsDefault: collectedId })).error,
    'forbidden',
  );
  const same = await call(fixture, 'AddressBook/set', { onSuccessSetIsDefault: defaultId });
  assert.equal(same.oldState, same.newState);
  // Marie cannot touch Paul's books.
  const marie = await call(
    fixture,
    'AddressBook/set',
    { destroy: [defaultId], update: { [defaultId]: { name: 'x' } } },
    'marie',
  );
  assert.equal(marie.notDestroyed[defaultId].type, 'notFound');
  assert.equal(marie.notUpdated[defaultId].type, 'notFound');
});

test('AddressBook/set destroy: a card written between the look and the delete keeps its book', async (t) => {
  const fixture = await openJmapFixture(t);
  const created = await call(fixture, 'AddressBook/set', { create: { b: { name: 'Sortie scolaire' } } });
  const book = created.created.b;
  const { contacts } = fixture.services;
  const paul = { accountId: fixture.accounts.paul };
  const [listed] = (await contacts.listBooks(paul, fixture.accounts.paul)).filter((b) => b.id === book.id);
  assert.ok(listed);
  // A phone's CardDAV PUT lands after the method read the (empty) book and before the deleting transaction.
  const deleteBook = contacts.deleteBook.bind(contacts);
  t.mock.method(contacts, 'deleteBook', async (...args: Parameters<typeof deleteBook>) => {
    await contacts.putCard(paul, fixture.accounts.paul, listed.resourceName, 'late.vcf', LATE_CARD);
    return await deleteBook(...args);
  });
  const refused = await call(fixture, 'AddressBook/set', { destroy: [book.id] });
  assert.equal(refused.notDestroyed[book.id]?.type, 'addressBookHasContents');
  assert.deepEqual(refused.destroyed ?? [], []);
  const kept = await contacts.getCards(paul, fixture.accounts.paul, listed.resourceName, ['late.vcf']);
  assert.equal(kept.length, 1, 'the late card is still there, in its book');
  t.mock.restoreAll();

  const emptied = await call(fixture, 'AddressBook/set', { create: { e: { name: 'Vide' } } });
  const destroyed = await call(fixture, 'AddressBook/set', { destroy: [emptied.created.e.id] });
  assert.deepEqual(destroyed.destroyed, [emptied.created.e.id]);
});

const LATE_CARD = ['BEGIN:VCARD', 'VERSION:3.0', 'UID:late', 'FN:Arrivé tard', 'END:VCARD', ''].join('\r\n');

test('AddressBook/changes reports creations, updates and destructions from the change log', async (t) => {
  const fixture = await openJmapFixture(t);
  const start = await call(fixture, 'AddressBook/get', {});
  const set = await call(fixture, 'AddressBook/set', { create: { a: { name: 'A' }, b: { name: 'B' } } });
  const { a, b } = set.created;
  const created = await call(fixture, 'AddressBook/changes', { sinceState: start.state });
  assert.deepEqual([...created.created].sort(), [a.id, b.id].sort());
  assert.equal(created.newState, set.newState);
  assert.equal(created.hasMoreChanges, false);
  await call(fixture, 'AddressBook/set', { update: { [a.id]: { name: 'A2' } }, destroy: [b.id] });
  const later = await call(fixture, 'AddressBook/changes', { sinceState: set.newState });
  assert.deepEqual([later.created, later.updated, later.destroyed], [[], [a.id], [b.id]]);
  const paged = await call(fixture, 'AddressBook/changes', { sinceState: start.state, maxChanges: 1 });
  assert.equal(paged.hasMoreChanges, true);
  assert.equal(paged.created.length, 1);
  for (const sinceState of ['-1', 'hier'])
    assert.equal(
      (await call(fixture, 'AddressBook/changes', { sinceState })).error,
      'cannotCalculateChanges',
    );
  assert.equal(
    (await call(fixture, 'AddressBook/changes', { sinceState: '0', maxChanges: 0 })).error,
    'invalidArguments',
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readChanges } from '#store';
import { CONTACT_LIMITS } from './contacts-model.ts';
import { openContactsFixture, refusedWith, vcard } from './contacts.fixture.ts';

test('an account gets its Contacts and Collected books in its language on first use', async (t) => {
  const fixture = await openContactsFixture(t);
  const french = await fixture.newAccount();
  const english = await fixture.newAccount({ locale: 'en' });
  const books = await fixture.contacts.listBooks({ accountId: french.id }, french.id);
  assert.deepEqual(
    books.map((b) => [b.resourceName, b.name, b.role]),
    [
      ['contacts', 'Contacts', 'default'],
      ['collected', 'Adresses collectées', 'collected'],
    ],
  );
  const again = await fixture.contacts.listBooks({ accountId: french.id }, french.id);
  assert.deepEqual(
    again.map((b) => b.id),
    books.map((b) => b.id),
    'made once',
  );
  const englishBooks = await fixture.contacts.listBooks('system', english.id);
  assert.equal(englishBooks[1]?.name, 'Collected addresses');
});

test('a card is created, replaced under If-Match, and refused with a stale ETag or If-None-Match', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const me = { accountId: account.id };
  const created = await contacts.putCard(
    me,
    account.id,
    'contacts',
    'jean.vcf',
    vcard({ uid: 'j1', fn: 'Jean' }),
    {
      ifNoneMatch: '*',
    },
  );
  assert.equal(created.isNew, true);
  assert.equal(created.card.fullName, 'Jean');
  await refusedWith(
    contacts.putCard(me, account.id, 'contacts', 'jean.vcf', vcard({ uid: 'j1', fn: 'Jean 2' }), {
      ifNoneMatch: '*',
    }),
    'invalid',
    'preconditionFailed',
  );
  const replaced = await contacts.putCard(
    me,
    account.id,
    'contacts',
    'jean.vcf',
    vcard({ uid: 'j1', fn: 'Jean D' }),
    {
      ifMatch: [created.card.etag],
    },
  );
  assert.equal(replaced.isNew, false);
  assert.notEqual(replaced.card.etag, created.card.etag);
  await refusedWith(
    contacts.putCard(me, account.id, 'contacts', 'jean.vcf', vcard({ uid: 'j1', fn: 'X' }), {
      ifMatch: [created.card.etag],
    }),
    'invalid',
    'preconditionFailed',
  );
  await refusedWith(
    contacts.putCard(me, account.id, 'contacts', 'other.vcf', vcard({ uid: 'j1', fn: 'X' }), {
      ifMatch: '*',
    }),
    'invalid',
    'preconditionFailed',
  );
  const [read] = await contacts.getCards(me, account.id, 'contacts', ['jean.vcf', 'missing.vcf']);
  assert.equal(read?.fullName, 'Jean D');
  assert.match(read?.vcard ?? '', /FN:Jean D/);
});

test('a UID is unique within a book, not across books', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await contacts.putCard('system', account.id, 'contacts', 'a.vcf', vcard({ uid: 'same', fn: 'A' }));
  const details = await refusedWith(
    contacts.putCard('system', account.id, 'contacts', 'b.vcf', vcard({ uid: 'same', fn: 'B' })),
    'exists',
    'uidConflict',
  );
  assert.equal(details.conflict, 'a.vcf');
  await contacts.putCard('system', account.id, 'collected', 'b.vcf', vcard({ uid: 'same', fn: 'B' }));
});

test('bad cards, bad names and too large cards are refused before any write', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await refusedWith(
    contacts.putCard('system', account.id, 'contacts', 'x.vcf', 'not a card'),
    'invalid',
    'notVcard',
  );
  await refusedWith(
    contacts.putCard('system', account.id, 'contacts', '../x', vcard({ fn: 'a' })),
    'invalid',
    'resourceName',
  );
  await refusedWith(
    contacts.putCard(
      'system',
      account.id,
      'contacts',
      'x.vcf',
      vcard({ fn: 'a', extra: [`NOTE:${'x'.repeat(600_000)}`] }),
    ),
    'tooBig',
  );
  assert.equal((await contacts.listCards('system', account.id, 'contacts')).length, 0);
});

test('a card without UID gets one', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const { card } = await contacts.putCard('system', account.id, 'contacts', 'n.vcf', vcard({ fn: 'No UID' }));
  assert.match(card.uid, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.match(card.vcard, /UID:urn:uuid:/);
});

test('changes since a sync token name changed cards and removed resources, and old tokens are refused once pruned', async (t) => {
  const { contacts, newAccount, clock, services } = await openContactsFixture(t);
  const account = await newAccount();
  const me = { accountId: account.id };
  await contacts.putCard(me, account.id, 'contacts', 'a.vcf', vcard({ uid: 'a', fn: 'A' }));
  await contacts.putCard(me, account.id, 'contacts', 'b.vcf', vcard({ uid: 'b', fn: 'B' }));
  const first = await contacts.changesSince(me, account.id, 'contacts', undefined);
  assert.deepEqual(first.changed.map((c) => c.resourceName).sort(), ['a.vcf', 'b.vcf']);
  const token = first.modseq;

  await contacts.putCard(me, account.id, 'contacts', 'a.vcf', vcard({ uid: 'a', fn: 'A2' }));
  await contacts.deleteCard(me, account.id, 'contacts', 'b.vcf');
  await contacts.putCard(me, account.id, 'contacts', 'c.vcf', vcard({ uid: 'c', fn: 'C' }));
  const delta = await contacts.changesSince(me, account.id, 'contacts', token);
  assert.deepEqual(
    delta.changed.map((c) => c.resourceName),
    ['a.vcf', 'c.vcf'],
  );
  assert.deepEqual(delta.removed, ['b.vcf']);
  assert.ok(delta.modseq > token);
  const none = await contacts.changesSince(me, account.id, 'contacts', delta.modseq);
  assert.deepEqual([none.changed.length, none.removed.length], [0, 0]);

  await refusedWith(
    contacts.changesSince(me, account.id, 'contacts', delta.modseq + 1000),
    'cannotCalculateChanges',
  );
  await refusedWith(contacts.deleteCard(me, account.id, 'contacts', 'b.vcf'), 'notFound');

  // The log records each write under RFC 9610's names.
  const log = await readChanges(services.database.db, account.id, 0, 100);
  assert.ok(log.changes.some((c) => c.type === 'ContactCard' && c.kind === 'destroyed'));
  assert.ok(log.changes.some((c) => c.type === 'AddressBook' && c.kind === 'created'));

  clock.advance(60_000);
  assert.equal(await contacts.pruneTombstones(clock.nowMs()), 1);
  await refusedWith(contacts.changesSince(me, account.id, 'contacts', token), 'cannotCalculateChanges');
  const fresh = await contacts.changesSince(me, account.id, 'contacts', delta.modseq);
  assert.equal(fresh.removed.length, 0);
});

test('a sync cut at a limit resumes after its last change, even past a pruned floor', async (t) => {
  const { contacts, newAccount, clock } = await openContactsFixture(t);
  const account = await newAccount();
  const me = { accountId: account.id };
  await contacts.putCard(me, account.id, 'contacts', 'a.vcf', vcard({ uid: 'a', fn: 'A' }));
  await contacts.putCard(me, account.id, 'contacts', 'b.vcf', vcard({ uid: 'b', fn: 'B' }));
  // A removal, pruned: the book's floor is now above a's and b's modseqs.
  await contacts.putCard(me, account.id, 'contacts', 'x.vcf', vcard({ uid: 'x', fn: 'X' }));
  await contacts.deleteCard(me, account.id, 'contacts', 'x.vcf');
  clock.advance(60_000);
  assert.equal(await contacts.pruneTombstones(clock.nowMs()), 1);

  const first = await contacts.changesSince(me, account.id, 'contacts', undefined, 1);
  assert.deepEqual(
    first.changed.map((c) => c.resourceName),
    ['a.vcf'],
  );
  assert.ok(first.resumeAt, 'cut');
  // The initial sync's removals start at the book's modseq then, so the pruned floor does not void it.
  assert.equal(first.resumeAt.since, first.modseq);
  const second = await contacts.changesSince(me, account.id, 'contacts', first.resumeAt, 1);
  assert.deepEqual(
    second.changed.map((c) => c.resourceName),
    ['b.vcf'],
  );
  assert.equal(second.resumeAt, undefined, 'complete: the next token is the modseq');
  assert.equal(second.modseq, first.modseq);

  // A position from the future, or resuming below the floor of an incremental sync, is refused.
  await refusedWith(
    contacts.changesSince(me, account.id, 'contacts', {
      since: first.modseq + 1,
      after: { modseq: first.modseq, resourceName: 'a.vcf' },
    }),
    'cannotCalculateChanges',
  );
  await refusedWith(
    contacts.changesSince(me, account.id, 'contacts', {
      since: 0,
      after: { modseq: 1, resourceName: 'a.vcf' },
    }),
    'cannotCalculateChanges',
  );
});

test('only the owner reaches its books; other accounts see nothing', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const owner = await newAccount();
  const other = await newAccount();
  await contacts.putCard('system', owner.id, 'contacts', 'a.vcf', vcard({ uid: 'a', fn: 'A' }));
  const stranger = { accountId: other.id };
  await refusedWith(contacts.listBooks(stranger, owner.id), 'notFound');
  await refusedWith(contacts.getCards(stranger, owner.id, 'contacts', ['a.vcf']), 'notFound');
  await refusedWith(
    contacts.putCard(stranger, owner.id, 'contacts', 'b.vcf', vcard({ fn: 'B' })),
    'notFound',
  );
  await refusedWith(contacts.deleteCard(stranger, owner.id, 'contacts', 'a.vcf'), 'notFound');
  await refusedWith(contacts.ownerOf(stranger, owner.email), 'notFound');
  assert.equal(await contacts.ownerOf({ accountId: owner.id }, owner.email.toUpperCase()), owner.id);
});

test('books are created, renamed and deleted with their cards; the default ones stay', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const me = { accountId: account.id };
  const book = await contacts.createBook(me, account.id, { resourceName: 'parents', name: 'Parents' });
  assert.equal(book.name, 'Parents');
  await refusedWith(contacts.createBook(me, account.id, { resourceName: 'parents' }), 'exists');
  await contacts.putCard(me, account.id, 'parents', 'p.vcf', vcard({ uid: 'p', fn: 'P' }));
  const renamed = await contacts.updateBook(me, account.id, 'parents', { name: 'Parents 6e B' });
  assert.equal(renamed.name, 'Parents 6e B');
  assert.equal(renamed.cardCount, 1);
  await contacts.deleteBook(me, account.id, 'parents');
  await refusedWith(contacts.getBook(me, account.id, 'parents'), 'notFound');
  await refusedWith(contacts.deleteBook(me, account.id, 'contacts'), 'inUse');
});

test('with canRemoveCards false a book with cards is refused and kept, an empty one deleted', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const me = { accountId: account.id };
  await contacts.createBook(me, account.id, { resourceName: 'parents', name: 'Parents' });
  await contacts.createBook(me, account.id, { resourceName: 'empty', name: 'Vide' });
  await contacts.putCard(me, account.id, 'parents', 'p.vcf', vcard({ uid: 'p', fn: 'P' }));
  const details = await refusedWith(
    contacts.deleteBook(me, account.id, 'parents', { canRemoveCards: false }),
    'inUse',
    'hasCards',
  );
  assert.equal(details.count, 1);
  assert.equal((await contacts.getBook(me, account.id, 'parents')).cardCount, 1, 'kept, with its card');
  await contacts.deleteBook(me, account.id, 'empty', { canRemoveCards: false });
  await refusedWith(contacts.getBook(me, account.id, 'empty'), 'notFound');
  // The default (CardDAV's DELETE) takes the cards along.
  await contacts.deleteBook(me, account.id, 'parents');
  await refusedWith(contacts.getBook(me, account.id, 'parents'), 'notFound');
});

test('groups list their members found in the book', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await contacts.putCard('system', account.id, 'contacts', 'a.vcf', vcard({ uid: 'a-uid', fn: 'A' }));
  await contacts.putCard('system', account.id, 'contacts', 'b.vcf', vcard({ uid: 'b-uid', fn: 'B' }));
  await contacts.putCard(
    'system',
    account.id,
    'contacts',
    'g.vcf',
    vcard({
      uid: 'g',
      fn: 'Group',
      extra: ['X-ADDRESSBOOKSERVER-KIND:group', 'X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:a-uid'],
    }),
  );
  const members = await contacts.groupMembers('system', account.id, 'contacts', 'g.vcf');
  assert.deepEqual(
    members.map((m) => m.resourceName),
    ['a.vcf'],
  );
  await refusedWith(contacts.groupMembers('system', account.id, 'contacts', 'a.vcf'), 'notFound');
});

test('an account holds at most maxBooksPerAccount books', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  const existing = (await contacts.listBooks('system', account.id)).length;
  for (let index = existing; index < CONTACT_LIMITS.maxBooksPerAccount; index++)
    await contacts.createBook('system', account.id, { resourceName: `book-${index}` });
  await refusedWith(
    contacts.createBook('system', account.id, { resourceName: 'one-too-many' }),
    'limit',
    'tooManyBooks',
  );
});

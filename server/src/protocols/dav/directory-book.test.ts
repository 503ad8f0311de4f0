import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import type { DirectoryListing } from '#domain/directory';
import type { DavScope } from './collection-provider.ts';
import { directoryCard as card } from './directory-card.fixture.ts';
import { DIRECTORY_BOOK, directoryBook } from './directory-book.ts';

const SCOPE: DavScope = {
  principal: { accountId: 'aLea', email: 'lea@ac-test.fr', displayName: 'Léa', locale: 'en' },
  ownerId: 'aLea',
};

test('the directory book is read-only, named in the reader’s language, and syncs by listing version', async () => {
  let listing: DirectoryListing = {
    version: 1,
    cards: [card('p1', 'Paul Martin'), card('p2', 'Léa Marty')],
    readAt: new Date('2026-09-01T02:00:00Z'),
  };
  const book = directoryBook({ listDirectory: () => Promise.resolve(listing) });
  assert.equal(book.writes, undefined, 'read-only');
  const [listed] = await book.listBooks(SCOPE);
  assert.equal(listed?.name, DIRECTORY_BOOK);
  assert.equal(listed?.displayName, 'Académie directory');
  assert.equal(listed?.syncToken, 1);
  assert.equal(await book.getBook(SCOPE, 'contacts'), undefined);
  const first = await book.listCards(SCOPE, DIRECTORY_BOOK);
  assert.deepEqual(
    first.map((c) => c.name),
    ['p1.vcf', 'p2.vcf'],
  );
  assert.match(first[0]?.vcard ?? '', /^FN:Paul Martin\r$/m);
  assert.deepEqual(
    (await book.getCards(SCOPE, DIRECTORY_BOOK, ['p2.vcf', 'nobody.vcf'])).map((c) => c.name),
    ['p2.vcf'],
  );
  assert.deepEqual(await book.changesSince(SCOPE, DIRECTORY_BOOK, { since: 1 }), {
    syncToken: { since: 1 },
    changed: [],
    removed: [],
    isTruncated: false,
  });

  // The nightly import: Paul changes function, Léa leaves, Zoé arrives.
  listing = {
    version: 2,
    cards: [card('p1', 'Paul Martin', 'Proviseur adjoint'), card('p3', 'Zoé Blanc')],
    readAt: new Date('2026-09-02T02:00:00Z'),
  };
  const since = await book.changesSince(SCOPE, DIRECTORY_BOOK, { since: 1 });
  assert.deepEqual(since.syncToken, { since: 2 });
  assert.deepEqual(
    since.changed.map((c) => c.name),
    ['p1.vcf', 'p3.vcf'],
  );
  assert.deepEqual(since.removed, ['p2.vcf']);
  assert.notEqual(since.changed[0]?.etag, first[0]?.etag, 'a changed card changes its ETag');
  const all = await book.changesSince(SCOPE, DIRECTORY_BOOK, undefined);
  assert.equal(all.changed.length, 2);
  await assert.rejects(
    book.changesSince(SCOPE, DIRECTORY_BOOK, { since: 999 }),
    (error: unknown) => error instanceof DomainError && error.code === 'cannotCalculateChanges',
  );
});

// CardDAV through the whole HTTP stack the runtime serves (security headers, body limit, observer), driven by
// a real client library (tsdav): discovery from /.well-known/carddav, books, card create/update/delete, sync,
// and the académie directory's read-only book beside the personal ones.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDAVClient } from 'tsdav';
import { mountDav } from './dav-routes.ts';
import { openHttpStack } from './http-stack.fixture.ts';

const USER = { email: 'lea@ac-test.fr', password: 'Riviere-Clavier-Orage-31' };

function vcard(uid: string, fn: string): string {
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${fn}\r\nN:;;;;\r\nEND:VCARD\r\n`;
}

test('tsdav discovers the books from /.well-known/carddav, writes cards and syncs', async (t) => {
  const { services, base } = await openHttpStack(t, [mountDav]);
  await services.identity.addDomain('ac-test.fr');
  await services.identity.createAccount({
    ...USER,
    displayName: 'Léa Martin',
    givenName: 'Léa',
    familyName: 'Martin',
  });
  await services.identity.createAccount({
    email: 'paul.durand@ac-test.fr',
    displayName: 'Paul Durand',
    givenName: 'Paul',
    familyName: 'Durand',
  });

  const client = await createDAVClient({
    serverUrl: base,
    credentials: { username: USER.email, password: USER.password },
    authMethod: 'Basic',
    defaultAccountType: 'carddav',
  });
  const books = await client.fetchAddressBooks();
  assert.deepEqual(books.map((b) => b.url.replace(base, '')).sort(), [
    '/dav/addressbooks/lea@ac-test.fr/annuaire/',
    '/dav/addressbooks/lea@ac-test.fr/collected/',
    '/dav/addressbooks/lea@ac-test.fr/contacts/',
  ]);

  // The académie directory: the colleagues, read-only.
  const directory = books.find((b) => b.url.endsWith('/annuaire/'));
  assert.ok(directory);
  assert.equal(directory.displayName, 'Annuaire de l’académie');
  const colleagues = await client.fetchVCards({ addressBook: directory });
  assert.deepEqual(colleagues.map((c) => /^FN:(.*)$/m.exec(c.data ?? '')?.[1]?.trim()).sort(), [
    'Léa Martin',
    'Paul Durand',
  ]);
  const refused = await client.createVCard({
    addressBook: directory,
    vCardString: vcard('x1', 'X'),
    filename: 'x1.vcf',
  });
  assert.equal(refused.status, 403);
  const book = books.find((b) => b.url.endsWith('/contacts/'));
  assert.ok(book);
  assert.equal(book.displayName, 'Contacts');

  const created = await client.createVCard({
    addressBook: book,
    vCardString: vcard('t1', 'Tom'),
    filename: 't1.vcf',
  });
  assert.equal(created.status, 201);
  assert.ok(created.headers.get('content-security-policy'), 'the HTTP stack added its headers');
  let cards = await client.fetchVCards({ addressBook: book });
  assert.deepEqual(
    cards.map((c) => c.data?.trimEnd()),
    [vcard('t1', 'Tom').trimEnd()],
  );
  const first = cards[0];
  assert.ok(first);

  const updated = await client.updateVCard({ vCard: { ...first, data: vcard('t1', 'Tom Pouce') } });
  assert.equal(updated.status, 204);
  const stale = await client.updateVCard({ vCard: { ...first, data: vcard('t1', 'Stale') } });
  assert.equal(stale.status, 412, 'the old ETag no longer matches');

  const sync = await client.syncCollection({
    url: book.url,
    props: { 'd:getetag': {} },
    syncLevel: 1,
    syncToken: '',
  });
  assert.ok(sync.some((r) => r.href?.endsWith('/t1.vcf')));

  cards = await client.fetchVCards({ addressBook: book });
  const current = cards[0];
  assert.ok(current);
  assert.equal((await client.deleteVCard({ vCard: current })).status, 204);
  assert.equal((await client.fetchVCards({ addressBook: book })).length, 0);
});

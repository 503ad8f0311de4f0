import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AddressBookProvider } from './collection-provider.ts';
import { card, openDavFixture, PROPFIND_XML } from './dav.fixture.ts';

const HOME = '/dav/addressbooks/paul@ac-test.fr/';

test('extended MKCOL makes an address book with its name and description; a second MKCOL is 405', async (t) => {
  const fixture = await openDavFixture(t);
  const made = await fixture.request('MKCOL', `${HOME}parents/`, {
    headers: PROPFIND_XML,
    body: `<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
      <d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>
      <d:displayname>Parents 6e B</d:displayname><c:addressbook-description>Classe de 6e B</c:addressbook-description>
    </d:prop></d:set></d:mkcol>`,
  });
  assert.equal(made.status, 201);
  const props = await fixture.request('PROPFIND', `${HOME}parents/`, { headers: { Depth: '0' } });
  assert.match(props.text, /<d:displayname>Parents 6e B<\/d:displayname>/);
  assert.match(props.text, /<card:addressbook-description>Classe de 6e B<\/card:addressbook-description>/);
  assert.equal((await fixture.request('MKCOL', `${HOME}parents/`)).status, 405);
  assert.equal(
    (await fixture.request('MKCOL', `${HOME}plain/`)).status,
    201,
    'a plain MKCOL under the home makes a book',
  );
});

test('MKCOL refuses other resource types, non-XML bodies, missing parents and collections in a book', async (t) => {
  const fixture = await openDavFixture(t);
  const calendar = await fixture.request('MKCOL', `${HOME}cal/`, {
    headers: PROPFIND_XML,
    body: '<d:mkcol xmlns:d="DAV:"><d:set><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:set></d:mkcol>',
  });
  assert.equal(calendar.status, 403);
  assert.match(calendar.text, /valid-resourcetype/);
  assert.equal(
    (
      await fixture.request('MKCOL', `${HOME}x/`, {
        headers: { 'Content-Type': 'text/plain' },
        body: 'hello',
      })
    ).status,
    415,
  );
  assert.equal((await fixture.request('MKCOL', `${HOME}nope/sub/`)).status, 409);
  assert.equal((await fixture.request('MKCOL', `${HOME}contacts/sub/`)).status, 403);
  assert.equal((await fixture.request('MKCOL', HOME)).status, 405);
});

test('PROPPATCH renames a book; protected properties fail the whole update (403 and 424)', async (t) => {
  const fixture = await openDavFixture(t);
  const renamed = await fixture.request('PROPPATCH', `${HOME}contacts/`, {
    headers: PROPFIND_XML,
    body: '<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>Mes contacts</d:displayname></d:prop></d:set></d:propertyupdate>',
  });
  assert.equal(renamed.status, 207);
  assert.match(renamed.text, /200 OK/);
  const mixed = await fixture.request('PROPPATCH', `${HOME}contacts/`, {
    headers: PROPFIND_XML,
    body: `<d:propertyupdate xmlns:d="DAV:" xmlns:x="urn:x"><d:set><d:prop><d:displayname>Autre</d:displayname>
      <x:colour>red</x:colour></d:prop></d:set></d:propertyupdate>`,
  });
  assert.match(mixed.text, /<x:colour xmlns:x="urn:x"\/><\/d:prop><d:status>HTTP\/1\.1 403 Forbidden/);
  assert.match(mixed.text, /<d:displayname\/><\/d:prop><d:status>HTTP\/1\.1 424 Failed Dependency/);
  const props = await fixture.request('PROPFIND', `${HOME}contacts/`, { headers: { Depth: '0' } });
  assert.match(props.text, /<d:displayname>Mes contacts<\/d:displayname>/);
});

test('DELETE of a book removes it with its cards; the default book stays', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('MKCOL', `${HOME}tmp/`);
  await fixture.request('PUT', `${HOME}tmp/a.vcf`, {
    headers: { 'Content-Type': 'text/vcard' },
    body: card('a', 'A'),
  });
  assert.equal((await fixture.request('DELETE', `${HOME}tmp/`)).status, 204);
  assert.equal((await fixture.request('GET', `${HOME}tmp/a.vcf`)).status, 404);
  assert.equal((await fixture.request('DELETE', `${HOME}contacts/`)).status, 403);
  assert.equal((await fixture.request('DELETE', HOME)).status, 403);
});

test('a read-only provider is listed beside the personal books and refuses writes', async (t) => {
  const book = {
    name: 'annuaire',
    displayName: 'Annuaire académique',
    description: '',
    syncToken: 7,
    isReadOnly: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  const entry = {
    name: 'p1.vcf',
    etag: '"x1"',
    vcard: card('p1', 'Personne'),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  const directory: AddressBookProvider = {
    listBooks: () => Promise.resolve([book]),
    getBook: (_scope, name) => Promise.resolve(name === book.name ? book : undefined),
    listCards: () => Promise.resolve([entry]),
    getCards: (_scope, _book, names) => Promise.resolve(names.includes(entry.name) ? [entry] : []),
    changesSince: () =>
      Promise.resolve({ syncToken: { since: 7 }, changed: [entry], removed: [], isTruncated: false }),
  };
  const fixture = await openDavFixture(t, { extraProviders: [directory] });
  const home = await fixture.request('PROPFIND', HOME, {
    headers: { Depth: '1', ...PROPFIND_XML },
    body: '<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:current-user-privilege-set/></d:prop></d:propfind>',
  });
  assert.match(home.text, /<d:displayname>Annuaire académique<\/d:displayname>/);
  assert.equal((await fixture.request('GET', `${HOME}annuaire/p1.vcf`)).status, 200);
  const put = await fixture.request('PUT', `${HOME}annuaire/p2.vcf`, {
    headers: { 'Content-Type': 'text/vcard' },
    body: card('p2', 'X'),
  });
  assert.equal(put.status, 403);
  assert.match(put.text, /need-privileges/);
  assert.equal((await fixture.request('DELETE', `${HOME}annuaire/p1.vcf`)).status, 403);
});

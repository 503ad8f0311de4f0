import assert from 'node:assert/strict';
import { test } from 'node:test';
import { card, openDavFixture } from './dav.fixture.ts';

const BOOK = '/dav/addressbooks/paul@ac-test.fr/contacts/';
const VCARD = { 'Content-Type': 'text/vcard; charset=utf-8' };

test('PUT creates (201) and replaces (204) a card; GET and HEAD read it with its ETag', async (t) => {
  const fixture = await openDavFixture(t);
  const created = await fixture.request('PUT', `${BOOK}jean.vcf`, {
    headers: { ...VCARD, 'If-None-Match': '*' },
    body: card('j', 'Jean'),
  });
  assert.equal(created.status, 201);
  const etag = created.headers.get('etag');
  assert.match(etag ?? '', /^"\d+"$/);
  const read = await fixture.request('GET', `${BOOK}jean.vcf`);
  assert.equal(read.status, 200);
  assert.equal(read.text, card('j', 'Jean'));
  assert.equal(read.headers.get('etag'), etag);
  assert.match(read.headers.get('content-type') ?? '', /^text\/vcard/);
  const head = await fixture.request('HEAD', `${BOOK}jean.vcf`);
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(card('j', 'Jean'))));
  const notModified = await fixture.request('GET', `${BOOK}jean.vcf`, {
    headers: { 'If-None-Match': etag ?? '' },
  });
  assert.equal(notModified.status, 304);

  const replaced = await fixture.request('PUT', `${BOOK}jean.vcf`, {
    headers: { ...VCARD, 'If-Match': etag ?? '' },
    body: card('j', 'Jean Dupont'),
  });
  assert.equal(replaced.status, 204);
  assert.notEqual(replaced.headers.get('etag'), etag);
});

test('If-Match and If-None-Match failures are 412 and change nothing', async (t) => {
  const fixture = await openDavFixture(t);
  const created = await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A') });
  assert.equal(created.status, 201);
  const again = await fixture.request('PUT', `${BOOK}a.vcf`, {
    headers: { ...VCARD, 'If-None-Match': '*' },
    body: card('a', 'B'),
  });
  assert.equal(again.status, 412);
  const stale = await fixture.request('PUT', `${BOOK}a.vcf`, {
    headers: { ...VCARD, 'If-Match': '"1"' },
    body: card('a', 'B'),
  });
  assert.equal(stale.status, 412);
  const missing = await fixture.request('PUT', `${BOOK}b.vcf`, {
    headers: { ...VCARD, 'If-Match': '*' },
    body: card('b', 'B'),
  });
  assert.equal(missing.status, 412);
  const del = await fixture.request('DELETE', `${BOOK}a.vcf`, { headers: { 'If-Match': '"1"' } });
  assert.equal(del.status, 412);
  assert.match((await fixture.request('GET', `${BOOK}a.vcf`)).text, /FN:A/);
});

test('a second card with the same UID is refused with no-uid-conflict naming the first', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('same', 'A') });
  const conflict = await fixture.request('PUT', `${BOOK}b.vcf`, { headers: VCARD, body: card('same', 'B') });
  assert.equal(conflict.status, 403);
  assert.match(
    conflict.text,
    /<card:no-uid-conflict><d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/contacts\/a\.vcf<\/d:href>/,
  );
});

test('bad cards, wrong types, too large bodies, missing books and collections are refused', async (t) => {
  const fixture = await openDavFixture(t);
  const invalid = await fixture.request('PUT', `${BOOK}x.vcf`, {
    headers: VCARD,
    body: 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nEND:VCARD\r\n',
  });
  assert.equal(invalid.status, 403);
  assert.match(invalid.text, /valid-address-data/);
  const type = await fixture.request('PUT', `${BOOK}x.vcf`, {
    headers: { 'Content-Type': 'text/plain' },
    body: 'hello',
  });
  assert.equal(type.status, 415);
  const big = await fixture.request('PUT', `${BOOK}x.vcf`, {
    headers: VCARD,
    body: card('x', 'x', [`NOTE:${'n'.repeat(600_000)}`]),
  });
  assert.equal(big.status, 403);
  assert.match(big.text, /max-resource-size/);
  const noBook = await fixture.request('PUT', '/dav/addressbooks/paul@ac-test.fr/nope/x.vcf', {
    headers: VCARD,
    body: card('x', 'x'),
  });
  assert.equal(noBook.status, 409);
  const onCollection = await fixture.request('PUT', BOOK, { headers: VCARD, body: card('x', 'x') });
  assert.equal(onCollection.status, 405);
  const badUtf8 = await fetch(`${fixture.base}${BOOK}u.vcf`, {
    method: 'PUT',
    headers: { ...VCARD, Authorization: fixture.authorization('paul') },
    body: Buffer.from([0x42, 0xff, 0xfe]),
  });
  assert.equal(badUtf8.status, 400);
  assert.equal((await fixture.request('GET', `${BOOK}x.vcf`)).status, 404);
});

test('DELETE removes a card (204), then it is 404', async (t) => {
  const fixture = await openDavFixture(t);
  const created = await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A') });
  const del = await fixture.request('DELETE', `${BOOK}a.vcf`, {
    headers: { 'If-Match': created.headers.get('etag') ?? '' },
  });
  assert.equal(del.status, 204);
  assert.equal((await fixture.request('GET', `${BOOK}a.vcf`)).status, 404);
  assert.equal((await fixture.request('DELETE', `${BOOK}a.vcf`)).status, 404);
});

test('GET of a book is the .vcf of its cards; COPY, MOVE and LOCK are 501', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A') });
  await fixture.request('PUT', `${BOOK}b.vcf`, { headers: VCARD, body: card('b', 'B') });
  const all = await fixture.request('GET', BOOK);
  assert.equal(all.status, 200);
  assert.equal(all.text.match(/BEGIN:VCARD/g)?.length, 2);
  for (const method of ['COPY', 'MOVE', 'LOCK', 'UNLOCK'])
    assert.equal((await fixture.request(method, `${BOOK}a.vcf`)).status, 501, method);
  assert.equal((await fixture.request('GET', '/dav/addressbooks/paul@ac-test.fr/')).status, 405);
});

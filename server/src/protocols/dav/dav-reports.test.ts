import assert from 'node:assert/strict';
import { test } from 'node:test';
import { card, openDavFixture, PROPFIND_XML } from './dav.fixture.ts';

const BOOK = '/dav/addressbooks/paul@ac-test.fr/contacts/';
const VCARD = { 'Content-Type': 'text/vcard' };

const syncBody = (token: string) => `<?xml version="1.0"?>
<d:sync-collection xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">
  <d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level>
  <d:prop><d:getetag/></d:prop>
</d:sync-collection>`;

function tokenOf(text: string): string {
  const token = /<d:sync-token>([^<]*)<\/d:sync-token>/.exec(text)?.[1];
  assert.ok(token, 'a sync token');
  return token;
}

test('sync-collection: initial sync, then changes and removals since the token, then invalid tokens', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A') });
  await fixture.request('PUT', `${BOOK}b.vcf`, { headers: VCARD, body: card('b', 'B') });
  const initial = await fixture.request('REPORT', BOOK, {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: syncBody(''),
  });
  assert.equal(initial.status, 207);
  assert.equal(initial.text.match(/<d:getetag>/g)?.length, 2);
  const token = tokenOf(initial.text);

  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A2') });
  await fixture.request('DELETE', `${BOOK}b.vcf`);
  const delta = await fixture.request('REPORT', BOOK, {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: syncBody(token),
  });
  assert.equal(delta.status, 207);
  assert.match(
    delta.text,
    /<d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/contacts\/a\.vcf<\/d:href><d:propstat>/,
  );
  assert.match(
    delta.text,
    /<d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/contacts\/b\.vcf<\/d:href><d:status>HTTP\/1\.1 404 Not Found<\/d:status>/,
  );
  assert.notEqual(tokenOf(delta.text), token);

  const quiet = await fixture.request('REPORT', BOOK, {
    headers: PROPFIND_XML,
    body: syncBody(tokenOf(delta.text)),
  });
  assert.doesNotMatch(quiet.text, /<d:response>/);

  for (const bad of ['garbage', 'http://vercors.fr/ns/sync/999999999']) {
    const refused = await fixture.request('REPORT', BOOK, { headers: PROPFIND_XML, body: syncBody(bad) });
    assert.equal(refused.status, 403, bad);
    assert.match(refused.text, /valid-sync-token/);
  }
});

test('addressbook-multiget returns the asked cards with address-data, and 404 for the others', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, {
    headers: VCARD,
    body: card('a', 'Anne', ['EMAIL:anne@example.org']),
  });
  const answer = await fixture.request('REPORT', BOOK, {
    headers: { Depth: '1', ...PROPFIND_XML },
    body: `<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">
      <d:prop><d:getetag/><c:address-data><c:prop name="FN"/></c:address-data></d:prop>
      <d:href>${BOOK}a.vcf</d:href><d:href>${BOOK}missing.vcf</d:href>
      <d:href>/dav/addressbooks/marie@ac-test.fr/contacts/a.vcf</d:href>
    </c:addressbook-multiget>`,
  });
  assert.equal(answer.status, 207);
  assert.match(
    answer.text,
    /<card:address-data>BEGIN:VCARD\r?\nVERSION:3\.0\r?\nUID:a\r?\nFN:Anne\r?\nEND:VCARD\r?\n<\/card:address-data>/,
  );
  assert.doesNotMatch(answer.text, /anne@example\.org/, 'only the asked properties');
  assert.equal(answer.text.match(/404 Not Found/g)?.length, 2);
});

test('addressbook-query filters with text-match and param-filter, honours nresults and refuses unknown collations', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, {
    headers: VCARD,
    body: card('a', 'Élodie Martin', ['EMAIL;TYPE=WORK:elodie@ac-grenoble.fr']),
  });
  await fixture.request('PUT', `${BOOK}b.vcf`, {
    headers: VCARD,
    body: card('b', 'Bruno Petit', ['EMAIL;TYPE=HOME:bruno@example.org']),
  });
  await fixture.request('PUT', `${BOOK}c.vcf`, { headers: VCARD, body: card('c', 'Claire Martin') });
  const query = (filter: string, extra = '') =>
    fixture.request('REPORT', BOOK, {
      headers: { Depth: '1', ...PROPFIND_XML },
      body: `<c:addressbook-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">
        <d:prop><d:getetag/></d:prop><c:filter ${filter}</c:filter>${extra}</c:addressbook-query>`,
    });
  const hrefs = (text: string) => [...text.matchAll(/contacts\/(\w)\.vcf/g)].map((m) => m[1]).sort();

  assert.deepEqual(
    hrefs(
      (await query('><c:prop-filter name="FN"><c:text-match>martin</c:text-match></c:prop-filter>')).text,
    ),
    ['a', 'c'],
  );
  assert.deepEqual(
    hrefs(
      (
        await query(
          '><c:prop-filter name="FN"><c:text-match match-type="starts-with">élodie</c:text-match></c:prop-filter>',
        )
      ).text,
    ),
    ['a'],
  );
  assert.deepEqual(
    hrefs((await query('><c:prop-filter name="EMAIL"><c:is-not-defined/></c:prop-filter>')).text),
    ['c'],
  );
  assert.deepEqual(
    hrefs(
      (
        await query(
          'test="allof"><c:prop-filter name="FN"><c:text-match>martin</c:text-match></c:prop-filter><c:prop-filter name="EMAIL"/>',
        )
      ).text,
    ),
    ['a'],
  );
  assert.deepEqual(
    hrefs(
      (
        await query(
          '><c:prop-filter name="EMAIL"><c:param-filter name="TYPE"><c:text-match match-type="equals">home</c:text-match></c:param-filter></c:prop-filter>',
        )
      ).text,
    ),
    ['b'],
  );
  assert.deepEqual(
    hrefs(
      (
        await query(
          '><c:prop-filter name="FN"><c:text-match negate-condition="yes">martin</c:text-match></c:prop-filter>',
        )
      ).text,
    ),
    ['b'],
  );
  const limited = await query('>', '<c:limit><c:nresults>2</c:nresults></c:limit>');
  assert.equal(limited.text.match(/<d:getetag>/g)?.length, 2);
  assert.match(limited.text, /507 Insufficient Storage/);
  const collation = await query(
    '><c:prop-filter name="FN"><c:text-match collation="i;klingon">x</c:text-match></c:prop-filter>',
  );
  assert.equal(collation.status, 403);
  assert.match(collation.text, /supported-collation/);
});

test('an unknown report, or a report on a card, is 403 supported-report', async (t) => {
  const fixture = await openDavFixture(t);
  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A') });
  const unknown = await fixture.request('REPORT', BOOK, {
    headers: PROPFIND_XML,
    body: '<x:whatever xmlns:x="urn:x"/>',
  });
  assert.equal(unknown.status, 403);
  assert.match(unknown.text, /supported-report/);
  const onCard = await fixture.request('REPORT', `${BOOK}a.vcf`, {
    headers: PROPFIND_XML,
    body: syncBody(''),
  });
  assert.equal(onCard.status, 403);
});

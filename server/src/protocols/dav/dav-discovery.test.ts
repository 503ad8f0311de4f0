import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDavFixture, PROPFIND_XML } from './dav.fixture.ts';

const PRINCIPAL_PROPS = `<?xml version="1.0"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">
  <d:prop><d:current-user-principal/><c:addressbook-home-set/><d:displayname/><d:unknown-prop/></d:prop>
</d:propfind>`;

test('/.well-known/carddav redirects to the context path, without credentials', async (t) => {
  const fixture = await openDavFixture(t);
  for (const method of ['GET', 'PROPFIND']) {
    const answer = await fixture.request(method, '/.well-known/carddav', { who: null });
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.get('location'), '/dav/');
  }
});

test('OPTIONS names the DAV classes and methods, without credentials', async (t) => {
  const fixture = await openDavFixture(t);
  const answer = await fixture.request('OPTIONS', '/dav/addressbooks/paul@ac-test.fr/contacts/', {
    who: null,
  });
  assert.equal(answer.status, 200);
  assert.match(answer.headers.get('dav') ?? '', /^1, 3, addressbook/);
  assert.match(answer.headers.get('allow') ?? '', /PROPFIND/);
  assert.match(answer.headers.get('allow') ?? '', /REPORT/);
});

test('without or with wrong credentials the answer is 401 with a Basic challenge', async (t) => {
  const fixture = await openDavFixture(t);
  const none = await fixture.request('PROPFIND', '/dav/', { who: null, headers: { Depth: '0' } });
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate') ?? '', /^Basic realm="Vercors"/);
  const wrong = await fetch(`${fixture.base}/dav/`, {
    method: 'PROPFIND',
    headers: { Depth: '0', Authorization: `Basic ${Buffer.from('paul@ac-test.fr:nope').toString('base64')}` },
  });
  assert.equal(wrong.status, 401);
});

test('discovery: the context path names the principal, the principal names the home', async (t) => {
  const fixture = await openDavFixture(t);
  const root = await fixture.request('PROPFIND', '/dav/', {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: PRINCIPAL_PROPS,
  });
  assert.equal(root.status, 207);
  assert.match(
    root.text,
    /<d:current-user-principal><d:href>\/dav\/principals\/paul@ac-test\.fr\/<\/d:href>/,
  );
  assert.match(root.text, /<d:unknown-prop\/>.*404 Not Found/s);

  const principal = await fixture.request('PROPFIND', '/dav/principals/paul@ac-test.fr/', {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: PRINCIPAL_PROPS,
  });
  assert.equal(principal.status, 207);
  assert.match(
    principal.text,
    /<card:addressbook-home-set><d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/<\/d:href>/,
  );
});

test('the home lists the books with their CardDAV properties (Depth 1)', async (t) => {
  const fixture = await openDavFixture(t);
  const home = await fixture.request('PROPFIND', '/dav/addressbooks/paul@ac-test.fr/', {
    headers: { Depth: '1', ...PROPFIND_XML },
    body: `<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/">
      <d:prop><d:resourcetype/><d:displayname/><d:sync-token/><cs:getctag/><c:supported-address-data/>
      <c:max-resource-size/><d:current-user-privilege-set/><d:supported-report-set/></d:prop></d:propfind>`,
  });
  assert.equal(home.status, 207);
  assert.match(home.text, /<d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/contacts\/<\/d:href>/);
  assert.match(home.text, /<d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/collected\/<\/d:href>/);
  assert.match(home.text, /<d:resourcetype><d:collection\/><card:addressbook\/><\/d:resourcetype>/);
  assert.match(home.text, /<d:displayname>Adresses collectées<\/d:displayname>/);
  assert.match(home.text, /<d:sync-token>http:\/\/vercors\.fr\/ns\/sync\/\d+<\/d:sync-token>/);
  assert.match(home.text, /<card:address-data-type content-type="text\/vcard" version="4\.0"\/>/);
  assert.match(home.text, /<d:privilege><d:write\/><\/d:privilege>/);
  assert.match(home.text, /<card:addressbook-multiget\/>/);
});

test('allprop, propname, and Depth infinity', async (t) => {
  const fixture = await openDavFixture(t);
  const book = '/dav/addressbooks/paul@ac-test.fr/contacts/';
  const allprop = await fixture.request('PROPFIND', book, { headers: { Depth: '0' } });
  assert.equal(allprop.status, 207);
  assert.match(allprop.text, /<d:displayname>Contacts<\/d:displayname>/);
  assert.doesNotMatch(allprop.text, /supported-report-set/);
  const names = await fixture.request('PROPFIND', book, {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: '<propfind xmlns="DAV:"><propname/></propfind>',
  });
  assert.match(names.text, /<d:displayname\/>/);
  const infinite = await fixture.request('PROPFIND', book, { headers: { Depth: 'infinity' } });
  assert.equal(infinite.status, 403);
  assert.match(infinite.text, /propfind-finite-depth/);
  const absent = await fixture.request('PROPFIND', book);
  assert.equal(absent.status, 403, 'no Depth means infinity (RFC 4918 §9.1)');
});

test("another account's principal, home and books are not found", async (t) => {
  const fixture = await openDavFixture(t);
  for (const path of [
    '/dav/principals/marie@ac-test.fr/',
    '/dav/addressbooks/marie@ac-test.fr/',
    '/dav/addressbooks/marie@ac-test.fr/contacts/',
    '/dav/addressbooks/nobody@ac-test.fr/contacts/',
    '/dav/elsewhere/',
  ]) {
    const answer = await fixture.request('PROPFIND', path, { headers: { Depth: '0' } });
    assert.equal(answer.status, 404, path);
  }
  const put = await fixture.request('PUT', '/dav/addressbooks/marie@ac-test.fr/contacts/x.vcf', {
    headers: { 'Content-Type': 'text/vcard' },
    body: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n',
  });
  assert.equal(put.status, 404);
});

test('hostile XML is refused: DOCTYPE, malformed, too deep, too large', async (t) => {
  const fixture = await openDavFixture(t);
  const book = '/dav/addressbooks/paul@ac-test.fr/contacts/';
  const send = (body: string) =>
    fixture.request('PROPFIND', book, { headers: { Depth: '0', ...PROPFIND_XML }, body });
  const doctype = await send(
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><propfind xmlns="DAV:"><allprop/></propfind>',
  );
  assert.equal(doctype.status, 400);
  assert.equal((await send('<propfind xmlns="DAV:"><prop>')).status, 400);
  assert.equal((await send(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).status, 400);
  assert.equal(
    (await send(`<propfind xmlns="DAV:"><prop>${'<displayname/>'.repeat(200_000)}</prop></propfind>`)).status,
    413,
  );
  assert.equal((await fixture.request('PROPFIND', book, { headers: { Depth: 'two' } })).status, 400);
});

test('an app password of scope dav or all logs in; one of scope mail is refused', async (t) => {
  const fixture = await openDavFixture(t);
  const { identity } = fixture.services;
  const make = async (scope: 'mail' | 'dav' | 'all') =>
    (await identity.createAppPassword(fixture.accounts.paul, { name: `phone ${scope}`, scope }, {})).secret;
  for (const [scope, status] of [
    ['dav', 207],
    ['all', 207],
    ['mail', 401],
  ] as const) {
    const secret = await make(scope);
    const answer = await fetch(`${fixture.base}/dav/addressbooks/paul@ac-test.fr/`, {
      method: 'PROPFIND',
      headers: {
        Depth: '0',
        Authorization: `Basic ${Buffer.from(`paul@ac-test.fr:${secret}`).toString('base64')}`,
      },
    });
    assert.equal(answer.status, status, scope);
  }
});

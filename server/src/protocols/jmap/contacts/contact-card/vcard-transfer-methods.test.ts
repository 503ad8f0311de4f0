// ContactCard/importVCard and /exportVCard over HTTP (urn:vercors:jmap, docs/jmap.md "Vercors additions"): an
// uploaded .vcf read into a book with its report (created, updated, unchanged, refused cards by line), the
// bounds and refusals (another account's book, a blob that is not there or not UTF-8), and a book exported as
// a downloadable blob that imports back unchanged.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { Answer, JmapFixture, Who } from '../../jmap.fixture.ts';
import { openJmapFixture } from '../../jmap.fixture.ts';

const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.contacts, JMAP_CAPABILITIES.vercors];

async function call(
  fixture: JmapFixture,
  name: string,
  args: Record<string, unknown>,
  options: { who?: Who; using?: readonly string[] } = {},
): Promise<Answer> {
  const who = options.who ?? 'paul';
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts[who], ...args }, 'c']], {
    using: options.using ?? USING,
    who,
  });
  const [responseName, result] = responses[0] ?? [];
  return responseName === 'error' ? { error: result.type, reason: result.reason } : result;
}

async function books(
  fixture: JmapFixture,
  who: Who = 'paul',
): Promise<{ contacts: string; collected: string }> {
  const { list } = await call(fixture, 'AddressBook/get', {}, { who });
  const contacts = list.find((book: Answer) => book.isDefault).id;
  const collected = list.find((book: Answer) => !book.isDefault).id;
  return { contacts, collected };
}

async function upload(fixture: JmapFixture, body: string | Uint8Array, who: Who = 'paul'): Promise<string> {
  const response = await fetch(`${fixture.base}/jmap/upload/${fixture.accounts[who]}/`, {
    method: 'POST',
    headers: { authorization: fixture.authorization(who), 'content-type': 'text/vcard' },
    body,
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { blobId: string }).blobId;
}

function card(uid: string, fn: string, extra = ''): string {
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${fn}\r\nN:${fn};;;;\r\n${extra}END:VCARD\r\n`;
}

test('an uploaded file is imported into the book: created, updated by UID, unchanged, refused with lines', async (t) => {
  const fixture = await openJmapFixture(t);
  const { contacts } = await books(fixture);
  const first = await call(fixture, 'ContactCard/importVCard', {
    addressBookId: contacts,
    blobId: await upload(fixture, card('u1', 'Anne Leroy') + card('u2', 'Bruno Petit')),
  });
  assert.deepEqual(first, {
    accountId: fixture.accounts.paul,
    addressBookId: contacts,
    created: 2,
    updated: 0,
    unchanged: 0,
    rejected: [],
  });
  // A BOM, a card changed, one the same, a vCard 2.1, a repeated UID and a card cut short.
  const file = [
    '\uFEFF',
    card('u1', 'Anne Leroy-Martin'),
    card('u2', 'Bruno Petit'),
    'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Vieux\r\nEND:VCARD\r\n',
    card('u3', 'Chloé Roux', 'EMAIL;TYPE=WORK:chloe.roux@ac-test.fr\r\n'),
    card('u3', 'Chloé Doublon'),
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Coupé\r\n',
  ].join('');
  const second = await call(fixture, 'ContactCard/importVCard', {
    addressBookId: contacts,
    blobId: await upload(fixture, file),
  });
  assert.deepEqual(
    { created: second.created, updated: second.updated, unchanged: second.unchanged },
    { created: 1, updated: 1, unchanged: 1 },
  );
  assert.deepEqual(second.rejected, [
    { line: 13, reason: 'unsupportedVersion' },
    { line: 24, reason: 'duplicateUid' },
    { line: 30, reason: 'unterminated' },
  ]);
  const query = await call(fixture, 'ContactCard/query', {
    filter: { inAddressBook: contacts },
    sort: [{ property: 'name/surname' }],
  });
  const got = await call(fixture, 'ContactCard/get', { ids: query.ids, properties: ['name', 'emails'] });
  assert.deepEqual(
    got.list.map((found: Answer) => found.name.full),
    ['Anne Leroy-Martin', 'Bruno Petit', 'Chloé Roux'],
  );
  // The import wrote the change log: the cards come with the next ContactCard/changes.
  const changes = await call(fixture, 'ContactCard/changes', { sinceState: '0' });
  assert.equal(changes.created.length, 3);
});

test('an import is refused for another account, another account’s book, a missing blob and non-UTF-8 text', async (t) => {
  const fixture = await openJmapFixture(t);
  const paulBooks = await books(fixture, 'paul');
  const marieBooks = await books(fixture, 'marie');
  const blobId = await upload(fixture, card('x1', 'Xavier'));
  // Paul names Marie's book in his own account: no such book for him.
  assert.equal(
    (await call(fixture, 'ContactCard/importVCard', { addressBookId: marieBooks.contacts, blobId })).error,
    'invalidArguments',
  );
  // Marie names Paul's account.
  const { responses } = await fixture.api(
    [
      [
        'ContactCard/importVCard',
        { accountId: fixture.accounts.paul, addressBookId: paulBooks.contacts, blobId },
        'c',
      ],
    ],
    { using: USING, who: 'marie' },
  );
  assert.equal(responses[0]?.[1].type, 'accountNotFound');
  // Marie cannot read Paul's upload either.
  const missing = await call(
    fixture,
    'ContactCard/importVCard',
    { addressBookId: marieBooks.contacts, blobId },
    { who: 'marie' },
  );
  assert.deepEqual(missing, { error: 'invalidArguments', reason: 'blobNotFound' });
  const latin1 = await call(fixture, 'ContactCard/importVCard', {
    addressBookId: paulBooks.contacts,
    blobId: await upload(fixture, Buffer.from(card('l1', 'Hélène'), 'latin1')),
  });
  assert.deepEqual(latin1, { error: 'invalidArguments', reason: 'notUtf8' });
  // Nothing was written anywhere.
  for (const who of ['paul', 'marie'] as const) {
    const query = await call(fixture, 'ContactCard/query', {}, { who });
    assert.deepEqual(query.ids, [], who);
  }
  // The methods are Vercors additions: without urn:vercors:jmap in `using` they are unknown.
  const unknown = await call(
    fixture,
    'ContactCard/exportVCard',
    { addressBookId: paulBooks.contacts },
    { using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.contacts] },
  );
  assert.equal(unknown.error, 'unknownMethod');
});

test('an export is a downloadable .vcf of the book that imports back into another book unchanged', async (t) => {
  const fixture = await openJmapFixture(t);
  const { contacts, collected } = await books(fixture);
  const set = await call(fixture, 'ContactCard/set', {
    create: {
      a: {
        addressBookIds: { [contacts]: true },
        name: { full: 'Denise Faure' },
        emails: { e1: { address: 'denise.faure@ac-test.fr' } },
      },
    },
  });
  assert.equal(set.notCreated, null);
  await call(fixture, 'ContactCard/importVCard', {
    addressBookId: contacts,
    blobId: await upload(fixture, card('e1', 'Émile Zola', 'NOTE:Écrivain\\, journaliste\r\n')),
  });
  const exported = await call(fixture, 'ContactCard/exportVCard', { addressBookId: contacts });
  assert.equal(exported.addressBookId, contacts);
  assert.equal(exported.type, 'text/vcard; charset=utf-8');
  assert.match(exported.blobId, /^u/);
  const response = await fetch(
    `${fixture.base}/jmap/download/${fixture.accounts.paul}/${exported.blobId}/contacts.vcf?accept=text/vcard`,
    { headers: { authorization: fixture.authorization('paul') } },
  );
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.equal(Buffer.byteLength(text), exported.size);
  assert.equal(text.match(/^BEGIN:VCARD\r$/gm)?.length, 2);
  assert.match(text, /FN:Denise Faure/);
  assert.match(text, /NOTE:Écrivain\\, journaliste/);
  // Marie cannot download Paul's export.
  const foreign = await fetch(
    `${fixture.base}/jmap/download/${fixture.accounts.marie}/${exported.blobId}/contacts.vcf?accept=text/vcard`,
    { headers: { authorization: fixture.authorization('marie') } },
  );
  assert.equal(foreign.status, 404);
  // The export imported into the (empty) collected book: both cards created; again: both unchanged.
  const again = await call(fixture, 'ContactCard/importVCard', {
    addressBookId: collected,
    blobId: exported.blobId,
  });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.rejected], [2, 0, 0, []]);
  const back = await call(fixture, 'ContactCard/importVCard', {
    addressBookId: contacts,
    blobId: exported.blobId,
  });
  assert.deepEqual([back.created, back.updated, back.unchanged], [0, 0, 2]);
  // An empty book exports an empty file.
  const { list } = await call(fixture, 'AddressBook/get', {}, { who: 'marie' });
  const empty = await call(
    fixture,
    'ContactCard/exportVCard',
    { addressBookId: list[0].id },
    { who: 'marie' },
  );
  assert.equal(empty.size, 0);
});

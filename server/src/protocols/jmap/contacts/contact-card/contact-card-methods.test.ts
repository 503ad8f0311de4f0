// ContactCard/get, /changes, /set, /query and /queryChanges over HTTP (RFC 9610 §3, docs/jmap.md "Contacts"):
// JSContact cards over the vCards CardDAV stores, written through the contacts module so both protocols see
// the same cards, modseqs and ETags; and push reports AddressBook and ContactCard.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { maintenanceJobs } from '../../../../main.ts';
import { type JmapFixture, openJmapFixture } from '../../jmap.fixture.ts';
import { CONTACTS_USING, callContacts as call } from '../contacts.fixture.ts';

async function defaultBook(fixture: JmapFixture): Promise<string> {
  const books = await call(fixture, 'AddressBook/get', {});
  return books.list.find((book: { isDefault: boolean }) => book.isDefault).id;
}

async function create<Key extends string>(
  fixture: JmapFixture,
  cards: Record<Key, Record<string, unknown>>,
): Promise<{ ids: Record<Key, string>; state: string }> {
  const set = await call(fixture, 'ContactCard/set', { create: cards });
  assert.equal(set.notCreated, null, JSON.stringify(set.notCreated));
  const ids = Object.fromEntries(
    Object.entries(set.created as Record<string, { id: string }>).map(([key, { id }]) => [key, id]),
  ) as Record<Key, string>;
  return { ids, state: set.newState };
}

const JEAN = {
  name: {
    components: [
      { kind: 'given', value: 'Jean' },
      { kind: 'surname', value: 'Dupont' },
    ],
    full: 'Jean Dupont',
  },
  emails: { e1: { address: 'jean.dupont@ac-grenoble.fr', contexts: { work: true }, pref: 1 } },
  phones: { p1: { number: '+33 6 12 34 56 78', features: { mobile: true } } },
  organizations: { o1: { name: 'Lycée Champollion', units: [{ name: 'Mathématiques' }] } },
  titles: { t1: { name: 'Professeur', kind: 'title' } },
  addresses: {
    a1: {
      components: [
        { kind: 'name', value: '1 rue Hébert' },
        { kind: 'locality', value: 'Grenoble' },
        { kind: 'postcode', value: '38000' },
      ],
      countryCode: 'fr',
      contexts: { work: true },
    },
  },
  notes: { n1: { note: 'Coordinateur du bac\nSalle 12' } },
  anniversaries: { b1: { kind: 'birth', date: { year: 1980, month: 4, day: 12 } } },
  nicknames: { k1: { name: 'JD' } },
  links: { l1: { uri: 'https://champollion.fr' } },
  onlineServices: { s1: { uri: 'xmpp:jean@champollion.fr' } },
};

test('ContactCard/set creates cards in the default book, and refuses bad properties', async (t) => {
  const fixture = await openJmapFixture(t);
  const bookId = await defaultBook(fixture);
  const set = await call(fixture, 'ContactCard/set', {
    create: {
      jean: JEAN,
      bare: { addressBookIds: { [bookId]: true } },
      group: { kind: 'group', name: { full: 'Équipe' }, members: { 'urn:uuid:a': true }, uid: 'g-1' },
      sameUid: { uid: 'g-1' },
      twoBooks: { addressBookIds: { [bookId]: true, abOther: true } },
      noBook: { addressBookIds: { abNone: true } },
      serverSet: { created: '2020-01-01T00:00:00Z' },
      membersNoGroup: { members: { 'urn:uuid:b': true } },
      badEmail: { emails: { e1: { addres: 'x@y.fr' } } },
      badKind: { kind: 'robot' },
      control: { name: { full: 'a\u0007b' } },
      unknown: { photos: {} },
      tooMany: {
        emails: Object.fromEntries(
          Array.from({ length: 101 }, (_, i) => [`e${i}`, { address: `a${i}@b.fr` }]),
        ),
      },
    },
  });
  assert.deepEqual(Object.keys(set.created).sort(), ['bare', 'group', 'jean']);
  const jean = set.created.jean;
  assert.deepEqual(Object.keys(jean).sort(), [
    '@type',
    'addressBookIds',
    'created',
    'id',
    'kind',
    'uid',
    'updated',
    'version',
  ]);
  assert.deepEqual(jean.addressBookIds, { [bookId]: true });
  assert.match(jean.uid, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(jean.kind, 'individual');
  assert.match(jean.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
  assert.equal(set.notCreated.sameUid.type, 'alreadyExists');
  const expected: Record<string, string[]> = {
    twoBooks: ['addressBookIds'],
    noBook: ['addressBookIds'],
    serverSet: ['created'],
    membersNoGroup: ['members'],
    badEmail: ['emails'],
    badKind: ['kind'],
    control: ['name'],
    unknown: ['photos'],
    tooMany: ['emails'],
  };
  for (const [creationId, properties] of Object.entries(expected)) {
    assert.equal(set.notCreated[creationId]?.type, 'invalidProperties', creationId);
    assert.deepEqual(set.notCreated[creationId].properties, properties, creationId);
  }

  const got = await call(fixture, 'ContactCard/get', { ids: [jean.id, set.created.group.id, 'cNone'] });
  assert.equal(got.state, set.newState);
  assert.deepEqual(got.notFound, ['cNone']);
  const [shown, group] = got.list;
  assert.deepEqual(shown, { ...JEAN, ...jean });
  assert.deepEqual(group.members, { 'urn:uuid:a': true });
  assert.equal(group.kind, 'group');
  const some = await call(fixture, 'ContactCard/get', { ids: [jean.id], properties: ['emails', 'uid'] });
  assert.deepEqual(some.list, [{ id: jean.id, emails: JEAN.emails, uid: jean.uid }]);
  assert.equal(
    (await call(fixture, 'ContactCard/get', { properties: ['photos'] })).error,
    'invalidArguments',
  );
  assert.equal((await call(fixture, 'ContactCard/get', {})).list.length, 3);
  // Marie sees none of Paul's cards, and cannot put one in his book.
  assert.deepEqual((await call(fixture, 'ContactCard/get', { ids: [jean.id] }, 'marie')).notFound, [jean.id]);
  const intruder = await call(
    fixture,
    'ContactCard/set',
    { create: { x: { addressBookIds: { [bookId]: true } } } },
    'marie',
  );
  assert.deepEqual(intruder.notCreated.x.properties, ['addressBookIds']);

  // The card is a vCard the CardDAV side reads: same book, columns extracted.
  const [stored] = await fixture.services.contacts
    .listCards({ accountId: fixture.accounts.paul }, fixture.accounts.paul, 'contacts')
    .then((cards) => cards.filter((card) => card.id === jean.id));
  assert.ok(stored);
  assert.deepEqual(
    [stored.givenName, stored.familyName, stored.emails],
    ['Jean', 'Dupont', ['jean.dupont@ac-grenoble.fr']],
  );
  assert.match(stored.vcard, /^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
});

test('ContactCard/set updates by patch, keeps what JSContact does not model, and destroys', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = fixture.accounts.paul;
  const actor = { accountId: paul };
  // A card a phone wrote over CardDAV, with a photo and Apple properties.
  const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${'QUJD'.repeat(40)}`;
  const put = await fixture.services.contacts.putCard(
    actor,
    paul,
    'contacts',
    'phone-1.vcf',
    [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:phone-1',
      'FN:Claire Martin',
      'N:Martin;Claire;;;',
      'EMAIL;TYPE=INTERNET,HOME:claire@example.org',
      photo,
      'X-ABShowAs:PERSON',
      'END:VCARD',
      '',
    ].join('\r\n'),
  );
  const id = put.card.id;
  const before = await call(fixture, 'ContactCard/get', { ids: [id] });
  assert.deepEqual(before.list[0].emails, {
    e1: { address: 'claire@example.org', contexts: { private: true } },
  });

  const changed = await call(fixture, 'ContactCard/set', {
    ifInState: before.state,
    update: {
      [id]: {
        'name/full': 'Claire Martin-Roux',
        'emails/e2': { address: 'claire.martin@ac-grenoble.fr', contexts: { work: true } },
        'emails/e1/pref': 1,
        notes: { n1: { note: 'Vue au conseil' } },
      },
    },
  });
  assert.deepEqual(Object.keys(changed.updated[id]), ['updated']);
  const after = (await call(fixture, 'ContactCard/get', { ids: [id] })).list[0];
  assert.equal(after.name.full, 'Claire Martin-Roux');
  assert.deepEqual(after.name.components, before.list[0].name.components);
  assert.deepEqual(after.emails, {
    e1: { address: 'claire@example.org', contexts: { private: true }, pref: 1 },
    e2: { address: 'claire.martin@ac-grenoble.fr', contexts: { work: true } },
  });
  assert.deepEqual(after.notes, { n1: { note: 'Vue au conseil' } });
  const [stored] = await fixture.services.contacts.getCards(actor, paul, 'contacts', ['phone-1.vcf']);
  assert.ok(stored);
  assert.ok(stored.vcard.replace(/\r\n /g, '').includes(photo), 'the photo stays');
  assert.match(stored.vcard, /\r\nX-ABShowAs:PERSON\r\n/);
  assert.match(stored.vcard, /\r\nUID:phone-1\r\n/);
  assert.notEqual(stored.etag, put.card.etag);

  const refused = await call(fixture, 'ContactCard/set', {
    update: {
      [id]: { uid: 'other' },
      cNone: { notes: null },
    },
  });
  assert.deepEqual(refused.notUpdated[id].properties, ['uid']);
  assert.equal(refused.notUpdated.cNone.type, 'notFound');
  const patches: [Record<string, unknown>, string, string[]?][] = [
    [{ 'emails/e9/address': 'x@y.fr' }, 'invalidPatch'],
    [{ 'emails/e1': { address: 'a@b.fr' }, 'emails/e1/pref': 2 }, 'invalidPatch'],
    [{ 'name/components/0/value': 'X' }, 'invalidPatch'],
    [{ addressBookIds: { abOther: true } }, 'invalidProperties', ['addressBookIds']],
    [{ created: '2020-01-01T00:00:00Z' }, 'invalidProperties', ['created']],
    [{ 'emails/e1/address': '' }, 'invalidProperties', ['emails']],
    [{ phones: { p1: { number: 'x', color: 'red' } } }, 'invalidProperties', ['phones']],
    [{ photos: {} }, 'invalidProperties', ['photos']],
  ];
  for (const [patch, type, properties] of patches) {
    const answer = await call(fixture, 'ContactCard/set', { update: { [id]: patch } });
    assert.equal(answer.notUpdated?.[id]?.type, type, JSON.stringify(patch));
    if (properties !== undefined)
      assert.deepEqual(answer.notUpdated[id].properties, properties, JSON.stringify(patch));
  }
  // Removing a property by null.
  await call(fixture, 'ContactCard/set', { update: { [id]: { notes: null, 'emails/e2': null } } });
  const trimmed = (await call(fixture, 'ContactCard/get', { ids: [id] })).list[0];
  assert.equal(trimmed.notes, undefined);
  assert.deepEqual(Object.keys(trimmed.emails), ['e1']);
  assert.equal((await call(fixture, 'ContactCard/set', { ifInState: before.state })).error, 'stateMismatch');

  const destroyed = await call(fixture, 'ContactCard/set', { destroy: [id, 'cNone'] });
  assert.deepEqual(destroyed.destroyed, [id]);
  assert.equal(destroyed.notDestroyed.cNone.type, 'notFound');
  assert.deepEqual(await fixture.services.contacts.getCards(actor, paul, 'contacts', ['phone-1.vcf']), []);
  const marie = await call(fixture, 'ContactCard/set', { destroy: [id] }, 'marie');
  assert.equal(marie.notDestroyed[id].type, 'notFound');
});

test('ContactCard/changes reports JMAP and CardDAV writes alike, and the sync sees JMAP writes', async (t) => {
  const clock = fixedClock(new Date());
  const fixture = await openJmapFixture(t, { clock });
  const paul = fixture.accounts.paul;
  const actor = { accountId: paul };
  const start = await call(fixture, 'ContactCard/get', { ids: [] });
  const sync = await fixture.services.contacts.changesSince(actor, paul, 'contacts', undefined);
  const { ids, state } = await create(fixture, { a: { name: { full: 'A' } }, b: { name: { full: 'B' } } });
  // What CardDAV's sync-collection reads: the JMAP card, in its book, since the client's token.
  const synced = await fixture.services.contacts.changesSince(actor, paul, 'contacts', sync.modseq);
  assert.deepEqual(synced.changed.map((card) => card.id).sort(), [ids.a, ids.b].sort());
  // A CardDAV PUT shows in ContactCard/changes.
  const put = await fixture.services.contacts.putCard(
    actor,
    paul,
    'contacts',
    'dav.vcf',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:dav-1\r\nFN:Par DAV\r\nN:;;;;\r\nEND:VCARD\r\n',
  );
  await call(fixture, 'ContactCard/set', { update: { [ids.a]: { 'name/full': 'A2' } }, destroy: [ids.b] });
  const all = await call(fixture, 'ContactCard/changes', { sinceState: start.state });
  assert.deepEqual([...all.created].sort(), [ids.a, put.card.id].sort());
  assert.deepEqual(all.destroyed, []);
  const later = await call(fixture, 'ContactCard/changes', { sinceState: state });
  assert.deepEqual(later.created, [put.card.id]);
  assert.deepEqual(later.updated, [ids.a]);
  assert.deepEqual(later.destroyed, [ids.b]);
  const paged = await call(fixture, 'ContactCard/changes', { sinceState: start.state, maxChanges: 1 });
  assert.equal(paged.hasMoreChanges, true);
  assert.equal(
    (await call(fixture, 'ContactCard/changes', { sinceState: 'x' })).error,
    'cannotCalculateChanges',
  );
  // After the log is pruned past a state, that state cannot be answered.
  clock.advance(31 * 86_400_000);
  const prune = maintenanceJobs(fixture.services, silentLogger()).find(
    (job) => job.name === 'prune-change-log',
  );
  await prune?.run();
  assert.equal(
    (await call(fixture, 'ContactCard/changes', { sinceState: start.state })).error,
    'cannotCalculateChanges',
  );
  const now = await call(fixture, 'ContactCard/get', { ids: [] });
  const fresh = await call(fixture, 'ContactCard/changes', { sinceState: now.state });
  assert.deepEqual([fresh.created, fresh.updated, fresh.destroyed], [[], [], []]);
});

test('ContactCard/query filters and sorts, and queryChanges keeps a list exact', async (t) => {
  const fixture = await openJmapFixture(t);
  const books = await call(fixture, 'AddressBook/set', { create: { work: { name: 'Travail' } } });
  const workId = books.created.work.id;
  const { ids } = await create(fixture, {
    jean: JEAN,
    helene: {
      addressBookIds: { [workId]: true },
      name: {
        components: [
          { kind: 'given', value: 'Hélène' },
          { kind: 'surname', value: 'Arnaud' },
        ],
      },
      emails: { e1: { address: 'helene.arnaud@ac-grenoble.fr' } },
      phones: { p1: { number: '04 76 11 22 33' } },
    },
    group: { kind: 'group', uid: 'grp', name: { full: 'Conseil' }, members: { 'urn:uuid:m1': true } },
    zoe: {
      name: {
        components: [
          { kind: 'given', value: 'Zoé' },
          { kind: 'surname', value: 'Zola' },
        ],
      },
      organizations: { o1: { name: 'Rectorat' } },
    },
  });
  const query = async (args: Record<string, unknown>) => await call(fixture, 'ContactCard/query', args);
  const idsOf = async (filter: unknown, sort?: unknown) =>
    (await query({ filter, ...(sort ? { sort } : {}) })).ids;
  const everything = await query({ calculateTotal: true });
  assert.deepEqual(everything.ids, [ids.jean, ids.helene, ids.group, ids.zoe]);
  assert.equal(everything.total, 4);
  assert.equal(everything.canCalculateChanges, true);
  assert.deepEqual(await idsOf({ inAddressBook: workId }), [ids.helene]);
  assert.deepEqual(await idsOf({ uid: 'grp' }), [ids.group]);
  assert.deepEqual(await idsOf({ hasMember: 'urn:uuid:m1' }), [ids.group]);
  assert.deepEqual(await idsOf({ kind: 'group' }), [ids.group]);
  assert.deepEqual(await idsOf({ text: 'HELENE' }), [ids.helene]);
  assert.deepEqual(await idsOf({ text: 'hebert' }), [ids.jean]);
  assert.deepEqual(await idsOf({ name: 'dupont' }), [ids.jean]);
  assert.deepEqual(await idsOf({ 'name/given': 'zoe' }), [ids.zoe]);
  assert.deepEqual(await idsOf({ 'name/surname': 'arn' }), [ids.helene]);
  assert.deepEqual(await idsOf({ email: 'ac-grenoble' }), [ids.jean, ids.helene]);
  assert.deepEqual(await idsOf({ phone: '76 11' }), [ids.helene]);
  assert.deepEqual(await idsOf({ organization: 'mathematiques' }), [ids.jean]);
  assert.deepEqual(await idsOf({ note: 'salle 12' }), [ids.jean]);
  assert.deepEqual(await idsOf({ operator: 'NOT', conditions: [{ email: 'ac-grenoble' }] }), [
    ids.group,
    ids.zoe,
  ]);
  assert.deepEqual(
    await idsOf({ operator: 'OR', conditions: [{ kind: 'group' }, { organization: 'rectorat' }] }),
    [ids.group, ids.zoe],
  );
  const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await idsOf({ createdBefore: future })).length, 4);
  assert.deepEqual(await idsOf({ createdAfter: future }), []);
  assert.equal((await idsOf({ updatedBefore: future })).length, 4);
  assert.deepEqual(await idsOf({ updatedAfter: future }), []);
  assert.deepEqual(await idsOf(null, [{ property: 'name/surname' }]), [
    ids.group,
    ids.helene,
    ids.jean,
    ids.zoe,
  ]);
  assert.deepEqual(await idsOf(null, [{ property: 'name/given', isAscending: false }]), [
    ids.zoe,
    ids.jean,
    ids.helene,
    ids.group,
  ]);
  assert.deepEqual(await idsOf(null, [{ property: 'created', isAscending: false }]), [
    ids.zoe,
    ids.group,
    ids.helene,
    ids.jean,
  ]);
  assert.deepEqual(await idsOf(null, [{ property: 'updated' }]), [ids.jean, ids.helene, ids.group, ids.zoe]);
  const window = await query({ position: 1, limit: 2 });
  assert.deepEqual([window.position, window.ids], [1, [ids.helene, ids.group]]);
  const anchored = await query({ anchor: ids.group, anchorOffset: -1, limit: 1 });
  assert.deepEqual(anchored.ids, [ids.helene]);
  for (const [args, error] of [
    [{ sort: [{ property: 'name' }] }, 'unsupportedSort'],
    [{ filter: { phoneNumber: 'x' } }, 'invalidArguments'],
    [{ filter: { createdBefore: 'hier' } }, 'invalidArguments'],
    [{ anchor: 'cNone' }, 'anchorNotFound'],
  ] as const)
    assert.equal((await query(args)).error, error, JSON.stringify(args));

  // queryChanges: Zoé stops matching, Hélène goes, a new card comes.
  const first = await query({ filter: { text: 'a' } });
  await call(fixture, 'ContactCard/set', {
    update: { [ids.zoe]: { organizations: null, name: { full: 'Zoé' } } },
    destroy: [ids.helene],
  });
  const { ids: more } = await create(fixture, { ana: { name: { full: 'Ana' } } });
  const changes = await call(fixture, 'ContactCard/queryChanges', {
    filter: { text: 'a' },
    sinceQueryState: first.queryState,
    calculateTotal: true,
  });
  const now = await query({ filter: { text: 'a' } });
  assert.equal(changes.newQueryState, now.queryState);
  assert.equal(changes.total, now.ids.length);
  const kept = first.ids.filter((id: string) => !changes.removed.includes(id));
  for (const { id, index } of changes.added) kept.splice(index, 0, id);
  assert.deepEqual(kept, now.ids);
  assert.ok(now.ids.includes(more.ana));
  for (const [args, error] of [
    [{ sinceQueryState: 'x' }, 'cannotCalculateChanges'],
    [{ sinceQueryState: '99999999' }, 'cannotCalculateChanges'],
    [{ sinceQueryState: first.queryState, maxChanges: 1 }, 'tooManyChanges'],
    [{ sinceQueryState: first.queryState, sort: [{ property: 'size' }] }, 'unsupportedSort'],
  ] as const)
    assert.equal((await call(fixture, 'ContactCard/queryChanges', args)).error, error, JSON.stringify(args));
});

test('push reports the AddressBook and ContactCard states when they move', async (t) => {
  const fixture = await openJmapFixture(t);
  await call(fixture, 'AddressBook/get', {});
  const controller = new AbortController();
  t.after(() => controller.abort());
  const response = await fetch(
    `${fixture.base}/jmap/eventsource/?types=AddressBook,ContactCard&closeafter=state&ping=0`,
    { headers: { authorization: fixture.authorization('paul') }, signal: controller.signal },
  );
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value, { stream: true });
  const { state } = await create(fixture, { c: { name: { full: 'Poussé' } } });
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  const data = JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? 'null');
  assert.deepEqual(data.changed, { [fixture.accounts.paul]: { ContactCard: state } });
});

test('a card goes into a book created earlier in the request, and the bounds of a call hold', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = fixture.accounts.paul;
  const { responses } = await fixture.api(
    [
      ['AddressBook/set', { accountId: paul, create: { nb: { name: 'Nouveau' } } }, 'a'],
      [
        'ContactCard/set',
        {
          accountId: paul,
          create: { c: { addressBookIds: { '#nb': true }, name: { full: 'Dans le nouveau' } } },
        },
        'b',
      ],
      ['ContactCard/get', { accountId: paul, ids: ['#c'], properties: ['addressBookIds'] }, 'c'],
    ],
    { using: CONTACTS_USING },
  );
  const bookId = responses[0]?.[1].created.nb.id;
  assert.deepEqual(responses[1]?.[1].created.c.addressBookIds, { [bookId]: true });
  assert.deepEqual(responses[2]?.[1].list[0].addressBookIds, { [bookId]: true });

  // An organisation card (the store's columns know only individuals and groups), and text with commas.
  const { ids: org } = await create(fixture, {
    rectorat: {
      kind: 'org',
      name: { full: 'Rectorat, Grenoble' },
      notes: { n1: { note: 'Accueil; 9h, 17h' } },
    },
  });
  const kinds = async (kind: string) => (await call(fixture, 'ContactCard/query', { filter: { kind } })).ids;
  assert.deepEqual(await kinds('org'), [org.rectorat]);
  assert.ok(!(await kinds('individual')).includes(org.rectorat));
  const found = async (filter: unknown) => (await call(fixture, 'ContactCard/query', { filter })).ids;
  assert.deepEqual(await found({ text: 'rectorat, grenoble' }), [org.rectorat]);
  assert.deepEqual(await found({ note: 'accueil; 9h, 17' }), [org.rectorat]);
  assert.deepEqual(await found({ note: 'rectorat' }), []);

  // ContactCard/copy: between two accounts only, and a user has one.
  const copy = async (fromAccountId: string) =>
    await call(fixture, 'ContactCard/copy', { fromAccountId, create: { k: { id: 'x' } } });
  assert.equal((await copy(paul)).error, 'invalidArguments');
  assert.equal((await copy(fixture.accounts.marie)).error, 'fromAccountNotFound');

  // At most 500 objects per /set.
  const destroy = Array.from({ length: 501 }, (_, i) => `c${i}`);
  assert.equal((await call(fixture, 'ContactCard/set', { destroy })).error, 'requestTooLarge');
  assert.equal((await call(fixture, 'AddressBook/set', { destroy })).error, 'requestTooLarge');
  // ids null lists at most 1,000 cards: beyond, the client pages with /query.
  const file = Array.from(
    { length: 1001 },
    (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bulk-${i}\r\nFN:Carte ${i}\r\nN:;;;;\r\nEND:VCARD\r\n`,
  ).join('');
  const report = await fixture.services.contacts.importVcards({ accountId: paul }, paul, 'contacts', file);
  assert.equal(report.created, 1001);
  assert.equal((await call(fixture, 'ContactCard/get', { ids: null })).error, 'requestTooLarge');
  const page = await call(fixture, 'ContactCard/query', { limit: 5000, calculateTotal: true });
  assert.deepEqual([page.ids.length, page.limit, page.total], [1000, 1000, 1003]);
});

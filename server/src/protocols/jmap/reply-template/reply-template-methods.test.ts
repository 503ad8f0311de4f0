// ReplyTemplate/get, /changes, /query, /queryChanges and /set over HTTP (urn:vercors:jmap, docs/jmap.md): an
// account's reply templates, bounded and checked property by property, queried by text and name, their
// queries kept up to date exactly; and push reports the Signature and ReplyTemplate states.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPLY_TEMPLATE_LIMITS } from '#domain/mail';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';
import { callOne as call } from '../vercors/vercors.fixture.ts';

/** Create templates; returns their ids by creation id, and the new state. */
async function create<Key extends string>(
  fixture: JmapFixture,
  templates: Record<Key, Record<string, unknown>>,
): Promise<{ ids: Record<Key, string>; state: string }> {
  const set = await call(fixture, 'ReplyTemplate/set', { create: templates });
  assert.equal(set.notCreated, null, JSON.stringify(set.notCreated));
  const ids = Object.fromEntries(
    Object.entries(set.created as Record<string, { id: string }>).map(([key, { id }]) => [key, id]),
  ) as Record<Key, string>;
  return { ids, state: set.newState };
}

test('ReplyTemplate/set creates templates with defaults, and refuses bad properties and too many', async (t) => {
  const fixture = await openJmapFixture(t);
  const before = await call(fixture, 'ReplyTemplate/get', { ids: null });
  assert.deepEqual(before.list, []);
  const full = {
    name: 'Rendez-vous confirmé',
    subject: 'Votre rendez-vous',
    textBody: 'Bonjour,\nje vous confirme notre rendez-vous.',
    htmlBody: '<p>Bonjour,<br>je vous confirme notre rendez-vous.</p><script>alert(1)</script>',
    sortOrder: 2,
  };
  const max = REPLY_TEMPLATE_LIMITS.maxBodyBytes;
  const set = await call(fixture, 'ReplyTemplate/set', {
    create: {
      full,
      empty: {},
      atLimit: { textBody: 'x'.repeat(max), htmlBody: 'é'.repeat(max / 2), subject: 's'.repeat(255) },
      tooLong: { textBody: 'x'.repeat(max + 1) },
      htmlTooLong: { htmlBody: `${'é'.repeat(max / 2)}x` },
      subjectTooLong: { subject: 'é'.repeat(128) },
      twoLines: { subject: 'Objet\nBcc: tous@example.org' },
      nameControl: { name: 'a\u0007b' },
      wrongTypes: { name: null, subject: 1, textBody: [], htmlBody: false, sortOrder: 'premier' },
      badOrder: { sortOrder: -3 },
      serverSet: { id: 'mine' },
      unknown: { body: 'x' },
    },
  });
  assert.deepEqual(Object.keys(set.created).sort(), ['atLimit', 'empty', 'full']);
  assert.deepEqual(set.created.full, { id: set.created.full.id });
  assert.deepEqual(set.created.empty, {
    id: set.created.empty.id,
    name: '',
    subject: null,
    textBody: '',
    htmlBody: '',
    sortOrder: 0,
  });
  const expected: Record<string, string[]> = {
    tooLong: ['textBody'],
    htmlTooLong: ['htmlBody'],
    subjectTooLong: ['subject'],
    twoLines: ['subject'],
    nameControl: ['name'],
    wrongTypes: ['htmlBody', 'name', 'sortOrder', 'subject', 'textBody'],
    badOrder: ['sortOrder'],
    serverSet: ['id'],
    unknown: ['body'],
  };
  for (const [creationId, properties] of Object.entries(expected)) {
    assert.equal(set.notCreated[creationId].type, 'invalidProperties', creationId);
    assert.deepEqual([...set.notCreated[creationId].properties].sort(), properties, creationId);
  }
  const got = await call(fixture, 'ReplyTemplate/get', { ids: [set.created.full.id] });
  assert.deepEqual(got.list, [{ id: set.created.full.id, ...full }]);
  assert.equal(got.state, set.newState);

  // 100 per account: the account holds 3, so 97 more fit and the next is overQuota.
  const room = REPLY_TEMPLATE_LIMITS.maxTemplatesPerAccount - 3;
  const many = await call(fixture, 'ReplyTemplate/set', {
    create: Object.fromEntries(Array.from({ length: room + 1 }, (_, i) => [`t${i}`, { name: `T${i}` }])),
  });
  assert.equal(Object.keys(many.created).length, room);
  assert.equal(many.notCreated[`t${room}`].type, 'overQuota');
  // Marie has her own room.
  assert.deepEqual((await call(fixture, 'ReplyTemplate/get', {}, 'marie')).list, []);
});

test('ReplyTemplate/get picks properties and /set updates, destroys, and /changes tells', async (t) => {
  const fixture = await openJmapFixture(t);
  const start = await call(fixture, 'ReplyTemplate/get', {});
  const { ids, state } = await create(fixture, { a: { name: 'A' }, b: { name: 'B' }, c: { name: 'C' } });
  const marie = (await call(fixture, 'ReplyTemplate/set', { create: { m: {} } }, 'marie')).created.m.id;

  const some = await call(fixture, 'ReplyTemplate/get', {
    ids: [ids.a, marie, 'tplNone'],
    properties: ['name'],
  });
  assert.deepEqual(some.list, [{ id: ids.a, name: 'A' }]);
  assert.deepEqual(some.notFound, [marie, 'tplNone']);
  assert.equal(
    (await call(fixture, 'ReplyTemplate/get', { properties: ['body'] })).error,
    'invalidArguments',
  );
  assert.equal(
    (await call(fixture, 'ReplyTemplate/get', { accountId: fixture.accounts.marie })).error,
    'accountNotFound',
  );

  const changed = await call(fixture, 'ReplyTemplate/set', {
    ifInState: state,
    update: {
      [ids.a]: { name: 'Re\u0301ponse', subject: null, id: ids.a },
      [ids.b]: { 'textBody/0': 'x' },
      [ids.c]: { id: ids.a },
      [marie]: { name: 'Pas à moi' },
    },
    destroy: [ids.c, marie, 'tplNone'],
  });
  assert.deepEqual(changed.updated, { [ids.a]: { name: 'Réponse' } });
  assert.equal(changed.notUpdated[ids.b].type, 'invalidPatch');
  assert.deepEqual(changed.notUpdated[ids.c].properties, ['id']);
  assert.equal(changed.notUpdated[marie].type, 'notFound');
  assert.deepEqual(changed.destroyed, [ids.c]);
  assert.equal(changed.notDestroyed[marie].type, 'notFound');
  assert.equal(changed.notDestroyed.tplNone.type, 'notFound');
  assert.equal((await call(fixture, 'ReplyTemplate/set', { ifInState: state })).error, 'stateMismatch');

  const all = await call(fixture, 'ReplyTemplate/changes', { sinceState: start.state });
  assert.deepEqual([...all.created].sort(), [ids.a, ids.b].sort());
  assert.deepEqual(all.destroyed, []);
  const later = await call(fixture, 'ReplyTemplate/changes', { sinceState: state });
  assert.deepEqual(later.updated, [ids.a]);
  assert.deepEqual(later.destroyed, [ids.c]);
  assert.equal(later.newState, changed.newState);
  assert.equal(
    (await call(fixture, 'ReplyTemplate/changes', { sinceState: start.state, maxChanges: 1 })).hasMoreChanges,
    true,
  );
  assert.equal(
    (await call(fixture, 'ReplyTemplate/changes', { sinceState: '-1' })).error,
    'cannotCalculateChanges',
  );
});

test('ReplyTemplate/query filters on text and name, accents and case aside, and sorts', async (t) => {
  const fixture = await openJmapFixture(t);
  const { ids } = await create(fixture, {
    meeting: { name: 'Réunion parents', subject: 'Rencontre', textBody: 'Bonjour', sortOrder: 2 },
    absence: { name: 'Absence', textBody: 'Votre enfant était absent.', sortOrder: 1 },
    document: { name: 'Document', htmlBody: '<p>Le <b>certificat</b> de scolarité</p>', sortOrder: 1 },
    empty: { sortOrder: 3 },
  });
  const query = async (args: Record<string, unknown>) => await call(fixture, 'ReplyTemplate/query', args);
  const idsOf = async (args: Record<string, unknown>) => (await query(args)).ids;

  const everything = await query({ calculateTotal: true });
  // Default order: sortOrder, then name.
  assert.deepEqual(everything.ids, [ids.absence, ids.document, ids.meeting, ids.empty]);
  assert.equal(everything.total, 4);
  assert.equal(everything.canCalculateChanges, true);
  assert.equal(everything.position, 0);
  assert.match(everything.queryState, /^[0-9]+$/);

  assert.deepEqual(await idsOf({ filter: { text: 'REUNION' } }), [ids.meeting]);
  assert.deepEqual(await idsOf({ filter: { text: 'rencontre' } }), [ids.meeting]);
  assert.deepEqual(await idsOf({ filter: { text: 'etait absent' } }), [ids.absence]);
  // The text of the HTML body, not its markup.
  assert.deepEqual(await idsOf({ filter: { text: 'certificat de scolarite' } }), [ids.document]);
  assert.deepEqual(await idsOf({ filter: { text: '<b>' } }), []);
  assert.deepEqual(await idsOf({ filter: { name: 'absent' } }), []);
  assert.deepEqual(await idsOf({ filter: { name: 'abs', text: 'enfant' } }), [ids.absence]);
  assert.deepEqual(
    await idsOf({ filter: { operator: 'OR', conditions: [{ name: 'document' }, { text: 'bonjour' }] } }),
    [ids.document, ids.meeting],
  );
  assert.deepEqual(await idsOf({ filter: { operator: 'NOT', conditions: [{ text: 'e' }] } }), [ids.empty]);
  assert.deepEqual(await idsOf({ filter: { operator: 'AND', conditions: [{ text: 'o' }, { name: 'r' }] } }), [
    ids.meeting,
  ]);

  assert.deepEqual(await idsOf({ sort: [{ property: 'name' }] }), [
    ids.empty,
    ids.absence,
    ids.document,
    ids.meeting,
  ]);
  assert.deepEqual(await idsOf({ sort: [{ property: 'name', isAscending: false }] }), [
    ids.meeting,
    ids.document,
    ids.absence,
    ids.empty,
  ]);
  assert.deepEqual(await idsOf({ sort: [{ property: 'sortOrder', isAscending: false }] }), [
    ids.empty,
    ids.meeting,
    ids.absence,
    ids.document,
  ]);
  const window = await query({ position: 1, limit: 2 });
  assert.deepEqual([window.position, window.ids], [1, [ids.document, ids.meeting]]);
  const anchored = await query({ anchor: ids.meeting, anchorOffset: -1 });
  assert.deepEqual([anchored.position, anchored.ids], [1, [ids.document, ids.meeting, ids.empty]]);
  assert.deepEqual((await query({ position: -1 })).ids, [ids.empty]);

  let deep: Record<string, unknown> = { text: 'x' };
  for (let depth = 0; depth < 10; depth++) deep = { operator: 'AND', conditions: [deep] };
  const refusals: [Record<string, unknown>, string][] = [
    [{ sort: [{ property: 'subject' }] }, 'unsupportedSort'],
    [{ filter: { subject: 'x' } }, 'invalidArguments'],
    [{ filter: { operator: 'XOR', conditions: [] } }, 'invalidArguments'],
    [{ filter: deep }, 'invalidArguments'],
    [{ filter: { text: 'x'.repeat(1025) } }, 'invalidArguments'],
    [{ anchor: 'tplNone' }, 'anchorNotFound'],
    [{ limit: -1 }, 'invalidArguments'],
    [{ collapseThreads: true }, 'invalidArguments'],
  ];
  for (const [args, error] of refusals)
    assert.equal((await query(args)).error, error, JSON.stringify(args).slice(0, 60));
});

test('ReplyTemplate/queryChanges removes what changed and adds it back where it now stands', async (t) => {
  const fixture = await openJmapFixture(t);
  const { ids } = await create(fixture, {
    a: { name: 'Alpha', sortOrder: 1 },
    b: { name: 'Bravo', sortOrder: 2 },
    c: { name: 'Charlie', sortOrder: 3 },
  });
  const first = await call(fixture, 'ReplyTemplate/query', { filter: { text: 'a' } });
  assert.deepEqual(first.ids, [ids.a, ids.b, ids.c]);
  const since = async (args: Record<string, unknown> = {}) =>
    await call(fixture, 'ReplyTemplate/queryChanges', {
      filter: { text: 'a' },
      sinceQueryState: first.queryState,
      ...args,
    });

  const nothing = await since({ calculateTotal: true });
  assert.deepEqual(nothing, {
    accountId: fixture.accounts.paul,
    oldQueryState: first.queryState,
    newQueryState: first.queryState,
    total: 3,
    removed: [],
    added: [],
  });

  // Charlie moves first, Bravo stops matching, Alpha goes, Delta comes.
  await call(fixture, 'ReplyTemplate/set', {
    update: { [ids.c]: { sortOrder: 0 }, [ids.b]: { name: 'Zulu' } },
    destroy: [ids.a],
  });
  const { ids: more } = await create(fixture, { d: { name: 'Delta', sortOrder: 5 } });
  const changes = await since();
  const now = await call(fixture, 'ReplyTemplate/query', { filter: { text: 'a' } });
  assert.deepEqual(now.ids, [ids.c, more.d]);
  assert.equal(changes.newQueryState, now.queryState);
  assert.deepEqual([...changes.removed].sort(), [ids.a, ids.b, ids.c].sort());
  assert.deepEqual(changes.added, [
    { id: ids.c, index: 0 },
    { id: more.d, index: 1 },
  ]);
  // Applying the changes to the old list gives the new one.
  const kept = first.ids.filter((id: string) => !changes.removed.includes(id));
  for (const { id, index } of changes.added) kept.splice(index, 0, id);
  assert.deepEqual(kept, now.ids);

  assert.equal((await since({ maxChanges: 4 })).error, 'tooManyChanges');
  assert.equal((await since({ sinceQueryState: 'hier' })).error, 'cannotCalculateChanges');
  assert.equal((await since({ sinceQueryState: '999999' })).error, 'cannotCalculateChanges');
  assert.equal((await since({ sort: [{ property: 'size' }] })).error, 'unsupportedSort');
  assert.deepEqual((await since({ upToId: ids.c, maxChanges: 5 })).added.length, 2);
});

test('push reports the Signature and ReplyTemplate states when they move', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const controller = new AbortController();
  t.after(() => controller.abort());
  const response = await fetch(
    `${fixture.base}/jmap/eventsource/?types=Signature,ReplyTemplate&closeafter=state&ping=0`,
    { headers: { authorization: fixture.authorization('paul') }, signal: controller.signal },
  );
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  // The opening comment: the stream has read the states it compares against.
  while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value, { stream: true });
  const { state } = await create(fixture, { t: { name: 'Poussé' } });
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  const data = JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? 'null');
  assert.deepEqual(data.changed, { [accountId]: { ReplyTemplate: state } });
});

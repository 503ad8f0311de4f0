// Signature/get, /changes and /set over HTTP (urn:vercors:jmap, docs/jmap.md): several signatures per identity,
// bounded and checked property by property; gone with their identity, and reported so. Signature/choose is
// signature-choose.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { REPLY_TEMPLATE_LIMITS, SIGNATURE_LIMITS } from '#domain/mail';
import { PEOPLE_INDEX_LIMITS } from '#domain/directory';
import { type Answer, DOMAIN, type JmapFixture, openJmapFixture, PAUL, readJson } from '../jmap.fixture.ts';
import { callOne as call, VERCORS_USING as USING } from '../vercors/vercors.fixture.ts';

async function primaryIdentity(fixture: JmapFixture, who: 'paul' | 'marie' = 'paul'): Promise<string> {
  return (await call(fixture, 'Identity/get', {}, who)).list[0].id;
}

async function createSignatures(
  fixture: JmapFixture,
  create: Record<string, Record<string, unknown>>,
): Promise<Answer> {
  return await call(fixture, 'Signature/set', { create });
}

test('the session advertises the bounds; without urn:vercors:jmap the methods do not exist', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  const session = await readJson(response);
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.vercors], {
    directorySearch: { maxResults: PEOPLE_INDEX_LIMITS.maxResults },
    signatures: {
      maxSignaturesPerIdentity: 20,
      maxSignaturesPerAccount: 100,
      maxSizeName: 255,
      maxSizeSignature: 16 * 1024,
      maxRecipientsToChoose: 1000,
    },
    replyTemplates: {
      maxTemplatesPerAccount: REPLY_TEMPLATE_LIMITS.maxTemplatesPerAccount,
      maxSizeName: 255,
      maxSizeSubject: 255,
      maxSizeBody: 64 * 1024,
    },
    preferences: { maxRemoteImagesFrom: 1000 },
    spelling: { languages: ['fr'], maxTextLength: 20_000, maxSuggestions: 5 },
  });
  assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.vercors], fixture.accounts.paul);

  const accountId = fixture.accounts.paul;
  const methods = [
    'Signature/get',
    'Signature/changes',
    'Signature/set',
    'Signature/choose',
    'ReplyTemplate/get',
    'ReplyTemplate/changes',
    'ReplyTemplate/query',
    'ReplyTemplate/queryChanges',
    'ReplyTemplate/set',
  ];
  const { responses } = await fixture.api(methods.map((name, index) => [name, { accountId }, String(index)]));
  assert.deepEqual(
    responses.map(([name, args]) => [name, args.type]),
    methods.map(() => ['error', 'unknownMethod']),
  );
});

test('Signature/set creates signatures for the account’s identities, with defaults, and refuses bad ones', async (t) => {
  const fixture = await openJmapFixture(t);
  const identityId = await primaryIdentity(fixture);
  const marieIdentity = await primaryIdentity(fixture, 'marie');
  const before = await call(fixture, 'Signature/get', { ids: null });
  assert.deepEqual(before.list, []);
  assert.match(before.state, /^[0-9]+$/);

  const full = {
    identityId,
    name: 'Parents d’élèves',
    textSignature: '--\nPaul Durand\nProfesseur principal de 3e B',
    htmlSignature: '<p>Paul Durand<br><img src=x onerror=alert(1)></p>',
    useForInternal: false,
    useForExternal: true,
    tone: 'formal',
    sortOrder: 3,
  };
  const set = await createSignatures(fixture, {
    full,
    plain: { identityId },
    nameless: { name: 'Sans identité' },
    marie: { identityId: marieIdentity },
    unknown: { identityId: 'sNoSuchIdentity' },
    serverSet: { identityId, id: 'mine' },
    extra: { identityId, colour: 'red' },
    wrongTypes: {
      identityId,
      name: 42,
      useForInternal: 'yes',
      tone: 'casual',
      sortOrder: '1',
      textSignature: null,
    },
    badValues: { identityId, sortOrder: -1 },
    fraction: { identityId, sortOrder: 1.5 },
    huge: { identityId, sortOrder: 2 ** 31 },
    badIdentityType: { identityId: 'a b' },
  });
  assert.equal(set.oldState, before.state);
  assert.notEqual(set.newState, before.state);
  assert.deepEqual(Object.keys(set.created).sort(), ['full', 'plain']);
  assert.deepEqual(set.created.full, { id: set.created.full.id });
  assert.match(set.created.full.id, /^[A-Za-z0-9_-]+$/);
  // What the client left out comes back: the defaults.
  assert.deepEqual(set.created.plain, {
    id: set.created.plain.id,
    name: '',
    textSignature: '',
    htmlSignature: '',
    useForInternal: true,
    useForExternal: true,
    tone: null,
    sortOrder: 0,
  });
  const expected: Record<string, string[]> = {
    nameless: ['identityId'],
    marie: ['identityId'],
    unknown: ['identityId'],
    serverSet: ['id'],
    extra: ['colour'],
    wrongTypes: ['name', 'sortOrder', 'textSignature', 'tone', 'useForInternal'],
    badValues: ['sortOrder'],
    fraction: ['sortOrder'],
    huge: ['sortOrder'],
    badIdentityType: ['identityId'],
  };
  for (const [creationId, properties] of Object.entries(expected)) {
    assert.equal(set.notCreated[creationId].type, 'invalidProperties', creationId);
    assert.deepEqual([...set.notCreated[creationId].properties].sort(), properties, creationId);
  }

  // Stored as given, HTML included; listed in order: sortOrder, then name.
  const got = await call(fixture, 'Signature/get', { ids: null });
  assert.deepEqual(
    got.list.map((signature: { id: string }) => signature.id),
    [set.created.plain.id, set.created.full.id],
  );
  assert.deepEqual(got.list[1], { id: set.created.full.id, ...full });
  assert.equal(got.state, set.newState);
  // Marie sees none of them.
  assert.deepEqual((await call(fixture, 'Signature/get', { ids: null }, 'marie')).list, []);
});

test('signatures are bounded in size and number; a name is one line', async (t) => {
  const fixture = await openJmapFixture(t);
  const identityId = await primaryIdentity(fixture);
  const max = SIGNATURE_LIMITS.maxSignatureBytes;
  // 11 bytes of markup, 8,186 two-byte letters and a space: exactly at the bound.
  const html = `<div>${'é'.repeat(8186)}</div> `;
  const set = await createSignatures(fixture, {
    atLimit: { identityId, textSignature: 'x'.repeat(max), htmlSignature: html, name: 'n'.repeat(255) },
    textTooLong: { identityId, textSignature: 'x'.repeat(max + 1) },
    htmlTooLong: { identityId, htmlSignature: `<p>${'é'.repeat(max / 2)}</p>` },
    nameTooLong: { identityId, name: 'é'.repeat(128) },
    twoLines: { identityId, name: 'Paul\r\nBcc: tout-le-monde@example.org' },
    nul: { identityId, textSignature: 'a\u0000b' },
    loneSurrogate: { identityId, htmlSignature: '\ud800' },
  });
  assert.equal(Buffer.byteLength(html), max);
  assert.deepEqual(Object.keys(set.created), ['atLimit']);
  const expected: Record<string, string> = {
    textTooLong: 'textSignature',
    htmlTooLong: 'htmlSignature',
    nameTooLong: 'name',
    twoLines: 'name',
    nul: 'textSignature',
    loneSurrogate: 'htmlSignature',
  };
  for (const [creationId, property] of Object.entries(expected)) {
    assert.equal(set.notCreated[creationId].type, 'invalidProperties', creationId);
    assert.deepEqual(set.notCreated[creationId].properties, [property], creationId);
  }

  // 20 per identity: 19 more fit, the next is overQuota.
  const perIdentity = SIGNATURE_LIMITS.maxSignaturesPerIdentity;
  const many = (count: number, id: string, prefix: string) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, { identityId: id }]));
  const filled = await createSignatures(fixture, many(perIdentity, identityId, 'n'));
  assert.equal(Object.keys(filled.created).length, perIdentity - 1);
  assert.equal(filled.notCreated[`n${perIdentity - 1}`].type, 'overQuota');

  // 100 per account, whatever the identities.
  const identities = await call(fixture, 'Identity/set', {
    create: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`i${i}`, { email: PAUL.email }])),
  });
  const others = Object.values(identities.created).map((identity) => (identity as { id: string }).id);
  const spread = await createSignatures(fixture, {
    ...many(perIdentity, others[0] ?? '', 'a'),
    ...many(perIdentity, others[1] ?? '', 'b'),
    ...many(perIdentity, others[2] ?? '', 'c'),
    ...many(perIdentity, others[3] ?? '', 'd'),
    extra: { identityId: others[4] },
  });
  assert.equal(Object.keys(spread.created).length, SIGNATURE_LIMITS.maxSignaturesPerAccount - perIdentity);
  assert.deepEqual(Object.keys(spread.notCreated), ['extra']);
  assert.equal(spread.notCreated.extra.type, 'overQuota');
});

test('Signature/get picks properties, reports ids it does not know, and refuses bad arguments', async (t) => {
  const fixture = await openJmapFixture(t);
  const identityId = await primaryIdentity(fixture);
  const empty = await createSignatures(fixture, {});
  assert.equal(empty.created, null);
  assert.equal(empty.oldState, empty.newState);
  const marie = await call(
    fixture,
    'Signature/set',
    { create: { s: { identityId: await primaryIdentity(fixture, 'marie') } } },
    'marie',
  );
  const marieSignature = marie.created.s.id;
  const { created } = await createSignatures(fixture, { one: { identityId, name: 'Une' } });
  const one = created.one.id;
  const some = await call(fixture, 'Signature/get', {
    ids: [one, marieSignature, one, 'sigNone'],
    properties: ['name', 'tone'],
  });
  assert.deepEqual(some.list, [{ id: one, name: 'Une', tone: null }]);
  assert.deepEqual(some.notFound, [marieSignature, 'sigNone']);
  assert.equal(
    (await call(fixture, 'Signature/get', { properties: ['signature'] })).error,
    'invalidArguments',
  );
  assert.equal((await call(fixture, 'Signature/get', { extra: true })).error, 'invalidArguments');
  assert.equal((await call(fixture, 'Signature/get', { ids: ['#nothing'] })).error, 'invalidArguments');
  const other = await fixture.api([['Signature/get', { accountId: fixture.accounts.marie }, 'g']], {
    using: USING,
  });
  assert.equal(other.responses[0]?.[1].type, 'accountNotFound');
});

test('Signature/set updates any property but identityId, destroys, and /changes tells', async (t) => {
  const fixture = await openJmapFixture(t);
  const identityId = await primaryIdentity(fixture);
  const start = await call(fixture, 'Signature/get', {});
  const made = await createSignatures(fixture, {
    a: { identityId, name: 'A' },
    b: { identityId, name: 'B' },
    c: { identityId, name: 'C' },
  });
  const { a, b, c } = {
    a: made.created.a.id as string,
    b: made.created.b.id as string,
    c: made.created.c.id as string,
  };
  const marie = await call(
    fixture,
    'Signature/set',
    { create: { s: { identityId: await primaryIdentity(fixture, 'marie') } } },
    'marie',
  );
  const other = await call(fixture, 'Identity/set', { create: { i: { email: PAUL.email } } });

  const changed = await call(fixture, 'Signature/set', {
    ifInState: made.newState,
    update: {
      [a]: { name: 'Cafe\u0301', tone: 'informal', useForExternal: false, id: a, identityId },
      [b]: { identityId: other.created.i.id },
      [`${c}`]: { 'name/0': 'x' },
      [marie.created.s.id]: { name: 'Pas à moi' },
      sigNone: { name: 'x' },
      [`${a}x`]: { sortOrder: 1 },
    },
    destroy: [c, marie.created.s.id, 'sigNone'],
  });
  // Stored otherwise than sent: the name in NFC.
  assert.deepEqual(changed.updated, { [a]: { name: 'Café' } });
  assert.deepEqual(changed.notUpdated[b].properties, ['identityId']);
  assert.equal(changed.notUpdated[c].type, 'invalidPatch');
  assert.equal(changed.notUpdated[marie.created.s.id].type, 'notFound');
  assert.equal(changed.notUpdated.sigNone.type, 'notFound');
  assert.equal(changed.notUpdated[`${a}x`].type, 'notFound');
  assert.deepEqual(changed.destroyed, [c]);
  assert.equal(changed.notDestroyed[marie.created.s.id].type, 'notFound');
  assert.equal(changed.notDestroyed.sigNone.type, 'notFound');

  const idMismatch = await call(fixture, 'Signature/set', { update: { [a]: { id: b } } });
  assert.deepEqual(idMismatch.notUpdated[a].properties, ['id']);
  const unchanged = await call(fixture, 'Signature/set', { update: { [b]: { sortOrder: 0 } } });
  assert.deepEqual(unchanged.updated, { [b]: null });

  const got = await call(fixture, 'Signature/get', {
    ids: [a],
    properties: ['name', 'tone', 'useForExternal'],
  });
  assert.deepEqual(got.list, [{ id: a, name: 'Café', tone: 'informal', useForExternal: false }]);
  const stale = await call(fixture, 'Signature/set', { ifInState: made.newState });
  assert.equal(stale.error, 'stateMismatch');

  const all = await call(fixture, 'Signature/changes', { sinceState: start.state });
  assert.equal(all.oldState, start.state);
  assert.equal(all.newState, unchanged.newState);
  assert.deepEqual([...all.created].sort(), [a, b].sort());
  assert.deepEqual(all.updated, []);
  assert.deepEqual(all.destroyed, []);
  const later = await call(fixture, 'Signature/changes', { sinceState: made.newState });
  assert.deepEqual([...later.updated].sort(), [a, b].sort());
  assert.deepEqual(later.destroyed, [c]);
  const paged = await call(fixture, 'Signature/changes', { sinceState: start.state, maxChanges: 1 });
  assert.equal(paged.hasMoreChanges, true);
  assert.equal(
    (await call(fixture, 'Signature/changes', { sinceState: 'hier' })).error,
    'cannotCalculateChanges',
  );
  assert.equal(
    (await call(fixture, 'Signature/changes', { sinceState: '0', maxChanges: 0 })).error,
    'invalidArguments',
  );
});

test('an identity takes its signatures with it, destroyed by the user or with its alias', async (t) => {
  const fixture = await openJmapFixture(t);
  const alias = `p.durand@${DOMAIN}`;
  await fixture.services.identity.addAlias(PAUL.email, alias);
  const identities = (await call(fixture, 'Identity/get', {})).list as { id: string; email: string }[];
  const aliasIdentity = identities.find((identity) => identity.email === alias)?.id;
  const primary = identities.find((identity) => identity.email === PAUL.email)?.id;
  // An identity and its signature made in one request: `#creationId` names the identity.
  const { responses } = await fixture.api(
    [
      ['Identity/set', { accountId: fixture.accounts.paul, create: { variant: { email: PAUL.email } } }, 'i'],
      [
        'Signature/set',
        {
          accountId: fixture.accounts.paul,
          create: {
            v: { identityId: '#variant' },
            dangling: { identityId: '#nothing' },
            p: { identityId: primary },
            a1: { identityId: aliasIdentity },
            a2: { identityId: aliasIdentity },
          },
        },
        's',
      ],
    ],
    { using: USING },
  );
  const variant = responses[0]?.[1].created.variant.id;
  const set = responses[1]?.[1];
  assert.equal(set.created.v.identityId, variant);
  assert.deepEqual(set.notCreated.dangling.properties, ['identityId']);

  const destroyed = await call(fixture, 'Identity/set', { destroy: [variant] });
  assert.deepEqual(destroyed.destroyed, [variant]);
  const afterDestroy = await call(fixture, 'Signature/changes', { sinceState: set.newState });
  assert.deepEqual(afterDestroy.destroyed, [set.created.v.id]);
  // A signature cannot be made for a destroyed identity.
  const late = await createSignatures(fixture, { late: { identityId: variant } });
  assert.deepEqual(late.notCreated.late.properties, ['identityId']);

  await fixture.services.identity.removeAlias(alias);
  const afterAlias = await call(fixture, 'Signature/changes', { sinceState: afterDestroy.newState });
  assert.deepEqual([...afterAlias.destroyed].sort(), [set.created.a1.id, set.created.a2.id].sort());
  const left = await call(fixture, 'Signature/get', {});
  assert.deepEqual(
    left.list.map((signature: { id: string }) => signature.id),
    [set.created.p.id],
  );
  assert.equal(left.state, afterAlias.newState);
});

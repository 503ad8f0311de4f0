// Preferences over HTTP (urn:vercors:jmap): one `singleton` per account with the defaults until changed; each
// property set and read back; each bad value invalidProperties naming it; ifInState; create and destroy refused
// as `singleton`; /changes after a set; the session's bound; push reporting the Preferences type.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { type JmapFixture, openJmapFixture, readJson } from '../jmap.fixture.ts';

const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.vercors];

const DEFAULTS = {
  id: 'singleton',
  locale: 'fr',
  timeZone: 'Europe/Paris',
  readReceipts: 'ask',
  requestReadReceipts: false,
  undoSendSeconds: 10,
  conversationView: true,
  remoteImagesFrom: [],
  composeFormat: 'html',
};

async function call(
  fixture: JmapFixture,
  name: string,
  args: Record<string, unknown>,
  who: 'paul' | 'marie' = 'paul',
) {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts[who], ...args }, 'c']], {
    using: USING,
    who,
  });
  const [responseName, result] = responses[0] ?? [];
  return { name: responseName, result };
}

const update = (fixture: JmapFixture, patch: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call(fixture, 'Preferences/set', { update: { singleton: patch }, ...extra });

test('an account starts with the defaults; /get lists singleton, other ids are notFound', async (t) => {
  const fixture = await openJmapFixture(t);
  const all = await call(fixture, 'Preferences/get', { ids: null });
  assert.equal(all.name, 'Preferences/get');
  assert.deepEqual(all.result.list, [DEFAULTS]);
  assert.deepEqual(all.result.notFound, []);
  assert.match(all.result.state, /^\d+$/);
  const some = await call(fixture, 'Preferences/get', {
    ids: ['singleton', 'other'],
    properties: ['undoSendSeconds', 'locale'],
  });
  assert.deepEqual(some.result.list, [{ id: 'singleton', undoSendSeconds: 10, locale: 'fr' }]);
  assert.deepEqual(some.result.notFound, ['other']);
  const none = await call(fixture, 'Preferences/get', { ids: ['other'] });
  assert.deepEqual([none.result.list, none.result.notFound], [[], ['other']]);
  const unknown = await call(fixture, 'Preferences/get', { properties: ['theme'] });
  assert.deepEqual([unknown.name, unknown.result.type], ['error', 'invalidArguments']);
});

test('each property is set and read back; what the server stored otherwise is in `updated`', async (t) => {
  const fixture = await openJmapFixture(t);
  const values = {
    locale: 'en',
    timeZone: 'Indian/Reunion',
    readReceipts: 'never',
    requestReadReceipts: true,
    undoSendSeconds: 30,
    conversationView: false,
    remoteImagesFrom: ['@ac-grenoble.fr', 'lettre@exemple.fr'],
    composeFormat: 'text',
  };
  for (const [property, value] of Object.entries(values)) {
    const set = await update(fixture, { [property]: value });
    assert.equal(set.name, 'Preferences/set');
    assert.deepEqual(set.result.updated, { singleton: null }, property);
    assert.notEqual(set.result.newState, set.result.oldState, property);
    const got = await call(fixture, 'Preferences/get', { properties: [property] });
    assert.deepEqual(got.result.list, [{ id: 'singleton', [property]: value }], property);
    assert.equal(got.result.state, set.result.newState);
  }
  const after = await call(fixture, 'Preferences/get', {});
  assert.deepEqual(after.result.list, [{ id: 'singleton', ...values }]);
  // The language and time zone are the account record's.
  const account = await fixture.services.identity.findAccountById(fixture.accounts.paul);
  assert.deepEqual([account?.locale, account?.timeZone], ['en', 'Indian/Reunion']);
  // Marie's are her own.
  const marie = await call(fixture, 'Preferences/get', {}, 'marie');
  assert.deepEqual(marie.result.list, [DEFAULTS]);

  const normalised = await update(fixture, {
    id: 'singleton',
    timeZone: 'america/cayenne',
    remoteImagesFrom: [' Marie@Exemple.FR', 'marie@exemple.fr'],
    composeFormat: 'text',
  });
  assert.deepEqual(normalised.result.updated, {
    singleton: { timeZone: 'America/Cayenne', remoteImagesFrom: ['marie@exemple.fr'] },
  });
});

test('each bad value is invalidProperties naming it, and nothing of a refused update is stored', async (t) => {
  const fixture = await openJmapFixture(t);
  const cases: readonly [Record<string, unknown>, readonly string[]][] = [
    [{ locale: 'de' }, ['locale']],
    [{ locale: 1 }, ['locale']],
    [{ timeZone: 'Europe/Lyon' }, ['timeZone']],
    [{ timeZone: '+01:00' }, ['timeZone']],
    [{ readReceipts: 'sometimes' }, ['readReceipts']],
    [{ requestReadReceipts: 'true' }, ['requestReadReceipts']],
    [{ undoSendSeconds: 31 }, ['undoSendSeconds']],
    [{ undoSendSeconds: -1 }, ['undoSendSeconds']],
    [{ undoSendSeconds: 1.5 }, ['undoSendSeconds']],
    [{ undoSendSeconds: '10' }, ['undoSendSeconds']],
    [{ conversationView: null }, ['conversationView']],
    [{ remoteImagesFrom: ['pas une adresse'] }, ['remoteImagesFrom']],
    [{ remoteImagesFrom: Array.from({ length: 1001 }, (_, i) => `u${i}@exemple.fr`) }, ['remoteImagesFrom']],
    [{ remoteImagesFrom: '@exemple.fr' }, ['remoteImagesFrom']],
    [{ composeFormat: 'markdown' }, ['composeFormat']],
    [{ theme: 'dark' }, ['theme']],
    [{ id: 'other' }, ['id']],
    [{ locale: 'en', undoSendSeconds: 60, composeFormat: 'rtf' }, ['undoSendSeconds', 'composeFormat']],
  ];
  const before = await call(fixture, 'Preferences/get', {});
  for (const [patch, properties] of cases) {
    const set = await update(fixture, patch);
    assert.equal(set.result.notUpdated?.singleton?.type, 'invalidProperties', JSON.stringify(patch));
    assert.deepEqual(set.result.notUpdated.singleton.properties, properties, JSON.stringify(patch));
    assert.equal(set.result.updated, null);
  }
  // Wrong types are refused before the domain sees the rest: all at once.
  const types = await update(fixture, { locale: 2, conversationView: 'no' });
  assert.deepEqual(types.result.notUpdated.singleton.properties, ['locale', 'conversationView']);
  const inside = await update(fixture, { 'remoteImagesFrom/0': '@exemple.fr' });
  assert.equal(inside.result.notUpdated.singleton.type, 'invalidPatch');
  const after = await call(fixture, 'Preferences/get', {});
  assert.deepEqual(after.result, before.result);
});

test('create, destroy and another id are refused; ifInState guards the update', async (t) => {
  const fixture = await openJmapFixture(t);
  const set = await call(fixture, 'Preferences/set', {
    create: { x: { locale: 'en' } },
    update: { other: { locale: 'en' } },
    destroy: ['singleton'],
  });
  assert.equal(set.result.notCreated.x.type, 'singleton');
  assert.equal(set.result.notDestroyed.singleton.type, 'singleton');
  assert.equal(set.result.notUpdated.other.type, 'notFound');
  assert.deepEqual([set.result.created, set.result.destroyed], [null, null]);
  assert.equal(set.result.newState, set.result.oldState);

  const { state } = (await call(fixture, 'Preferences/get', {})).result;
  const stale = await update(fixture, { composeFormat: 'text' }, { ifInState: `${state}0` });
  assert.deepEqual([stale.name, stale.result.type], ['error', 'stateMismatch']);
  const fresh = await update(fixture, { composeFormat: 'text' }, { ifInState: state });
  assert.deepEqual(fresh.result.updated, { singleton: null });
  assert.equal(fresh.result.oldState, state);
  const got = await call(fixture, 'Preferences/get', { properties: ['composeFormat'] });
  assert.equal(got.result.list[0].composeFormat, 'text');
});

test('/changes reports singleton updated after a set, nothing after a set that changed nothing', async (t) => {
  const fixture = await openJmapFixture(t);
  const { state } = (await call(fixture, 'Preferences/get', {})).result;
  const unchanged = await call(fixture, 'Preferences/changes', { sinceState: state });
  assert.deepEqual(unchanged.result, {
    accountId: fixture.accounts.paul,
    oldState: state,
    newState: state,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  });
  const set = await update(fixture, { conversationView: false });
  const changes = await call(fixture, 'Preferences/changes', { sinceState: state, maxChanges: 1 });
  assert.equal(changes.name, 'Preferences/changes');
  assert.deepEqual(
    [changes.result.newState, changes.result.updated, changes.result.created, changes.result.destroyed],
    [set.result.newState, ['singleton'], [], []],
  );
  const same = await update(fixture, { conversationView: false });
  assert.equal(same.result.newState, same.result.oldState);
  const bad = await call(fixture, 'Preferences/changes', { sinceState: 'not-a-state' });
  assert.deepEqual([bad.name, bad.result.type], ['error', 'cannotCalculateChanges']);
});

test('another account’s preferences are accountNotFound; the methods need urn:vercors:jmap', async (t) => {
  const fixture = await openJmapFixture(t);
  const marie = fixture.accounts.marie;
  const { responses: foreign } = await fixture.api(
    [
      ['Preferences/get', { accountId: marie }, 'g'],
      ['Preferences/set', { accountId: marie, update: { singleton: { locale: 'en' } } }, 's'],
      ['Preferences/changes', { accountId: marie, sinceState: '0' }, 'c'],
    ],
    { using: USING },
  );
  assert.deepEqual(
    foreign.map(([name, result]) => [name, result.type]),
    [
      ['error', 'accountNotFound'],
      ['error', 'accountNotFound'],
      ['error', 'accountNotFound'],
    ],
  );
  const hers = await call(fixture, 'Preferences/get', {}, 'marie');
  assert.equal(hers.result.list[0].locale, 'fr');
  const { responses } = await fixture.api([['Preferences/get', { accountId: fixture.accounts.paul }, 'g']]);
  assert.deepEqual([responses[0]?.[0], responses[0]?.[1].type], ['error', 'unknownMethod']);
});

test('the session states the bound on remoteImagesFrom; push reports a Preferences change', async (t) => {
  const fixture = await openJmapFixture(t);
  const session = await readJson(
    await fetch(`${fixture.base}/jmap/session`, {
      headers: { authorization: fixture.authorization('paul') },
    }),
  );
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.vercors].preferences, {
    maxRemoteImagesFrom: 1000,
  });

  const controller = new AbortController();
  t.after(() => controller.abort());
  const stream = await fetch(`${fixture.base}/jmap/eventsource/?types=Preferences&closeafter=state&ping=0`, {
    headers: { authorization: fixture.authorization('paul') },
    signal: controller.signal,
  });
  assert.equal(stream.status, 200);
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let events = '';
  // The opening comment comes once the stream has read the states it compares against.
  while (!events.includes('\n\n')) {
    const chunk = await reader.read();
    if (chunk.done) break;
    events += decoder.decode(chunk.value, { stream: true });
  }
  const set = await update(fixture, { readReceipts: 'always' });
  // closeafter=state: the stream ends after the first StateChange.
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
    events += decoder.decode(chunk.value, { stream: true });
  const data = /event: state\ndata: (.*)\n/.exec(events)?.[1];
  assert.ok(data, events);
  assert.deepEqual(JSON.parse(data), {
    '@type': 'StateChange',
    changed: { [fixture.accounts.paul]: { Preferences: set.result.newState } },
  });
});

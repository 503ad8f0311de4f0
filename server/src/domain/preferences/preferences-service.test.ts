// The preferences service on the real services (SQLite, or PostgreSQL with VERCORS_TEST_BACKEND): defaults,
// each change stored, the language and time zone on the account record (audited as the owner's change), one
// transaction per change, only the owner reaching them, and the state /changes and push read.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { DomainError } from '#core/errors';
import { silentLogger } from '#core/log';
import type { Database } from '#store';
import { openTestServices } from '../../test-support/test-services.ts';
import { createPreferencesService } from './preferences-service.ts';
import { DEFAULT_PREFERENCES } from './preferences.ts';

async function open(t: TestContext) {
  const services = await openTestServices(t);
  await services.identity.addDomain('ac-test.fr');
  const paul = await services.identity.createAccount({ email: 'paul@ac-test.fr', displayName: 'Paul' });
  const marie = await services.identity.createAccount({
    email: 'marie@ac-test.fr',
    displayName: 'Marie',
    locale: 'en',
    timeZone: 'Indian/Reunion',
  });
  return { services, preferences: services.preferences, paul: paul.id, marie: marie.id };
}

const isNotFound = (error: unknown) => error instanceof DomainError && error.code === 'notFound';

test('an account starts with the defaults and its own language and time zone', async (t) => {
  const { preferences, paul, marie } = await open(t);
  assert.deepEqual(await preferences.getPreferences({ accountId: paul }, paul), {
    locale: 'fr',
    timeZone: 'Europe/Paris',
    ...DEFAULT_PREFERENCES,
  });
  const hers = await preferences.getPreferences({ accountId: marie }, marie);
  assert.deepEqual([hers.locale, hers.timeZone], ['en', 'Indian/Reunion']);
});

test('each preference is stored; the language and time zone are the account record’s, changed as its owner', async (t) => {
  const { services, preferences, paul, marie } = await open(t);
  const actor = { accountId: paul };
  const changed = {
    locale: 'en',
    timeZone: 'America/Cayenne',
    readReceipts: 'always',
    requestReadReceipts: true,
    undoSendSeconds: 0,
    conversationView: false,
    remoteImagesFrom: ['@ac-grenoble.fr', 'lettre@exemple.fr'],
    composeFormat: 'text',
  } as const;
  for (const [property, value] of Object.entries(changed)) {
    const stored = await preferences.updatePreferences(actor, paul, { [property]: value });
    assert.deepEqual(stored[property as keyof typeof stored], value, property);
  }
  assert.deepEqual(await preferences.getPreferences(actor, paul), changed);
  const account = await services.identity.findAccountById(paul);
  assert.deepEqual([account?.locale, account?.timeZone], ['en', 'America/Cayenne']);
  const audited = await services.audit.list({ accountId: paul, types: ['account.updated'] });
  assert.deepEqual(
    audited.map((event) => [event.actor?.email, event.details.fields]),
    [
      ['paul@ac-test.fr', 'locale'],
      ['paul@ac-test.fr', 'timeZone'],
    ],
  );
  // A partial change keeps the rest; Marie's are her own.
  await preferences.updatePreferences(actor, paul, { undoSendSeconds: 20 });
  assert.deepEqual(await preferences.getPreferences(actor, paul), { ...changed, undoSendSeconds: 20 });
  assert.equal((await preferences.getPreferences({ accountId: marie }, marie)).undoSendSeconds, 10);
});

test('what is stored otherwise than sent comes back as stored', async (t) => {
  const { preferences, paul } = await open(t);
  const stored = await preferences.updatePreferences({ accountId: paul }, paul, {
    timeZone: 'europe/paris',
    remoteImagesFrom: [' Lettre@Exemple.FR', 'lettre@exemple.fr'],
  });
  assert.equal(stored.timeZone, 'Europe/Paris');
  assert.deepEqual(stored.remoteImagesFrom, ['lettre@exemple.fr']);
});

test('only the owner reads or changes an account’s preferences, in the words of a missing account', async (t) => {
  const { preferences, paul, marie } = await open(t);
  const marieAsks = { accountId: marie };
  await assert.rejects(preferences.getPreferences(marieAsks, paul), isNotFound);
  await assert.rejects(preferences.updatePreferences(marieAsks, paul, { locale: 'en' }), isNotFound);
  await assert.rejects(preferences.state(marieAsks, paul), isNotFound);
  await assert.rejects(preferences.changes(marieAsks, paul, 0), isNotFound);
  await assert.rejects(preferences.getPreferences({ accountId: 'nobody' }, 'nobody'), isNotFound);
  assert.equal((await preferences.getPreferences({ accountId: paul }, paul)).locale, 'fr');
});

test('a refused change stores nothing, not even its good properties', async (t) => {
  const { preferences, paul } = await open(t);
  const before = await preferences.state({ accountId: paul }, paul);
  await assert.rejects(
    preferences.updatePreferences({ accountId: paul }, paul, { locale: 'en', undoSendSeconds: 45 }),
    (error) => error instanceof DomainError && error.details.properties === 'undoSendSeconds',
  );
  assert.equal((await preferences.getPreferences({ accountId: paul }, paul)).locale, 'fr');
  assert.equal(await preferences.state({ accountId: paul }, paul), before);
});

test('a change is one transaction: failing before the commit leaves account, preferences and state as they were', async (t) => {
  const { services, paul } = await open(t);
  const failingAtCommit: Database = {
    ...services.database,
    write: (work, options) =>
      services.database.write(async (tx) => {
        await work(tx);
        throw new Error('power cut before the commit');
      }, options),
  };
  const broken = createPreferencesService({
    database: failingAtCommit,
    clock: services.clock,
    log: silentLogger(),
    accounts: services.identity,
  });
  const before = await services.preferences.state({ accountId: paul }, paul);
  await assert.rejects(
    broken.updatePreferences({ accountId: paul }, paul, { locale: 'en', composeFormat: 'text' }),
    /power cut/,
  );
  const after = await services.preferences.getPreferences({ accountId: paul }, paul);
  assert.deepEqual([after.locale, after.composeFormat], ['fr', 'html']);
  assert.equal((await services.identity.findAccountById(paul))?.locale, 'fr');
  assert.equal(await services.preferences.state({ accountId: paul }, paul), before);
});

test('the state moves with each change and /changes reports singleton; a change to the same values writes nothing', async (t) => {
  const { preferences, paul } = await open(t);
  const actor = { accountId: paul };
  const initial = await preferences.state(actor, paul);
  assert.deepEqual(await preferences.changes(actor, paul, initial), {
    newModseq: initial,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  });
  await preferences.updatePreferences(actor, paul, { conversationView: false, locale: 'en' });
  const after = await preferences.state(actor, paul);
  assert.ok(after > initial);
  assert.deepEqual(await preferences.changes(actor, paul, initial), {
    newModseq: after,
    hasMoreChanges: false,
    created: [],
    updated: ['singleton'],
    destroyed: [],
  });
  await preferences.updatePreferences(actor, paul, { conversationView: false, locale: 'en' });
  assert.equal(await preferences.state(actor, paul), after);
  await assert.rejects(
    preferences.changes(actor, paul, -1),
    (error) => error instanceof DomainError && error.code === 'invalid',
  );
});

test('an administrator’s change of the language moves the Preferences state too', async (t) => {
  const { services, preferences, paul } = await open(t);
  const actor = { accountId: paul };
  const before = await preferences.state(actor, paul);
  await services.identity.updateAccount('paul@ac-test.fr', { locale: 'en' });
  const after = await preferences.state(actor, paul);
  assert.ok(after > before);
  assert.deepEqual((await preferences.changes(actor, paul, before)).updated, ['singleton']);
  assert.equal((await preferences.getPreferences(actor, paul)).locale, 'en');
});

test('changes made at once to different preferences all land', async (t) => {
  const { preferences, paul } = await open(t);
  const actor = { accountId: paul };
  await Promise.all([
    preferences.updatePreferences(actor, paul, { readReceipts: 'never' }),
    preferences.updatePreferences(actor, paul, { composeFormat: 'text' }),
    preferences.updatePreferences(actor, paul, { remoteImagesFrom: ['@exemple.fr'] }),
    preferences.updatePreferences(actor, paul, { timeZone: 'Pacific/Noumea' }),
  ]);
  const stored = await preferences.getPreferences(actor, paul);
  assert.deepEqual(
    [stored.readReceipts, stored.composeFormat, stored.remoteImagesFrom, stored.timeZone],
    ['never', 'text', ['@exemple.fr'], 'Pacific/Noumea'],
  );
});

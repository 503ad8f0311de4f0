// Quota/get, /changes, /query and /queryChanges over HTTP (RFC 9425), and the quota capability in the session.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { openJmapFixture, PAUL, readJson, type JmapFixture } from '../jmap.fixture.ts';

const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.quota];
const MESSAGE = 'From: Marie <marie@ac-test.fr>\nTo: paul@ac-test.fr\nSubject: Sortie\n\nBonjour Paul\n';
/** The message as stored: CRLF line ends. */
const MESSAGE_BYTES = Buffer.byteLength(MESSAGE.replace(/\n/g, '\r\n'));

async function call(fixture: JmapFixture, name: string, args: Record<string, unknown>) {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts.paul, ...args }, 'q']], {
    using: USING,
  });
  const [answered, result] = responses[0] ?? [];
  return { name: answered, ...result };
}

test('the session offers quota; Quota/get shows the limits, usage after a delivery, and the warning level', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const session = await readJson(
    await fetch(`${fixture.base}/jmap/session`, {
      headers: { authorization: fixture.authorization('paul') },
    }),
  );
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.quota], {});
  assert.deepEqual(session.accounts[accountId].accountCapabilities[JMAP_CAPABILITIES.quota], {});
  assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.quota], accountId);

  await fixture.services.identity.updateAccount(PAUL.email, { quotaBytes: 1_000_000, quotaMessages: 10 });
  const empty = await call(fixture, 'Quota/get', { ids: null });
  assert.equal(empty.name, 'Quota/get');
  assert.match(empty.state, /^[0-9]+-[A-Za-z0-9_-]{8}$/);
  assert.deepEqual(empty.notFound, []);
  assert.deepEqual(empty.list, [
    {
      id: 'octets',
      resourceType: 'octets',
      used: 0,
      hardLimit: 1_000_000,
      scope: 'account',
      name: 'Espace de stockage',
      types: ['Mail'],
      warnLimit: 800_000,
      softLimit: null,
      description: null,
    },
    {
      id: 'count',
      resourceType: 'count',
      used: 0,
      hardLimit: 10,
      scope: 'account',
      name: 'Nombre de messages',
      types: ['Mail'],
      warnLimit: 8,
      softLimit: null,
      description: null,
    },
  ]);

  await fixture.deliver('paul', MESSAGE);
  const after = await call(fixture, 'Quota/get', {
    ids: ['count', 'octets', 'storage'],
    properties: ['used'],
  });
  assert.deepEqual(after.list, [
    { id: 'count', used: 1 },
    { id: 'octets', used: MESSAGE_BYTES },
  ]);
  assert.deepEqual(after.notFound, ['storage']);
  assert.notEqual(after.state, empty.state);

  // At the hard limit, delivery is refused and the quota shows it full.
  await fixture.services.identity.updateAccount(PAUL.email, { quotaMessages: 1 });
  await assert.rejects(fixture.deliver('paul', MESSAGE), { code: 'overQuota' });
  const full = await call(fixture, 'Quota/get', {
    ids: ['count'],
    properties: ['used', 'hardLimit', 'warnLimit'],
  });
  assert.deepEqual(full.list, [{ id: 'count', used: 1, hardLimit: 1, warnLimit: 0 }]);

  const refused = await fixture.api(
    [
      ['Quota/get', { accountId: fixture.accounts.marie }, 'other'],
      ['Quota/get', { accountId, properties: ['limit'] }, 'unknown'],
    ],
    { using: USING },
  );
  assert.equal(refused.responses[0]?.[1].type, 'accountNotFound');
  assert.equal(refused.responses[1]?.[1].type, 'invalidArguments');
  // Without the quota capability in `using`, the Quota methods do not exist.
  const without = await fixture.api([
    ['Quota/get', { accountId }, 'g'],
    ['Quota/changes', { accountId, sinceState: empty.state }, 'c'],
    ['Quota/query', { accountId }, 'q'],
    ['Quota/queryChanges', { accountId, sinceQueryState: empty.state }, 'qc'],
  ]);
  assert.deepEqual(
    without.responses.map(([name, args]) => [name, args.type]),
    Array.from({ length: 4 }, () => ['error', 'unknownMethod']),
  );
});

test('Quota/changes reports both quotas after a delivery or a new limit, and nothing from the current state', async (t) => {
  const fixture = await openJmapFixture(t);
  const start = (await call(fixture, 'Quota/get', {})).state;
  const none = await call(fixture, 'Quota/changes', { sinceState: start });
  assert.deepEqual(none, {
    name: 'Quota/changes',
    accountId: fixture.accounts.paul,
    oldState: start,
    newState: start,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  });

  await fixture.deliver('paul', MESSAGE);
  const delivered = await call(fixture, 'Quota/changes', { sinceState: start });
  assert.deepEqual(delivered.updated, ['octets', 'count']);
  assert.equal(delivered.newState, (await call(fixture, 'Quota/get', {})).state);

  // A limit changed by an administrator is no email change, yet the quotas changed.
  await fixture.services.identity.updateAccount(PAUL.email, { quotaBytes: 123_456_789 });
  const raised = await call(fixture, 'Quota/changes', { sinceState: delivered.newState });
  assert.deepEqual(raised.updated, ['octets', 'count']);
  assert.notEqual(raised.newState, delivered.newState);

  const tooFew = await call(fixture, 'Quota/changes', { sinceState: start, maxChanges: 1 });
  assert.equal(tooFew.type, 'cannotCalculateChanges');
  const enough = await call(fixture, 'Quota/changes', { sinceState: start, maxChanges: 2 });
  assert.deepEqual(enough.updated, ['octets', 'count']);
  for (const sinceState of ['hier', '0', '999-abcdefgh'])
    assert.equal(
      (await call(fixture, 'Quota/changes', { sinceState })).type,
      'cannotCalculateChanges',
      sinceState,
    );
  assert.equal(
    (await call(fixture, 'Quota/changes', { sinceState: start, maxChanges: 0 })).type,
    'invalidArguments',
  );
});

test('Quota/query filters, sorts and windows the two quotas', async (t) => {
  const fixture = await openJmapFixture(t);
  await fixture.deliver('paul', MESSAGE);
  const { state } = await call(fixture, 'Quota/get', {});
  const query = async (args: Record<string, unknown>) => await call(fixture, 'Quota/query', args);

  const all = await query({ calculateTotal: true });
  assert.deepEqual(all.ids, ['octets', 'count']);
  assert.equal(all.queryState, state);
  assert.equal(all.canCalculateChanges, true);
  assert.equal(all.position, 0);
  assert.equal(all.total, 2);
  assert.deepEqual((await query({ filter: { resourceType: 'count' } })).ids, ['count']);
  assert.deepEqual((await query({ filter: { name: 'STOCKAGE' } })).ids, ['octets']);
  assert.deepEqual((await query({ filter: { type: 'Mail', scope: 'account' } })).ids, ['octets', 'count']);
  assert.deepEqual((await query({ filter: { type: 'Calendar' } })).ids, []);
  assert.deepEqual((await query({ filter: { scope: 'domain' } })).ids, []);
  assert.deepEqual(
    (await query({ filter: { operator: 'NOT', conditions: [{ resourceType: 'octets' }] } })).ids,
    ['count'],
  );
  assert.deepEqual(
    (
      await query({
        filter: { operator: 'OR', conditions: [{ resourceType: 'octets' }, { name: 'messages' }] },
      })
    ).ids,
    ['octets', 'count'],
  );
  // Used: 1 message against some hundred bytes.
  assert.deepEqual((await query({ sort: [{ property: 'used' }] })).ids, ['count', 'octets']);
  assert.deepEqual((await query({ sort: [{ property: 'used', isAscending: false }] })).ids, [
    'octets',
    'count',
  ]);
  assert.deepEqual((await query({ sort: [{ property: 'name' }] })).ids, ['octets', 'count']);
  const windowed = await query({ position: 1, limit: 5 });
  assert.deepEqual([windowed.position, windowed.ids], [1, ['count']]);
  const anchored = await query({ anchor: 'count', anchorOffset: -1, limit: 1 });
  assert.deepEqual([anchored.position, anchored.ids], [0, ['octets']]);

  assert.equal((await query({ sort: [{ property: 'hardLimit' }] })).type, 'unsupportedSort');
  assert.equal((await query({ filter: { used: 3 } })).type, 'invalidArguments');
  assert.equal((await query({ anchor: 'storage' })).type, 'anchorNotFound');
});

test('Quota/queryChanges: nothing from the current state, every quota again from an older one', async (t) => {
  const fixture = await openJmapFixture(t);
  const start = (await call(fixture, 'Quota/query', {})).queryState;
  const same = await call(fixture, 'Quota/queryChanges', { sinceQueryState: start, calculateTotal: true });
  assert.deepEqual(same, {
    name: 'Quota/queryChanges',
    accountId: fixture.accounts.paul,
    oldQueryState: start,
    newQueryState: start,
    total: 2,
    removed: [],
    added: [],
  });

  await fixture.deliver('paul', MESSAGE);
  const sorted = { sort: [{ property: 'used' }] };
  const moved = await call(fixture, 'Quota/queryChanges', { ...sorted, sinceQueryState: start });
  assert.equal(moved.newQueryState, (await call(fixture, 'Quota/query', sorted)).queryState);
  assert.deepEqual(moved.removed, ['octets', 'count']);
  assert.deepEqual(moved.added, [
    { id: 'count', index: 0 },
    { id: 'octets', index: 1 },
  ]);
  const filtered = await call(fixture, 'Quota/queryChanges', {
    filter: { resourceType: 'octets' },
    sinceQueryState: start,
    upToId: 'octets',
  });
  assert.deepEqual(filtered.added, [{ id: 'octets', index: 0 }]);

  const tooMany = await call(fixture, 'Quota/queryChanges', { sinceQueryState: start, maxChanges: 3 });
  assert.equal(tooMany.type, 'tooManyChanges');
  const bad = await call(fixture, 'Quota/queryChanges', { sinceQueryState: 'hier' });
  assert.equal(bad.type, 'cannotCalculateChanges');
  const badSort = await call(fixture, 'Quota/queryChanges', {
    sinceQueryState: start,
    sort: [{ property: 'size' }],
  });
  assert.equal(badSort.type, 'unsupportedSort');
});

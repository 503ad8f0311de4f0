// The quotas as JMAP shows them (RFC 9425): usage, limits, the warning level, names in the account's language,
// and a state that moves with every one of them, so Quota/changes never misses a change.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newAccount, openMailFixture, rawMessage, refusedWith } from './mail.fixture.ts';

test('a fresh account has an octets and a count quota at its limits, warned at 80 %, named in French', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 1_000_001, quotaMessages: 50 });
  const { state, resources } = await fixture.mail.quotaResources(account.id);
  assert.match(state, /^0-[A-Za-z0-9_-]{8}$/);
  assert.deepEqual(resources, [
    { resourceType: 'octets', used: 0, hardLimit: 1_000_001, warnLimit: 800_000, name: 'Espace de stockage' },
    { resourceType: 'count', used: 0, hardLimit: 50, warnLimit: 40, name: 'Nombre de messages' },
  ]);
  // Without an override, the category's default applies, as for delivery.
  const plain = await newAccount(fixture, { locale: 'en' });
  const quota = await fixture.mail.getQuota(plain.id);
  const shown = await fixture.mail.quotaResources(plain.id);
  assert.deepEqual(
    shown.resources.map((resource) => [resource.name, resource.hardLimit]),
    [
      ['Mail storage', quota.limit.bytes],
      ['Number of messages', quota.limit.messages],
    ],
  );
  await refusedWith(fixture.mail.quotaResources('no-such-account'), 'notFound');
});

test('usage moves with deliveries and removals, in the same transaction as the emails', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const empty = await fixture.mail.quotaResources(account.id);
  const raw = rawMessage();
  const imported = await fixture.mail.importMessage(account.id, raw, { mailboxRole: 'inbox' });
  const full = await fixture.mail.quotaResources(account.id);
  assert.deepEqual(
    full.resources.map((resource) => resource.used),
    [raw.byteLength, 1],
  );
  assert.equal(full.state.split('-')[0], String(imported.modseq));
  assert.equal(full.state.split('-')[1], empty.state.split('-')[1], 'limits and names did not move');
  const rows = await fixture.database.db
    .selectFrom('change_log')
    .select(['modseq', 'object_id', 'kind'])
    .where('account_id', '=', account.id)
    .where('type', '=', 'Quota')
    .orderBy('object_id')
    .execute();
  assert.deepEqual(
    rows.map((row) => `${Number(row.modseq)} ${row.kind} ${row.object_id}`),
    [`${imported.modseq} updated count`, `${imported.modseq} updated octets`],
  );

  assert.deepEqual(await fixture.mail.quotaChanges(account.id, empty.state), {
    newState: full.state,
    updated: ['octets', 'count'],
  });
  assert.deepEqual(await fixture.mail.quotaChanges(account.id, full.state), {
    newState: full.state,
    updated: [],
  });

  // A keyword is no usage: the quotas do not change.
  await fixture.mail.addKeywords(account.id, { emailIds: [imported.emailId] }, ['$seen']);
  assert.equal((await fixture.mail.quotaResources(account.id)).state, full.state);

  await fixture.mail.destroyEmails(account.id, [imported.emailId]);
  const emptied = await fixture.mail.quotaResources(account.id);
  assert.deepEqual(
    emptied.resources.map((resource) => resource.used),
    [0, 0],
  );
  assert.notEqual(emptied.state, empty.state, 'same numbers, yet a later state');
  assert.deepEqual((await fixture.mail.quotaChanges(account.id, full.state)).updated, ['octets', 'count']);
});

test('a new limit or language moves the state though the log does not see it', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 10_000 });
  const before = await fixture.mail.quotaResources(account.id);
  await fixture.identity.updateAccount(account.email, { quotaBytes: 20_000 });
  const raised = await fixture.mail.quotaResources(account.id);
  assert.equal(raised.resources[0]?.hardLimit, 20_000);
  assert.equal(raised.resources[0]?.warnLimit, 16_000);
  assert.notEqual(raised.state, before.state);
  assert.deepEqual(await fixture.mail.quotaChanges(account.id, before.state), {
    newState: raised.state,
    updated: ['octets', 'count'],
  });
  await fixture.identity.updateAccount(account.email, { locale: 'en' });
  const english = await fixture.mail.quotaResources(account.id);
  assert.equal(english.resources[1]?.name, 'Number of messages');
  assert.notEqual(english.state, raised.state);
  // Back to the very same limits and language: the state is the same again, and rightly so.
  await fixture.identity.updateAccount(account.email, { quotaBytes: 10_000, locale: 'fr' });
  assert.equal((await fixture.mail.quotaResources(account.id)).state, before.state);
});

test('a state this account never had cannot be calculated from', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { state } = await fixture.mail.quotaResources(account.id);
  const fingerprint = state.split('-')[1];
  for (const bad of ['', '0', 'yesterday', `01-${fingerprint}`, `5-${fingerprint}`, `0-${fingerprint}x`]) {
    await refusedWith(fixture.mail.quotaChanges(account.id, bad), 'cannotCalculateChanges');
  }
});

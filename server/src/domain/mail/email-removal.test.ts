import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditBlobReferences, auditMailCounters } from './counter-audit.fixture.ts';
import {
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
} from './mail.fixture.ts';

test('expunge removes UIDs, leaves tombstones, and destroys the emails left in no mailbox', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const alone = await fixture.mail.importMessage(account.id, rawMessage({ body: 'seul\r\n' }), {
    mailboxRole: 'inbox',
  });
  const shared = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id, archive.id],
  });
  const kept = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });

  const result = await fixture.mail.expunge(account.id, inbox.id, [2, 1, 42]);
  assert.deepEqual(result.expunged, [1, 2]);
  assert.deepEqual(
    (await fixture.mail.mailboxView(account.id, inbox.id)).map((e) => e.uid),
    [3],
  );
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, kept.modseq), {
    uids: [1, 2],
    isExact: true,
  });
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, result.modseq ?? 0), {
    uids: [],
    isExact: true,
  });

  const left = await fixture.mail.getEmails(account.id, [alone.emailId, shared.emailId], ['mailboxUids']);
  assert.deepEqual(
    left.map((e) => [e.id, e.mailboxUids, e.modseq]),
    [[shared.emailId, { [archive.id]: 1 }, result.modseq]],
  );
  assert.deepEqual(
    await fixture.mail.getThreads(account.id, [alone.threadId]),
    [],
    'its thread went with it',
  );
  assert.deepEqual(
    await fixture.database.search.search(account.id, { field: 'body', value: 'seul', match: 'words' }),
    [],
  );
  const changes = (await mailChangesOf(fixture.database, account.id)).filter((line) =>
    line.startsWith(`${result.modseq} `),
  );
  assert.deepEqual(changes.sort(), [
    `${result.modseq} destroyed Email`,
    `${result.modseq} destroyed Thread`,
    `${result.modseq} updated Email`,
    `${result.modseq} updated Mailbox`,
  ]);
  const quota = await fixture.mail.getQuota(account.id);
  assert.equal(quota.used.messages, 2);
  await auditMailCounters(fixture.database, account.id);
  await auditBlobReferences(fixture.database);
});

test('an expunge clears \\Deleted on the copies kept in other mailboxes, so no later expunge destroys them', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const email = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id],
    keywords: ['$seen'],
  });
  // The usual IMAP move without MOVE: COPY, then \Deleted and EXPUNGE in the source.
  await fixture.mail.copyEmails(account.id, { mailboxId: inbox.id, uids: [1] }, archive.id);
  await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [1] }, ['$deleted']);
  await fixture.mail.expunge(account.id, inbox.id, [1]);

  const [kept] = await fixture.mail.getEmails(account.id, [email.emailId], ['mailboxUids']);
  assert.deepEqual(kept?.mailboxUids, { [archive.id]: 1 });
  assert.deepEqual(kept?.keywords, ['$seen']);
  assert.deepEqual(
    (await fixture.mail.mailboxView(account.id, archive.id)).map((entry) => entry.keywords),
    [['$seen']],
  );
  await auditMailCounters(fixture.database, account.id);
});

test('UIDs are never reused after an expunge', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.expunge(account.id, inbox.id, [1, 2]);
  const next = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  assert.equal(next.uids[0]?.uid, 3);
  assert.equal((await fixture.mail.mailboxStatus(account.id, inbox.id)).uidNext, 4);
});

test('destroyEmails takes emails out of every mailbox and destroys them', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id, archive.id],
  });
  assert.deepEqual(await fixture.mail.destroyEmails(other.id, [emailId]), {
    destroyed: [],
    notFound: [emailId],
  });
  assert.deepEqual(await fixture.mail.destroyEmails(account.id, [emailId, 'enope']), {
    destroyed: [emailId],
    notFound: ['enope'],
  });
  assert.deepEqual(await fixture.mail.getEmails(account.id, [emailId]), []);
  assert.deepEqual((await fixture.mail.vanishedSince(account.id, archive.id, 0)).uids, [1]);
  assert.deepEqual((await fixture.mail.getQuota(account.id)).used, { bytes: 0, messages: 0 });
  const blob = await fixture.database.db
    .selectFrom('blobs')
    .select(['refcount', 'unreferenced_since'])
    .executeTakeFirstOrThrow();
  assert.equal(Number(blob.refcount), 0);
  assert.equal(Number(blob.unreferenced_since), fixture.clock.nowMs(), 'the blob becomes collectable');
  await auditMailCounters(fixture.database, account.id);
});

test('tombstones older than the retention are pruned, and VANISHED before that is no longer exact', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const first = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const old = await fixture.mail.expunge(account.id, inbox.id, [1]);
  fixture.clock.advance(10_000);
  const recent = await fixture.mail.expunge(account.id, inbox.id, [2]);

  assert.equal(await fixture.mail.pruneTombstones({ olderThanMs: fixture.clock.nowMs() - 5_000 }), 1);
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, first.modseq), {
    uids: [2],
    isExact: false,
  });
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, old.modseq ?? 0), {
    uids: [2],
    isExact: true,
  });
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, recent.modseq ?? 0), {
    uids: [],
    isExact: true,
  });
  assert.equal(await fixture.mail.pruneTombstones({ olderThanMs: fixture.clock.nowMs() - 5_000 }), 0);
});

test('expunge in a mailbox of another account is not found', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  await fixture.mail.importMessage(owner.id, rawMessage(), { mailboxRole: 'inbox' });
  await refusedWith(fixture.mail.expunge(other.id, inbox.id, [1]), 'notFound');
  assert.equal((await fixture.mail.mailboxStatus(owner.id, inbox.id)).totalEmails, 1);
  await refusedWith(fixture.mail.vanishedSince(owner.id, inbox.id, -1), 'invalid', 'invalidModseq');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { MAIL_LIMITS } from './mail-limits.ts';
import {
  countingPlugin,
  databaseWithoutSearch,
  databaseWithPlugin,
  mailboxByRole,
  newAccount,
  openMailFixture,
  rawMessage,
} from './mail.fixture.ts';
import { memoryBlobStore } from './memory-blob-store.fixture.ts';

test('the view lists UIDs in order with keywords and MODSEQ; changedSince returns what changed after a modseq', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const imported = [];
  for (let i = 0; i < 4; i++)
    imported.push(await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' }));
  await fixture.mail.expunge(account.id, inbox.id, [2]);
  const mark = (await fixture.mail.mailboxStatus(account.id, inbox.id)).highestModseq;
  const flagged = await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [3] }, [
    '$flagged',
  ]);
  const view = await fixture.mail.mailboxView(account.id, inbox.id);
  assert.deepEqual(
    view.map((e) => [e.uid, e.emailId, e.keywords, e.modseq]),
    [
      [1, imported[0]?.emailId, [], imported[0]?.modseq],
      [3, imported[2]?.emailId, ['$flagged'], flagged.modseq],
      [4, imported[3]?.emailId, [], imported[3]?.modseq],
    ],
  );
  const changed = await fixture.mail.changedSince(account.id, inbox.id, mark);
  assert.deepEqual(
    changed.map((e) => e.uid),
    [3],
  );
  assert.deepEqual(
    (await fixture.mail.changedSince(account.id, inbox.id, 0)).map((e) => e.uid),
    [1, 3, 4],
  );
  // Changed later than UID 3, still listed first: UID order, whatever the order of the changes.
  await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [1] }, ['$seen']);
  assert.deepEqual(
    (await fixture.mail.changedSince(account.id, inbox.id, mark)).map((e) => e.uid),
    [1, 3],
  );

  // What a refresh reads in one call: the same answers as the three reads, nothing more once up to date.
  const beforeExpunge = (await fixture.mail.mailboxStatus(account.id, inbox.id)).highestModseq;
  await fixture.mail.expunge(account.id, inbox.id, [4]);
  const delta = await fixture.mail.mailboxChangesSince(account.id, inbox.id, mark);
  assert.deepEqual(delta, {
    status: await fixture.mail.mailboxStatus(account.id, inbox.id),
    vanished: await fixture.mail.vanishedSince(account.id, inbox.id, mark),
    changed: await fixture.mail.changedSince(account.id, inbox.id, mark),
  });
  assert.deepEqual(delta.vanished.uids, [4]);
  assert.ok(delta.status.highestModseq > beforeExpunge, 'an expunge moves HIGHESTMODSEQ');
  const upToDate = await fixture.mail.mailboxChangesSince(account.id, inbox.id, delta.status.highestModseq);
  assert.deepEqual(upToDate.changed, []);
  assert.deepEqual(upToDate.vanished.uids, []);
  await assert.rejects(
    fixture.mail.mailboxChangesSince(account.id, 'no-such-mailbox', 0),
    (error: unknown) => error instanceof DomainError && error.code === 'notFound',
  );
  assert.deepEqual(
    await fixture.mail.mailboxView(account.id, (await mailboxByRole(fixture, account.id, 'trash')).id),
    [],
  );
});

test('a 10,000-message mailbox view is one query', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  // Seeding is not what is measured: no fsync per blob, no full-text indexing.
  const seeding = fixture.mailWith({
    blobs: memoryBlobStore(),
    database: databaseWithoutSearch(fixture.database),
  });
  const total = 10_000;
  for (let start = 0; start < total; start += MAIL_LIMITS.maxImportBatch) {
    const requests = Array.from({ length: Math.min(MAIL_LIMITS.maxImportBatch, total - start) }, (_, i) => ({
      accountId: account.id,
      raw: rawMessage({ subject: `Message ${start + i}` }),
      options: { mailboxIds: [inbox.id], keywords: (start + i) % 3 === 0 ? ['$seen'] : [] },
    }));
    const outcomes = await seeding.importMessages(requests);
    assert.ok(outcomes.every((outcome) => outcome.ok));
  }

  const counter = countingPlugin();
  const counted = fixture.mailWith({ database: databaseWithPlugin(fixture.database, counter) });
  const view = await counted.mailboxView(account.id, inbox.id);
  assert.equal(counter.count, 1, 'one query, whatever the size of the mailbox');
  assert.equal(view.length, total);
  assert.deepEqual(
    view.slice(0, 3).map((e) => e.uid),
    [1, 2, 3],
  );
  assert.equal(view.at(-1)?.uid, total);
  assert.equal(view[0]?.keywords, view[3]?.keywords, 'equal keyword sets are one shared array');
  const status = await fixture.mail.mailboxStatus(account.id, inbox.id);
  assert.equal(status.totalEmails, total);
  assert.equal(status.unreadEmails, total - Math.ceil(total / 3));
});

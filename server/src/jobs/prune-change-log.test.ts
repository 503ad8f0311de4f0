import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, openJobsFixture, rawMessage, refusedWith } from './jobs.fixture.ts';

/** changelog.retention's default. */
const RETENTION_MS = 30 * DAY;

test('before the retention the change-log job removes nothing and every state still gets its changes', async (t) => {
  const fixture = await openJobsFixture(t);
  const { mail } = fixture.services;
  const account = await fixture.newAccount();
  const gone = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await mail.addKeywords(account.id, { emailIds: [gone.emailId] }, ['$seen']);
  await mail.destroyEmails(account.id, [gone.emailId]);
  fixture.clock.advance(RETENTION_MS - HOUR);

  assert.deepEqual(await fixture.run('prune-change-log'), { counts: { rows: 0 } });
  const changes = await mail.changes(account.id, 'Email', gone.modseq, 100);
  assert.deepEqual(changes.destroyed, [gone.emailId]);
});

test('past the retention the job keeps living objects’ newest rows, drops destroyed ones, and older states must resync', async (t) => {
  const fixture = await openJobsFixture(t);
  const { mail } = fixture.services;
  const account = await fixture.newAccount();
  const mailboxState = await mail.state(account.id, 'Mailbox');
  const start = await mail.state(account.id, 'Email');
  const kept = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const gone = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const beforeDestroy = await mail.state(account.id, 'Email');
  await mail.destroyEmails(account.id, [gone.emailId]);
  const afterDestroy = await mail.state(account.id, 'Email');

  fixture.clock.advance(RETENTION_MS + HOUR);
  await mail.addKeywords(account.id, { emailIds: [kept.emailId] }, ['$flagged']);
  const { counts } = await fixture.run('prune-change-log');
  assert.ok((counts.rows ?? 0) > 0, 'old rows went');

  // The destroy of `gone` is no longer in the log: a client that never saw it must resync.
  await refusedWith(mail.changes(account.id, 'Email', start, 100), 'cannotCalculateChanges');
  const details = await refusedWith(
    mail.changes(account.id, 'Email', beforeDestroy, 100),
    'cannotCalculateChanges',
  );
  assert.equal(details.prunedModseq, afterDestroy);
  // A client that saw the destroy still gets exact changes: `kept` lived on, its newest row is there.
  const since = await mail.changes(account.id, 'Email', afterDestroy, 100);
  assert.deepEqual([since.created, since.updated, since.destroyed], [[], [kept.emailId], []]);
  // Nothing of type Mailbox was destroyed: its changes from the very first state are still exact.
  const mailboxes = await mail.changes(account.id, 'Mailbox', mailboxState, 100);
  assert.equal(mailboxes.destroyed.length, 0);

  assert.deepEqual(await fixture.run('prune-change-log'), { counts: { rows: 0 } }, 'a second run is a no-op');
});

test('when a type’s newest rows were all pruned, its state is the horizon and a resynced client is not refused', async (t) => {
  const fixture = await openJobsFixture(t);
  const { mail } = fixture.services;
  const account = await fixture.newAccount();
  const only = await mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await mail.destroyEmails(account.id, [only.emailId]);
  const destroyed = await mail.state(account.id, 'Email');

  fixture.clock.advance(RETENTION_MS + HOUR);
  await fixture.run('prune-change-log');
  const state = await mail.state(account.id, 'Email');
  assert.equal(state, destroyed, 'the state does not fall back to 0');
  await refusedWith(mail.changes(account.id, 'Email', 0, 100), 'cannotCalculateChanges');
  assert.deepEqual(await mail.changes(account.id, 'Email', state, 100), {
    newModseq: state,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pruneChangeLog } from '#store';
import { mailboxByRole, newAccount, openMailFixture, rawMessage, refusedWith } from './mail.fixture.ts';

test('changes since a state list created, updated and destroyed objects of one type, each once', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const start = await fixture.mail.state(account.id, 'Email');
  assert.equal(start, 0, 'no email change yet');
  const mailboxState = await fixture.mail.state(account.id, 'Mailbox');
  assert.equal(mailboxState, account.modseq);

  const kept = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const gone = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const fromStart = await fixture.mail.changes(account.id, 'Email', start, 100);
  assert.deepEqual(fromStart.created.toSorted(), [kept.emailId, gone.emailId].sort());
  assert.equal(fromStart.newModseq, gone.modseq);
  assert.equal(fromStart.hasMoreChanges, false);

  const mark = fromStart.newModseq;
  await fixture.mail.addKeywords(account.id, { emailIds: [kept.emailId] }, ['$seen']);
  await fixture.mail.expunge(account.id, inbox.id, [2]);
  const since = await fixture.mail.changes(account.id, 'Email', mark, 100);
  assert.deepEqual(since, {
    newModseq: await fixture.mail.state(account.id, 'Email'),
    hasMoreChanges: false,
    created: [],
    updated: [kept.emailId],
    destroyed: [gone.emailId],
  });
  const created = await fixture.mail.changes(account.id, 'Email', start, 100);
  assert.deepEqual(created.destroyed, [], 'created and destroyed within the window: nothing to tell');
  const mailboxes = await fixture.mail.changes(account.id, 'Mailbox', mailboxState, 100);
  assert.deepEqual(mailboxes.updated, [inbox.id]);
  assert.deepEqual(await fixture.mail.changes(account.id, 'Email', since.newModseq, 100), {
    newModseq: since.newModseq,
    hasMoreChanges: false,
    created: [],
    updated: [],
    destroyed: [],
  });
});

test('changes come in pages that never split a modseq', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  for (let i = 0; i < 3; i++)
    await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.importMessages(
    Array.from({ length: 3 }, () => ({
      accountId: account.id,
      raw: rawMessage(),
      options: { mailboxRole: 'inbox' as const },
    })),
  );
  const first = await fixture.mail.changes(account.id, 'Email', 0, 2);
  assert.equal(first.created.length, 2);
  assert.equal(first.hasMoreChanges, true);
  const second = await fixture.mail.changes(account.id, 'Email', first.newModseq, 2);
  assert.equal(second.created.length, 1);
  const third = await fixture.mail.changes(account.id, 'Email', second.newModseq, 2);
  assert.equal(third.created.length, 3, 'one transaction of three comes whole');
  await refusedWith(fixture.mail.changes(account.id, 'Email', -1, 2), 'invalid', 'invalidState');
  await refusedWith(fixture.mail.changes(account.id, 'Email', 0, 0), 'invalid', 'invalidMaxChanges');
});

test('changes since a state are refused with cannotCalculateChanges once a destroy after it is pruned, not before', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const start = await fixture.mail.state(account.id, 'Email');
  const gone = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const kept = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(other.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.destroyEmails(account.id, [gone.emailId]);
  const seen = await fixture.mail.state(account.id, 'Email');
  // Every row counts as old: the store's clock and the fixture's need not agree.
  const everything = { olderThanMs: Number.MAX_SAFE_INTEGER, keepNewestPerObject: true };

  // Keeping each object's newest row loses nothing: the oldest state still gets exact changes.
  await pruneChangeLog(fixture.database, everything);
  const fromStart = await fixture.mail.changes(account.id, 'Email', start, 100);
  assert.deepEqual(fromStart.created, [kept.emailId]);

  // The destroy's own row goes: only a state that already saw it gets changes.
  await pruneChangeLog(fixture.database, { ...everything, pruneDestroyed: true });
  const details = await refusedWith(
    fixture.mail.changes(account.id, 'Email', start, 100),
    'cannotCalculateChanges',
  );
  assert.deepEqual(details, { subject: 'state', name: String(start), type: 'Email', prunedModseq: seen });
  await refusedWith(fixture.mail.changes(account.id, 'Email', seen - 1, 100), 'cannotCalculateChanges');
  assert.equal((await fixture.mail.changes(account.id, 'Email', seen, 100)).destroyed.length, 0);
  assert.equal(await fixture.mail.state(account.id, 'Email'), seen);
  // Another account, and another type, with nothing destroyed, keep exact changes from the start.
  assert.equal((await fixture.mail.changes(other.id, 'Email', 0, 100)).created.length, 1);
  await fixture.mail.changes(account.id, 'Mailbox', 0, 100);
});

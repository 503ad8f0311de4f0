import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditBlobReferences, auditMailCounters } from './counter-audit.fixture.ts';
import { mailboxByRole, newAccount, openMailFixture, rawMessage } from './mail.fixture.ts';

test('parallel imports to one mailbox get distinct consecutive UIDs and exact counters', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const parallel = 24;
  const imported = await Promise.all(
    Array.from({ length: parallel }, (_, i) =>
      fixture.mail.importMessage(account.id, rawMessage({ subject: `Parallèle ${i}` }), {
        mailboxRole: 'inbox',
        keywords: i % 2 === 0 ? ['$seen'] : [],
      }),
    ),
  );
  const uids = imported.map((email) => email.uids[0]?.uid).sort((a, b) => (a ?? 0) - (b ?? 0));
  assert.deepEqual(
    uids,
    Array.from({ length: parallel }, (_, i) => i + 1),
  );
  assert.equal(new Set(imported.map((email) => email.modseq)).size, parallel, 'one modseq per transaction');
  const status = await fixture.mail.mailboxStatus(account.id, inbox.id);
  assert.deepEqual(
    [status.totalEmails, status.unreadEmails, status.uidNext],
    [parallel, parallel / 2, parallel + 1],
  );
  await auditMailCounters(fixture.database, account.id);
});

test('parallel flag changes, moves and expunges on one account leave counters equal to a recount', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const outcomes = await fixture.mail.importMessages(
    Array.from({ length: 30 }, () => ({
      accountId: account.id,
      raw: rawMessage(),
      options: { mailboxRole: 'inbox' as const },
    })),
  );
  assert.ok(outcomes.every((outcome) => outcome.ok));
  await Promise.all([
    ...Array.from({ length: 10 }, (_, i) =>
      fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [i + 1] }, ['$seen']),
    ),
    ...Array.from({ length: 10 }, (_, i) =>
      fixture.mail.moveEmails(account.id, { mailboxId: inbox.id, uids: [i + 11] }, archive.id),
    ),
    ...Array.from({ length: 10 }, (_, i) => fixture.mail.expunge(account.id, inbox.id, [i + 21])),
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' }),
  ]);
  const [inboxNow, archiveNow] = await Promise.all([
    fixture.mail.mailboxStatus(account.id, inbox.id),
    fixture.mail.mailboxStatus(account.id, archive.id),
  ]);
  assert.deepEqual([inboxNow.totalEmails, inboxNow.unreadEmails], [11, 1]);
  assert.deepEqual([archiveNow.totalEmails, archiveNow.uidNext], [10, 11]);
  await auditMailCounters(fixture.database, account.id);
  await auditBlobReferences(fixture.database);
});

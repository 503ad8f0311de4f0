import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { auditMailCounters } from './counter-audit.fixture.ts';
import {
  databaseWithPlugin,
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
} from './mail.fixture.ts';

test('a move gives new UIDs in the target, expunges the source, and maps one to the other', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const earlier = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [archive.id] });
  const a = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const b = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxRole: 'inbox',
    keywords: ['$seen'],
  });
  const result = await fixture.mail.moveEmails(account.id, { mailboxId: inbox.id, uids: [2, 1] }, archive.id);
  assert.equal(result.uidValidity, archive.uidValidity);
  assert.deepEqual(result.mapping, [
    { emailId: a.emailId, uid: 1, targetUid: 2 },
    { emailId: b.emailId, uid: 2, targetUid: 3 },
  ]);
  assert.deepEqual(await fixture.mail.mailboxView(account.id, inbox.id), []);
  assert.deepEqual(
    (await fixture.mail.mailboxView(account.id, archive.id)).map((e) => [e.uid, e.emailId, e.modseq]),
    [
      [1, earlier.emailId, earlier.modseq],
      [2, a.emailId, result.modseq],
      [3, b.emailId, result.modseq],
    ],
  );
  const vanished = await fixture.mail.vanishedSince(account.id, inbox.id, b.modseq);
  assert.deepEqual(vanished, { uids: [1, 2], isExact: true });
  const inboxStatus = await fixture.mail.mailboxStatus(account.id, inbox.id);
  assert.deepEqual(
    [inboxStatus.totalEmails, inboxStatus.uidNext, inboxStatus.highestModseq],
    [0, 3, result.modseq],
  );
  assert.equal((await fixture.mail.getQuota(account.id)).used.messages, 3, 'a move changes no usage');
  await auditMailCounters(fixture.database, account.id);
});

test('a copy puts the same email in one more mailbox, each with its own UID', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const box = await fixture.mail.createMailbox(account.id, { name: 'Dossier' });
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const copy = await fixture.mail.copyEmails(account.id, { mailboxId: inbox.id, uids: [1] }, box.id);
  assert.deepEqual(copy.mapping, [{ emailId, uid: 1, targetUid: 1 }]);
  const [email] = await fixture.mail.getEmails(account.id, [emailId]);
  assert.deepEqual(email?.mailboxUids, { [inbox.id]: 1, [box.id]: 1 });
  assert.equal((await fixture.mail.getQuota(account.id)).used.messages, 1);

  const again = await fixture.mail.copyEmails(account.id, { emailIds: [emailId] }, box.id);
  assert.deepEqual(again, {
    uidValidity: box.uidValidity,
    modseq: undefined,
    mapping: [{ emailId, targetUid: 1 }],
    notFound: [],
  });
  await auditMailCounters(fixture.database, account.id);
});

test('moving by email ids takes the emails out of every mailbox they were in', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const trash = await mailboxByRole(fixture, account.id, 'trash');
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id, archive.id],
  });
  const moved = await fixture.mail.moveEmails(account.id, { emailIds: [emailId, 'enope'] }, trash.id);
  assert.deepEqual(moved.mapping, [{ emailId, targetUid: 1 }]);
  assert.deepEqual(moved.notFound, ['enope']);
  const [email] = await fixture.mail.getEmails(account.id, [emailId]);
  assert.deepEqual(email?.mailboxUids, { [trash.id]: 1 });
  await auditMailCounters(fixture.database, account.id);
});

test('a move that fails half-way leaves the source exactly as it was', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const viewBefore = await fixture.mail.mailboxView(account.id, inbox.id);
  const statusBefore = await fixture.mail.mailboxStatus(account.id, archive.id);

  // The target membership is written, then removing the source one fails.
  const failOnSourceRemoval: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'DeleteQueryNode' && JSON.stringify(args.node).includes('"email_mailboxes"')) {
        throw new Error('disk full');
      }
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const failing = fixture.mailWith({
    database: databaseWithPlugin(fixture.database, failOnSourceRemoval, true),
  });
  await assert.rejects(
    failing.moveEmails(account.id, { mailboxId: inbox.id, uids: [1] }, archive.id),
    /disk full/,
  );

  assert.deepEqual(await fixture.mail.mailboxView(account.id, inbox.id), viewBefore);
  assert.deepEqual(await fixture.mail.mailboxStatus(account.id, archive.id), statusBefore);
  assert.deepEqual(await fixture.mail.mailboxView(account.id, archive.id), []);
  await auditMailCounters(fixture.database, account.id);
});

test('setMailboxes puts an email in exactly the mailboxes given, at least one', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const sent = await mailboxByRole(fixture, account.id, 'sent');
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.setMailboxes(account.id, emailId, [archive.id, sent.id]);
  assert.deepEqual((await fixture.mail.getEmails(account.id, [emailId]))[0]?.mailboxUids, {
    [archive.id]: 1,
    [sent.id]: 1,
  });
  assert.deepEqual(await fixture.mail.vanishedSince(account.id, inbox.id, 0), { uids: [1], isExact: true });
  await refusedWith(fixture.mail.setMailboxes(account.id, emailId, []), 'invalid', 'noMailbox');
  await refusedWith(fixture.mail.setMailboxes(account.id, emailId, ['bnope']), 'notFound');
  await refusedWith(fixture.mail.setMailboxes(account.id, 'enope', [inbox.id]), 'notFound');
  await auditMailCounters(fixture.database, account.id);
});

test('a target mailbox of another account is not found', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  const foreign = await mailboxByRole(fixture, other.id, 'inbox');
  await fixture.mail.importMessage(owner.id, rawMessage(), { mailboxRole: 'inbox' });
  await refusedWith(
    fixture.mail.moveEmails(owner.id, { mailboxId: inbox.id, uids: [1] }, foreign.id),
    'notFound',
  );
  await refusedWith(
    fixture.mail.copyEmails(other.id, { mailboxId: inbox.id, uids: [1] }, foreign.id),
    'notFound',
  );
});

test('a move records the email updated and both mailboxes updated, at one modseq', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const { modseq } = await fixture.mail.moveEmails(
    account.id,
    { mailboxId: inbox.id, uids: [1] },
    archive.id,
  );
  const rows = (await mailChangesOf(fixture.database, account.id)).filter((line) =>
    line.startsWith(`${modseq} `),
  );
  assert.deepEqual(rows, [
    `${modseq} updated Email`,
    `${modseq} updated Mailbox`,
    `${modseq} updated Mailbox`,
  ]);
  assert.equal((await fixture.mail.mailboxStatus(account.id, inbox.id)).highestModseq, modseq);
  assert.equal((await fixture.mail.mailboxStatus(account.id, archive.id)).highestModseq, modseq);
});

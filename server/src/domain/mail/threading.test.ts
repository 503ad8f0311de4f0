import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditMailCounters } from './counter-audit.fixture.ts';
import {
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  type MailFixture,
} from './mail.fixture.ts';

/** One message into the inbox, a minute after the previous one (thread order is by arrival). */
async function deliver(fixture: MailFixture, accountId: string, fields: Parameters<typeof rawMessage>[0]) {
  fixture.clock.advance(60_000);
  return await fixture.mail.importMessage(accountId, rawMessage(fields), { mailboxRole: 'inbox' });
}

test('a reply chain is one thread, whatever the order of References', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const root = await deliver(fixture, account.id, { subject: 'Sortie au musée', messageId: 'root@x' });
  const reply = await deliver(fixture, account.id, {
    subject: 'Re: Sortie au musée',
    messageId: 'r1@x',
    inReplyTo: 'root@x',
  });
  const deep = await deliver(fixture, account.id, {
    subject: 'Re: Re: Sortie au musée',
    messageId: 'r2@x',
    references: ['root@x', 'r1@x'],
  });
  assert.equal(reply.threadId, root.threadId);
  assert.equal(deep.threadId, root.threadId);
  const [thread] = await fixture.mail.getThreads(account.id, [root.threadId]);
  assert.deepEqual(thread?.emailIds, [root.emailId, reply.emailId, deep.emailId]);
});

test('a reply that arrives before its parent: the parent joins the reply thread when it comes', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const reply = await deliver(fixture, account.id, {
    subject: 'Re: Budget',
    messageId: 'child@x',
    inReplyTo: 'parent@x',
  });
  const sibling = await deliver(fixture, account.id, {
    subject: 'Re: Budget',
    messageId: 'sib@x',
    references: ['parent@x'],
  });
  const parent = await deliver(fixture, account.id, { subject: 'Budget', messageId: 'parent@x' });
  assert.equal(sibling.threadId, reply.threadId);
  assert.equal(parent.threadId, reply.threadId);
  const changes = await mailChangesOf(fixture.database, account.id);
  assert.equal(changes.filter((line) => line.endsWith('created Thread')).length, 1);
  assert.ok(changes.includes(`${parent.modseq} updated Thread`), 'the thread gained an email');
});

test('a reply whose ancestors were never seen joins by base subject: Re, RE :, TR, Fwd', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const original = await deliver(fixture, account.id, { subject: 'Conseil pédagogique du 12 octobre' });
  for (const subject of [
    'RE : Conseil pédagogique du 12 octobre',
    'TR: Conseil pédagogique du 12 octobre',
    'Fwd: re: [profs] Conseil pédagogique du 12 octobre',
    'RE : TR : conseil PÉDAGOGIQUE du 12 octobre',
  ]) {
    const reply = await deliver(fixture, account.id, { subject });
    assert.equal(reply.threadId, original.threadId, subject);
  }
});

test('a new message with a common subject is not a reply: it starts its own thread', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const first = await deliver(fixture, account.id, { subject: 'Compte rendu' });
  const second = await deliver(fixture, account.id, { subject: 'Compte rendu' });
  assert.notEqual(second.threadId, first.threadId);
});

test('the subject fallback only looks back a bounded window', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const old = await deliver(fixture, account.id, { subject: 'Inscriptions' });
  fixture.clock.advance(31 * 24 * 60 * 60 * 1000);
  const late = await deliver(fixture, account.id, { subject: 'Re: Inscriptions' });
  assert.notEqual(late.threadId, old.threadId);
  const soon = await deliver(fixture, account.id, { subject: 'RE: Inscriptions' });
  assert.equal(soon.threadId, late.threadId, 'the most recent thread of that subject');
});

test('a message linking two threads joins its nearest ancestor and never splits or merges them', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const a = await deliver(fixture, account.id, { subject: 'A', messageId: 'a@x' });
  const b = await deliver(fixture, account.id, { subject: 'B', messageId: 'b@x' });
  const link = await deliver(fixture, account.id, {
    subject: 'Re: B',
    messageId: 'link@x',
    inReplyTo: 'b@x',
    references: ['a@x', 'b@x'],
  });
  assert.equal(link.threadId, b.threadId, 'In-Reply-To is the nearest ancestor');
  const threads = await fixture.mail.getThreads(account.id, [a.threadId, b.threadId]);
  assert.deepEqual(
    threads.map((thread) => thread.emailIds),
    [[a.emailId], [b.emailId, link.emailId]],
  );
});

test('threads are per account: the same Message-IDs elsewhere thread apart', async (t) => {
  const fixture = await openMailFixture(t);
  const alice = await newAccount(fixture);
  const bob = await newAccount(fixture);
  const forAlice = await deliver(fixture, alice.id, { messageId: 'same@x' });
  const forBob = await deliver(fixture, bob.id, { messageId: 'reply@x', inReplyTo: 'same@x' });
  assert.notEqual(forAlice.threadId, forBob.threadId);
  assert.deepEqual(await fixture.mail.getThreads(bob.id, [forAlice.threadId]), []);
});

test('per-mailbox thread counts follow the emails of each thread', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  await deliver(fixture, account.id, { subject: 'Un', messageId: 'one@x' });
  await deliver(fixture, account.id, { subject: 'Re: Un', messageId: 'two@x', inReplyTo: 'one@x' });
  await deliver(fixture, account.id, { subject: 'Deux', messageId: 'three@x' });
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  assert.deepEqual([inbox.totalEmails, inbox.totalThreads, inbox.unreadThreads], [3, 2, 2]);
  await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [1] }, ['$seen']);
  assert.equal(
    (await mailboxByRole(fixture, account.id, 'inbox')).unreadThreads,
    2,
    'the thread still has an unread email',
  );
  await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [2] }, ['$seen']);
  assert.equal((await mailboxByRole(fixture, account.id, 'inbox')).unreadThreads, 1);
  await auditMailCounters(fixture.database, account.id);
});

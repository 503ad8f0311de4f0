import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditMailCounters } from './counter-audit.fixture.ts';
import { parseKeyword } from './keywords.ts';
import {
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
} from './mail.fixture.ts';

test('keywords follow RFC 8621: 1-255 printable ASCII characters without ( ) { ] % * " \\, lower-cased', () => {
  assert.equal(parseKeyword('$Seen'), '$seen');
  assert.equal(parseKeyword('$MDNSent'), '$mdnsent');
  assert.equal(parseKeyword('Urgent[1]'.replace(']', '')), 'urgent[1');
  assert.equal(parseKeyword('a'.repeat(255)), 'a'.repeat(255));
  for (const bad of [
    '',
    'a b',
    '(x',
    'x)',
    '{x',
    'x]',
    '50%',
    'a*',
    '"q"',
    'back\\slash',
    'é',
    '\u0001',
    'a'.repeat(256),
  ]) {
    assert.throws(() => parseKeyword(bad), { code: 'invalid' }, JSON.stringify(bad));
  }
});

test('add and remove keywords on UIDs of a mailbox, with MODSEQ and unread counters following', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const first = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const second = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });

  const seen = await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [1, 2, 99] }, [
    '$Seen',
  ]);
  assert.ok(seen.modseq !== undefined && seen.modseq > second.modseq);
  assert.deepEqual(seen.updated, [
    { emailId: first.emailId, uid: 1, keywords: ['$seen'] },
    { emailId: second.emailId, uid: 2, keywords: ['$seen'] },
  ]);
  assert.deepEqual(seen.notFound, [], 'a UID that does not exist is simply absent');
  const status = await fixture.mail.mailboxStatus(account.id, inbox.id);
  assert.equal(status.unreadEmails, 0);
  assert.equal(status.highestModseq, seen.modseq);
  assert.deepEqual(
    (await fixture.mail.mailboxView(account.id, inbox.id)).map((e) => [e.uid, e.keywords, e.modseq]),
    [
      [1, ['$seen'], seen.modseq],
      [2, ['$seen'], seen.modseq],
    ],
  );

  const flagged = await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [2] }, [
    '$flagged',
    'Projet-X',
  ]);
  assert.deepEqual(flagged.updated[0]?.keywords, ['$flagged', '$seen', 'projet-x']);
  const removed = await fixture.mail.removeKeywords(account.id, { emailIds: [second.emailId] }, [
    '$seen',
    'projet-x',
  ]);
  assert.deepEqual(removed.updated, [{ emailId: second.emailId, keywords: ['$flagged'] }]);
  assert.equal((await fixture.mail.mailboxStatus(account.id, inbox.id)).unreadEmails, 1);
  await auditMailCounters(fixture.database, account.id);
});

test('a keyword change reaches every mailbox holding the email, each with the new MODSEQ', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxIds: [inbox.id, archive.id],
  });
  const { modseq } = await fixture.mail.setKeywords(account.id, { mailboxId: archive.id, uids: [1] }, [
    '$seen',
    '$answered',
  ]);
  for (const mailbox of [inbox, archive]) {
    const [entry] = await fixture.mail.mailboxView(account.id, mailbox.id);
    assert.deepEqual(entry, { uid: 1, emailId, keywords: ['$answered', '$seen'], modseq });
    const status = await fixture.mail.mailboxStatus(account.id, mailbox.id);
    assert.equal(status.unreadEmails, 0);
    assert.equal(status.highestModseq, modseq);
  }
  const [email] = await fixture.mail.getEmails(account.id, [emailId], []);
  assert.equal(email?.modseq, modseq);
  await auditMailCounters(fixture.database, account.id);
});

test('flags leave each message read or unread: alone, and beside a message the same change reads', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const unread = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const read = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxRole: 'inbox',
    keywords: ['$seen'],
  });
  const unreadInInbox = async () =>
    (
      await fixture.mail.queryEmails(account.id, {
        filter: { inMailbox: inbox.id, notKeyword: '$seen' },
        sort: [{ property: 'receivedAt', isAscending: true }],
      })
    ).ids;

  // Neither message changes its read state: the unread one stays in the unread view, the read one out of it.
  await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [1, 2] }, ['$flagged']);
  assert.deepEqual(await unreadInInbox(), [unread.emailId]);
  assert.equal((await fixture.mail.mailboxStatus(account.id, inbox.id)).unreadEmails, 1);
  await auditMailCounters(fixture.database, account.id);

  // One change, the same new keywords for both: it unflags both, reads the first, and the second stays read.
  await fixture.mail.setKeywords(account.id, { mailboxId: inbox.id, uids: [1, 2] }, ['$seen']);
  assert.deepEqual(await unreadInInbox(), []);
  assert.equal((await fixture.mail.mailboxStatus(account.id, inbox.id)).unreadEmails, 0);
  await auditMailCounters(fixture.database, account.id);

  await fixture.mail.removeKeywords(account.id, { emailIds: [unread.emailId] }, ['$seen']);
  assert.deepEqual(await unreadInInbox(), [unread.emailId]);
  assert.deepEqual(
    (await fixture.mail.mailboxView(account.id, inbox.id)).map((entry) => [entry.emailId, entry.keywords]),
    [
      [unread.emailId, []],
      [read.emailId, ['$seen']],
    ],
  );
  await auditMailCounters(fixture.database, account.id);
});

test('a change that changes nothing takes no modseq and writes no change', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxRole: 'inbox',
    keywords: ['$seen'],
  });
  const before = await mailChangesOf(fixture.database, account.id);
  const result = await fixture.mail.addKeywords(account.id, { emailIds: [emailId] }, ['$seen']);
  assert.deepEqual(result, { modseq: undefined, updated: [], modified: [], notFound: [] });
  assert.deepEqual(await mailChangesOf(fixture.database, account.id), before);
});

test('the change log says Email updated, and Mailbox updated only when counts move', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const before = (await mailChangesOf(fixture.database, account.id)).length;
  const seen = await fixture.mail.addKeywords(account.id, { emailIds: [emailId] }, ['$seen']);
  const flagged = await fixture.mail.addKeywords(account.id, { emailIds: [emailId] }, ['$flagged']);
  assert.deepEqual((await mailChangesOf(fixture.database, account.id)).slice(before), [
    `${seen.modseq} updated Email`,
    `${seen.modseq} updated Mailbox`,
    `${flagged.modseq} updated Email`,
  ]);
});

test('UNCHANGEDSINCE skips and reports the messages modified after it', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const first = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const second = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const since = second.modseq;
  const touched = await fixture.mail.addKeywords(account.id, { mailboxId: inbox.id, uids: [2] }, [
    '$flagged',
  ]);
  const result = await fixture.mail.addKeywords(
    account.id,
    { mailboxId: inbox.id, uids: [1, 2] },
    ['$seen'],
    {
      ifUnchangedSince: since,
    },
  );
  assert.deepEqual(result.modified, [{ emailId: second.emailId, uid: 2 }]);
  assert.deepEqual(
    result.updated.map((u) => u.uid),
    [1],
  );
  assert.ok(result.modseq !== undefined && result.modseq > (touched.modseq ?? 0));
  const byIds = await fixture.mail.setKeywords(account.id, { emailIds: [first.emailId] }, [], {
    ifUnchangedSince: since,
  });
  assert.deepEqual(byIds.modified, [{ emailId: first.emailId }], 'by ids, the email modseq is compared');
  await refusedWith(
    fixture.mail.addKeywords(account.id, { emailIds: [first.emailId] }, ['$seen'], { ifUnchangedSince: -1 }),
    'invalid',
    'invalidModseq',
  );
});

test('ids of another account, or unknown, are reported not found and left alone', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const { emailId } = await fixture.mail.importMessage(owner.id, rawMessage(), { mailboxRole: 'inbox' });
  const result = await fixture.mail.addKeywords(other.id, { emailIds: [emailId, 'enope'] }, ['$seen']);
  assert.deepEqual(result.notFound, [emailId, 'enope']);
  assert.deepEqual((await fixture.mail.getEmails(owner.id, [emailId]))[0]?.keywords, []);
  const inbox = await mailboxByRole(fixture, owner.id, 'inbox');
  await refusedWith(
    fixture.mail.addKeywords(other.id, { mailboxId: inbox.id, uids: [1] }, ['$seen']),
    'notFound',
  );
  await refusedWith(
    fixture.mail.addKeywords(owner.id, { mailboxId: inbox.id, uids: [0] }, ['$seen']),
    'invalid',
    'invalidUid',
  );
});

test('an email carries at most 100 keywords', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const many = Array.from({ length: 100 }, (_, i) => `k${i}`);
  const { emailId } = await fixture.mail.importMessage(account.id, rawMessage(), {
    mailboxRole: 'inbox',
    keywords: many,
  });
  await refusedWith(
    fixture.mail.addKeywords(account.id, { emailIds: [emailId] }, ['one-more']),
    'limit',
    'tooManyKeywords',
  );
});

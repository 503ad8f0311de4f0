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
  type MailFixture,
} from './mail.fixture.ts';

/** A message of exactly `bytes` bytes. */
function sizedMessage(bytes: number): Uint8Array {
  const empty = rawMessage({ body: '' }).byteLength;
  return rawMessage({ body: 'x'.repeat(bytes - empty) });
}

async function noticeSubjects(fixture: MailFixture, accountId: string): Promise<string[]> {
  const inbox = await mailboxByRole(fixture, accountId, 'inbox');
  const view = await fixture.mail.mailboxView(accountId, inbox.id);
  const emails = await fixture.mail.getEmails(
    accountId,
    view.map((entry) => entry.emailId),
    [],
  );
  return emails
    .filter((email) => email.from[0]?.address.startsWith('postmaster@'))
    .map((email) => email.subject);
}

async function thresholdsNoticed(fixture: MailFixture, accountId: string): Promise<number[]> {
  const rows = await fixture.database.db
    .selectFrom('quota_notices')
    .select('threshold')
    .where('account_id', '=', accountId)
    .orderBy('threshold')
    .execute();
  return rows.map((row) => Number(row.threshold));
}

test('a message that would exceed the byte quota is refused with overQuota, and leaves nothing', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 10_000 });
  await fixture.mail.importMessage(account.id, sizedMessage(5_000), { mailboxRole: 'inbox' });
  const changes = await mailChangesOf(fixture.database, account.id);
  const quota = await fixture.mail.getQuota(account.id);
  const details = await refusedWith(
    fixture.mail.importMessage(account.id, sizedMessage(6_000), { mailboxRole: 'inbox', isDurable: true }),
    'overQuota',
  );
  assert.deepEqual(details, {
    subject: 'quota',
    name: 'bytes',
    reason: 'overQuota',
    used: 5_000,
    limit: 10_000,
  });
  assert.deepEqual(await fixture.mail.getQuota(account.id), quota);
  assert.deepEqual(await mailChangesOf(fixture.database, account.id), changes);
  assert.equal((await fixture.database.db.selectFrom('emails').select('id').execute()).length, 1);
  await auditMailCounters(fixture.database, account.id);
  await auditBlobReferences(fixture.database);
  // Exactly up to the limit still fits.
  await fixture.mail.importMessage(account.id, sizedMessage(5_000), { mailboxRole: 'inbox' });
});

test('the message count is a quota too', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaMessages: 2 });
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const details = await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' }),
    'overQuota',
  );
  assert.equal(details.name, 'messages');
  assert.deepEqual((await fixture.mail.getQuota(account.id)).limit.messages, 2);
});

test('warnings go out at 80, 90 and 100 %, once each, and again after usage drops back', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 100_000 });
  const big = await fixture.mail.importMessage(account.id, sizedMessage(79_000), { mailboxRole: 'inbox' });
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), []);

  await fixture.mail.importMessage(account.id, sizedMessage(1_000), { mailboxRole: 'inbox' });
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), [80]);
  assert.deepEqual(await noticeSubjects(fixture, account.id), ['Votre boîte aux lettres est remplie à 80 %']);

  await fixture.mail.importMessage(account.id, sizedMessage(500), { mailboxRole: 'inbox' });
  assert.equal((await noticeSubjects(fixture, account.id)).length, 1, 'no second warning at the same level');

  await fixture.mail.importMessage(account.id, sizedMessage(9_000), { mailboxRole: 'inbox' });
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), [80, 90]);

  const { used, limit } = await fixture.mail.getQuota(account.id);
  await fixture.mail.importMessage(account.id, sizedMessage(limit.bytes - used.bytes), {
    mailboxRole: 'inbox',
  });
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), [80, 90, 100]);
  assert.deepEqual(await noticeSubjects(fixture, account.id), [
    'Votre boîte aux lettres est remplie à 80 %',
    'Votre boîte aux lettres est remplie à 90 %',
    'Votre boîte aux lettres est pleine',
  ]);
  const full = await fixture.mail.getQuota(account.id);
  assert.ok(
    full.used.bytes > full.limit.bytes,
    'the last warning reaches a full mailbox: it is how its owner learns',
  );
  await refusedWith(
    fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' }),
    'overQuota',
  );
  assert.equal((await noticeSubjects(fixture, account.id)).length, 3);

  // Making room re-arms the warnings above the new level
  await fixture.mail.destroyEmails(account.id, [big.emailId]);
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), []);
  const after = await fixture.mail.getQuota(account.id);
  await fixture.mail.importMessage(account.id, sizedMessage(80_000 - after.used.bytes), {
    mailboxRole: 'inbox',
  });
  assert.deepEqual(await thresholdsNoticed(fixture, account.id), [80]);
  assert.equal((await noticeSubjects(fixture, account.id)).filter((s) => s.includes('80 %')).length, 2);
  await auditMailCounters(fixture.database, account.id);
});

test('the warning speaks the account language and gives the figures', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture, { quotaBytes: 10_000, locale: 'en' });
  const { emailId } = await fixture.mail.importMessage(account.id, sizedMessage(9_500), {
    mailboxRole: 'inbox',
  });
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const view = await fixture.mail.mailboxView(account.id, inbox.id);
  const notice = view.find((entry) => entry.emailId !== emailId);
  assert.ok(notice);
  const [email] = await fixture.mail.getEmails(account.id, [notice.emailId]);
  assert.equal(email?.subject, 'Your mailbox is 90% full');
  assert.match(email?.preview ?? '', new RegExp(`Your mailbox ${account.email} uses`));
  assert.deepEqual(notice.keywords, [], 'it arrives unread');
});

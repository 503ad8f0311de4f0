// Test fixture: recount everything the mail store maintains incrementally — mailbox totals, unread, threads,
// size, the per-mailbox thread table, account usage, keyword copies and index, blob references, UIDs — from
// the rows themselves, and assert the maintained values equal the recount.

import assert from 'node:assert/strict';
import type { Database } from '#store';

export async function auditMailCounters(database: Database, accountId: string): Promise<void> {
  const { db } = database;
  const mailboxes = await db
    .selectFrom('mailboxes')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  const emails = await db.selectFrom('emails').selectAll().where('account_id', '=', accountId).execute();
  const keywordsOf = new Map(emails.map((email) => [email.id, email.keywords]));
  const memberships = await db
    .selectFrom('email_mailboxes as m')
    .innerJoin('mailboxes as b', 'b.id', 'm.mailbox_id')
    .selectAll('m')
    .where('b.account_id', '=', accountId)
    .execute();

  // Mailboxes: counters, thread table, UIDs, HIGHESTMODSEQ
  for (const mailbox of mailboxes) {
    const rows = memberships.filter((row) => row.mailbox_id === mailbox.id);
    const threads = new Map<string, { total: number; unread: number }>();
    for (const row of rows) {
      const entry = threads.get(row.thread_id) ?? { total: 0, unread: 0 };
      entry.total += 1;
      entry.unread += Number(row.is_unread);
      threads.set(row.thread_id, entry);
      assert.ok(Number(row.uid) < Number(mailbox.uid_next), 'every UID is below UIDNEXT');
      assert.ok(Number(row.modseq) <= Number(mailbox.highest_modseq), 'no MODSEQ above HIGHESTMODSEQ');
    }
    const expected = {
      total: rows.length,
      unread: rows.filter((row) => Number(row.is_unread) === 1).length,
      size: rows.reduce((sum, row) => sum + Number(row.size), 0),
      threads: threads.size,
      unreadThreads: [...threads.values()].filter((entry) => entry.unread > 0).length,
    };
    const actual = {
      total: Number(mailbox.total_emails),
      unread: Number(mailbox.unread_emails),
      size: Number(mailbox.total_size),
      threads: Number(mailbox.total_threads),
      unreadThreads: Number(mailbox.unread_threads),
    };
    assert.deepEqual(actual, expected, `counters of mailbox ${mailbox.name}`);
    const table = await db
      .selectFrom('mailbox_threads')
      .select(['thread_id', 'total_emails', 'unread_emails'])
      .where('mailbox_id', '=', mailbox.id)
      .execute();
    assert.deepEqual(
      new Map(
        table.map((row) => [
          row.thread_id,
          { total: Number(row.total_emails), unread: Number(row.unread_emails) },
        ]),
      ),
      threads,
      `thread table of mailbox ${mailbox.name}`,
    );
  }

  // Memberships carry the email's keywords; every email is somewhere
  for (const row of memberships) {
    const keywords = keywordsOf.get(row.email_id);
    assert.equal(row.keywords, keywords, 'a membership carries its email keywords');
    const unread = (JSON.parse(row.keywords) as string[]).includes('$seen') ? 0 : 1;
    assert.equal(Number(row.is_unread), unread, 'is_unread follows $seen');
  }
  const placed = new Set(memberships.map((row) => row.email_id));
  for (const email of emails) assert.ok(placed.has(email.id), `email ${email.id} is in a mailbox`);

  // The keyword index
  const indexed = await db
    .selectFrom('email_keywords')
    .select(['email_id', 'keyword'])
    .where('account_id', '=', accountId)
    .execute();
  const fromIndex = indexed.map((row) => `${row.email_id} ${row.keyword}`).sort();
  const fromEmails = emails
    .flatMap((email) => (JSON.parse(email.keywords) as string[]).map((k) => `${email.id} ${k}`))
    .sort();
  assert.deepEqual(fromIndex, fromEmails, 'the keyword index matches the emails');

  // Threads: each email's exists, each thread has an email
  const threads = await db.selectFrom('threads').select('id').where('account_id', '=', accountId).execute();
  const threadIds = new Set(threads.map((row) => row.id));
  assert.deepEqual(
    threadIds,
    new Set(emails.map((email) => email.thread_id)),
    'threads are exactly those of the emails',
  );

  // Usage
  const account = await db
    .selectFrom('accounts')
    .select(['used_bytes', 'used_messages'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { bytes: Number(account.used_bytes), messages: Number(account.used_messages) },
    { bytes: emails.reduce((sum, email) => sum + Number(email.size), 0), messages: emails.length },
    'account usage',
  );
}

/** Every blob's reference count equals the emails and uploads that point at it (the test store has no queue). */
export async function auditBlobReferences(database: Database): Promise<void> {
  const blobs = await database.db.selectFrom('blobs').select(['id', 'refcount']).execute();
  const emails = await database.db.selectFrom('emails').select('blob_id').execute();
  const counts = new Map<string, number>();
  const uploads = await database.db.selectFrom('blob_uploads').select('blob_id').execute();
  for (const { blob_id } of [...emails, ...uploads]) counts.set(blob_id, (counts.get(blob_id) ?? 0) + 1);
  for (const blob of blobs) {
    assert.equal(Number(blob.refcount), counts.get(blob.id) ?? 0, `references of blob ${blob.id}`);
  }
}

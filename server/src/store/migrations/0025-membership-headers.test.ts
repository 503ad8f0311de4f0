// Migration 25 on a database holding mail: every membership of an email with a header cache gets its copy in
// membership_headers (one per mailbox the email is in), an email without a cache gets none, and a copy goes
// with its membership and cannot exist without one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '#core/errors';
import { databaseBefore, emailRow } from './migrated-database.fixture.ts';

const CACHE = Buffer.from('Subject: Conseil de classe\r\n\r\n');

function email(id: string, headerCache: Uint8Array | null) {
  return emailRow({ id, accountId: 'acc-1', blobId: 'blob-1', threadId: 'thread-1', headerCache });
}

function mailbox(id: string) {
  return {
    id,
    account_id: 'acc-1',
    parent_id: null,
    name: id,
    role: null,
    colour: null,
    is_subscribed: 1,
    uid_validity: 1,
    uid_next: 10,
    highest_modseq: 1,
    created_at: 1,
    updated_at: 1,
  };
}

function membership(mailboxId: string, uid: number, emailId: string) {
  return {
    mailbox_id: mailboxId,
    uid,
    email_id: emailId,
    thread_id: 'thread-1',
    received_at: 1_700_000_000_000,
    size: 1_234,
    keywords: '[]',
    is_unread: 1,
    modseq: 1,
  };
}

test('memberships of cached emails get their copy, which goes with its membership and needs one', async (t) => {
  const { db, migrate } = await databaseBefore(t, 25, ['acc-1']);
  await db
    .insertInto('blobs')
    .values({ id: 'blob-1', size: 1_234, refcount: 2, unreferenced_since: null, created_at: 1 })
    .execute();
  await db.insertInto('threads').values({ id: 'thread-1', account_id: 'acc-1', created_at: 1 }).execute();
  await db
    .insertInto('emails')
    .values([email('cached', CACHE), email('uncached', null)])
    .execute();
  await db
    .insertInto('mailboxes')
    .values([mailbox('inbox'), mailbox('archive')])
    .execute();
  await db
    .insertInto('email_mailboxes')
    .values([
      membership('inbox', 3, 'cached'),
      membership('inbox', 4, 'uncached'),
      membership('archive', 7, 'cached'),
    ])
    .execute();

  assert.deepEqual(await migrate(), { applied: [25], version: 25 });

  const copies = await db
    .selectFrom('membership_headers')
    .selectAll()
    .orderBy('mailbox_id')
    .orderBy('uid')
    .execute();
  assert.deepEqual(
    copies.map((row) => ({ ...row, header_cache: Buffer.from(row.header_cache).toString() })),
    [
      {
        mailbox_id: 'archive',
        uid: 7,
        size: 1_234,
        received_at: 1_700_000_000_000,
        header_cache: CACHE.toString(),
      },
      {
        mailbox_id: 'inbox',
        uid: 3,
        size: 1_234,
        received_at: 1_700_000_000_000,
        header_cache: CACHE.toString(),
      },
    ],
  );

  await db.deleteFrom('email_mailboxes').where('mailbox_id', '=', 'inbox').execute();
  const left = await db.selectFrom('membership_headers').select(['mailbox_id', 'uid']).execute();
  assert.deepEqual(left, [{ mailbox_id: 'archive', uid: 7 }]);
  await assert.rejects(
    db
      .insertInto('membership_headers')
      .values({ mailbox_id: 'inbox', uid: 3, size: 1, received_at: 1, header_cache: CACHE })
      .execute(),
    (error) => error instanceof StoreError && error.code === 'conflict',
  );
});

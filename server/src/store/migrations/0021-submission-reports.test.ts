// Migration 21 on a database holding submissions already: each gets the Message-ID of its email when the email
// is still there, and the ENVID it left with (its own id, or the client's, xtext-decoded).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databaseBefore, emailRow } from './migrated-database.fixture.ts';

const ACCOUNT = 'acc-1';

function email(id: string, messageId: string | null) {
  return emailRow({ id, accountId: ACCOUNT, blobId: 'b'.repeat(64), threadId: 't1', messageId });
}

function submission(id: string, emailId: string, mailFromParameters: Record<string, string> | null) {
  return {
    id,
    account_id: ACCOUNT,
    identity_id: 'i1',
    email_id: emailId,
    thread_id: 't1',
    queue_id: null,
    envelope: JSON.stringify({
      mailFrom: { email: 'a@example.test', parameters: mailFromParameters },
      rcptTo: [],
    }),
    recipient_count: 1,
    send_at: 1,
    undo_status: 'final',
    delivery_status: '{}',
    destroyed_at: null,
    created_at: 1,
    updated_at: 1,
  };
}

test('existing submissions get their email’s Message-ID and the ENVID they left with', async (t) => {
  const { db, migrate } = await databaseBefore(t, 21, [ACCOUNT]);
  await db.insertInto('threads').values({ id: 't1', account_id: ACCOUNT, created_at: 1 }).execute();
  await db
    .insertInto('blobs')
    .values({ id: 'b'.repeat(64), size: 10, refcount: 3, unreferenced_since: null, created_at: 1 })
    .execute();
  await db
    .insertInto('emails')
    .values([
      email('e-kept', 'kept@example.test'),
      email('e-none', null),
      email('e-long', `${'x'.repeat(600)}@x`),
    ])
    .execute();
  await db
    .insertInto('email_submissions')
    .values([
      submission('u-kept', 'e-kept', null),
      submission('u-none', 'e-none', { ENVID: 'classe+2B4B' }),
      submission('u-long', 'e-long', { envid: 'lower' }),
      submission('u-gone', 'e-destroyed', { HOLDFOR: '60' }),
    ])
    .execute();

  await migrate();
  const rows = await db
    .selectFrom('email_submissions')
    .select(['id', 'message_id', 'envelope_id'])
    .orderBy('id')
    .execute();
  assert.deepStrictEqual(rows, [
    { id: 'u-gone', message_id: null, envelope_id: 'u-gone' },
    { id: 'u-kept', message_id: 'kept@example.test', envelope_id: 'u-kept' },
    { id: 'u-long', message_id: null, envelope_id: 'lower' },
    { id: 'u-none', message_id: null, envelope_id: 'classe+4B' },
  ]);
});

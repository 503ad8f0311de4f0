// Migration 10: email submissions (JMAP EmailSubmission, RFC 8621 §7): the record of each message a user sent
// through JMAP, its envelope, when it is released (scheduled send), whether it can still be canceled and how
// each recipient's delivery went. The message itself waits in the outbound queue (`queue_id`). Rows the user
// destroys stay, marked, until they are an hour old: the hourly sending limits count them.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('email_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    // The queued message; null once canceled (its queue rows are gone).
    .addColumn('queue_id', 'text')
    // JSON {mailFrom: {email, parameters}, rcptTo: [{email, parameters}]}.
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull())
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    // pending, final or canceled.
    .addColumn('undo_status', 'text', (c) => c.notNull())
    // JSON map of recipient address to {smtpReply, delivered, displayed}.
    .addColumn('delivery_status', 'text', (c) => c.notNull())
    .addColumn('destroyed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Listing and querying one account's submissions, newest release first; the hourly limits read created_at.
  await db.schema
    .createIndex('email_submissions_account_send_at_idx')
    .on('email_submissions')
    .columns(['account_id', 'send_at'])
    .execute();
  await db.schema
    .createIndex('email_submissions_account_created_at_idx')
    .on('email_submissions')
    .columns(['account_id', 'created_at'])
    .execute();
  // The queue's progress reports find their submission by queue id.
  await db.schema
    .createIndex('email_submissions_queue_id_idx')
    .on('email_submissions')
    .column('queue_id')
    .execute();
}

export const emailSubmissions: Migration = { version: 10, name: 'email-submissions', up };

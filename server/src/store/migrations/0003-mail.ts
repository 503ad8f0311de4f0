// Migration 3: the mail store (DATA-MODEL.md §2): mailboxes, threads, emails and their keywords, memberships
// with IMAP UIDs, expunge tombstones for QRESYNC, the Message-ID → thread table, per-mailbox thread counters
// and quota notices. Portable schema builder only; root mailboxes have a NULL parent, so sibling-name
// uniqueness is two partial unique indexes (NULLs never collide in a plain unique index, on either dialect).

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await createMailboxes(db);
  await createEmails(db);
  await createMemberships(db);
  await createThreadLookups(db);
}

async function createMailboxes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // The highest UIDVALIDITY ever handed out in the account, so a mailbox re-created under an old name
    // never gets its predecessor's value back, even within the same second (RFC 9051 §2.3.1.1).
    .addColumn('last_uid_validity', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // No cascade: a mailbox with children cannot be destroyed (the domain refuses it first).
    .addColumn('parent_id', 'text', (c) => c.references('mailboxes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('colour', 'text')
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_subscribed', 'integer', (c) => c.notNull())
    .addColumn('uid_validity', 'bigint', (c) => c.notNull())
    .addColumn('uid_next', 'bigint', (c) => c.notNull())
    .addColumn('highest_modseq', 'bigint', (c) => c.notNull())
    // Tombstones with a modseq at or below this were pruned: VANISHED since an older modseq is not exact.
    .addColumn('vanished_floor_modseq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_emails', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('unread_emails', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_threads', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('unread_threads', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mailboxes_sibling_name_key')
    .on('mailboxes')
    .columns(['account_id', 'parent_id', 'name'])
    .unique()
    .where(sql.ref('parent_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('mailboxes_root_name_key')
    .on('mailboxes')
    .columns(['account_id', 'name'])
    .unique()
    .where(sql.ref('parent_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('mailboxes_role_key')
    .on('mailboxes')
    .columns(['account_id', 'role'])
    .unique()
    .where(sql.ref('role'), 'is not', null)
    .execute();
  // "Has it children?" and the parent foreign key's check on delete.
  await db.schema.createIndex('mailboxes_parent_id_idx').on('mailboxes').column('parent_id').execute();
}

async function createEmails(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('threads_account_id_idx').on('threads').column('account_id').execute();

  await db.schema
    .createTable('emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('blob_id', 'text', (c) => c.notNull().references('blobs.id'))
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('message_id', 'text')
    .addColumn('in_reply_to', 'text', (c) => c.notNull())
    .addColumn('message_references', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('normalized_subject', 'text', (c) => c.notNull())
    .addColumn('from_addresses', 'text', (c) => c.notNull())
    .addColumn('sender_addresses', 'text', (c) => c.notNull())
    .addColumn('reply_to_addresses', 'text', (c) => c.notNull())
    .addColumn('to_addresses', 'text', (c) => c.notNull())
    .addColumn('cc_addresses', 'text', (c) => c.notNull())
    .addColumn('bcc_addresses', 'text', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('has_attachment', 'integer', (c) => c.notNull())
    .addColumn('structure', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Account-wide lists by date (JMAP Email/query without inMailbox), ties by id.
  await db.schema
    .createIndex('emails_account_received_idx')
    .on('emails')
    .columns(['account_id', 'received_at', 'id'])
    .execute();
  // Subject fallback of threading, and sorting by subject.
  await db.schema
    .createIndex('emails_account_subject_idx')
    .on('emails')
    .columns(['account_id', 'normalized_subject', 'received_at'])
    .execute();
  await db.schema.createIndex('emails_thread_id_idx').on('emails').column('thread_id').execute();
  // Blob garbage collection deletes blob rows: the foreign key's check needs this to be a lookup.
  await db.schema.createIndex('emails_blob_id_idx').on('emails').column('blob_id').execute();

  await db.schema
    .createTable('email_keywords')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('email_id', 'text', (c) => c.notNull().references('emails.id').onDelete('cascade'))
    // Leading (account, keyword): "every flagged email" (JMAP hasKeyword, IMAP SEARCH FLAGGED) is a range.
    .addPrimaryKeyConstraint('email_keywords_pkey', ['account_id', 'keyword', 'email_id'])
    .execute();
  await db.schema
    .createIndex('email_keywords_email_id_idx')
    .on('email_keywords')
    .column('email_id')
    .execute();
}

async function createMemberships(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_mailboxes')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('uid', 'bigint', (c) => c.notNull())
    .addColumn('email_id', 'text', (c) => c.notNull().references('emails.id').onDelete('cascade'))
    // Copies of immutable email fields, so a mailbox's view, counters and date order need no join.
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // Copy of the email's keywords, rewritten with them: the IMAP view reads one table.
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('is_unread', 'integer', (c) => c.notNull())
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_mailboxes_pkey', ['mailbox_id', 'uid'])
    .addUniqueConstraint('email_mailboxes_email_key', ['mailbox_id', 'email_id'])
    .execute();
  await db.schema
    .createIndex('email_mailboxes_email_id_idx')
    .on('email_mailboxes')
    .column('email_id')
    .execute();
  // CONDSTORE/QRESYNC "changed since modseq N" in one mailbox.
  await db.schema
    .createIndex('email_mailboxes_modseq_idx')
    .on('email_mailboxes')
    .columns(['mailbox_id', 'modseq'])
    .execute();
  // JMAP Email/query inMailbox sorted by receivedAt (the inbox page), ties by id: a page is an index range.
  await db.schema
    .createIndex('email_mailboxes_received_idx')
    .on('email_mailboxes')
    .columns(['mailbox_id', 'received_at', 'email_id'])
    .execute();
  // The unread emails of a mailbox by date (JMAP notKeyword $seen, the unread view): usually a small part of it.
  await db.schema
    .createIndex('email_mailboxes_unread_idx')
    .on('email_mailboxes')
    .columns(['mailbox_id', 'received_at', 'email_id'])
    .where(sql.ref('is_unread'), '=', 1)
    .execute();

  await db.schema
    .createTable('mailbox_threads')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('total_emails', 'bigint', (c) => c.notNull())
    .addColumn('unread_emails', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mailbox_threads_pkey', ['mailbox_id', 'thread_id'])
    .execute();

  await db.schema
    .createTable('expunged_uids')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('uid', 'bigint', (c) => c.notNull())
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addColumn('expunged_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('expunged_uids_pkey', ['mailbox_id', 'uid'])
    .execute();
  // QRESYNC VANISHED (EARLIER): the UIDs expunged in one mailbox since modseq N.
  await db.schema
    .createIndex('expunged_uids_modseq_idx')
    .on('expunged_uids')
    .columns(['mailbox_id', 'modseq'])
    .execute();
  // The retention job removes the oldest first.
  await db.schema
    .createIndex('expunged_uids_expunged_at_idx')
    .on('expunged_uids')
    .column('expunged_at')
    .execute();
}

async function createThreadLookups(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('thread_message_ids')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('thread_message_ids_pkey', ['account_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('thread_message_ids_thread_id_idx')
    .on('thread_message_ids')
    .column('thread_id')
    .execute();

  await db.schema
    .createTable('quota_notices')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('notified_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_notices_pkey', ['account_id', 'threshold'])
    .execute();
}

export const mail: Migration = { version: 3, name: 'mail', up };

// Migration 11: vacation responses (JMAP VacationResponse, RFC 8621 §8): the one automatic reply per account,
// with its period, subject and bodies, and the senders already answered (RFC 5230 §4.2: once per sender per
// period of days), so nobody gets the same reply twice in a row.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vacation_responses')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // 0/1.
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    // Epoch ms; null: no bound on that side.
    .addColumn('from_date', 'bigint')
    .addColumn('to_date', 'bigint')
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('vacation_replies')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The envelope sender answered, lower case.
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('vacation_replies_pkey', ['account_id', 'sender'])
    .execute();
}

export const vacationResponses: Migration = { version: 11, name: 'vacation-responses', up };

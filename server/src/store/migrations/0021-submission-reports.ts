// Migration 21: delivery reports and read receipts linked to the submission they are about (RFC 8621 §7
// dsnBlobIds and mdnBlobIds). A link names the report's own email in the submission's account (its blob is
// that email's), in the order reports arrived; links go with their submission. Submissions keep what finds
// them from a report: the ENVID their message left with (xtext-decoded, as a DSN's Original-Envelope-Id
// carries it; the submission id unless the client gave one) and the Message-ID of the email sent, which stays
// even when the client destroys that email after sending.
//
// Rows from before this migration are filled in: the Message-ID from the email when it still exists, the ENVID
// from the envelope a client gave. The decoding and the bound below are written out: a released migration
// never changes.

import { type Kysely, sql } from 'kysely';
import type { Migration } from './run-migrations.ts';

/** Longer Message-IDs are hostile and do not fit an index key (the threading table keeps the same bound). */
const MAX_MESSAGE_ID_CHARS = 512;

interface BackfillSchema {
  email_submissions: { id: string; envelope: string; envelope_id: string | null };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('email_submissions').addColumn('message_id', 'text').execute();
  await db.schema.alterTable('email_submissions').addColumn('envelope_id', 'text').execute();
  // A report finds its submission within the receiving account by one or the other.
  await db.schema
    .createIndex('email_submissions_account_envelope_id_idx')
    .on('email_submissions')
    .columns(['account_id', 'envelope_id'])
    .execute();
  await db.schema
    .createIndex('email_submissions_account_message_id_idx')
    .on('email_submissions')
    .columns(['account_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('submission_reports')
    .addColumn('submission_id', 'text', (c) =>
      c.notNull().references('email_submissions.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    // Arrival order within the submission, both kinds together: 0, 1, 2…
    .addColumn('position', 'integer', (c) => c.notNull())
    // dsn or mdn.
    .addColumn('kind', 'text', (c) => c.notNull())
    // The report as stored in the account's mailbox.
    .addColumn('email_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('submission_reports_pkey', ['submission_id', 'position'])
    .execute();

  await sql`
    update email_submissions set message_id = (
      select emails.message_id from emails
      where emails.id = email_submissions.email_id
        and emails.account_id = email_submissions.account_id
        and length(emails.message_id) <= ${sql.lit(MAX_MESSAGE_ID_CHARS)}
    )`.execute(db);
  await sql`update email_submissions set envelope_id = id`.execute(db);
  const typed = db as Kysely<BackfillSchema>;
  const given = await typed
    .selectFrom('email_submissions')
    .select(['id', 'envelope'])
    .where(sql<boolean>`lower(envelope) like '%"envid"%'`)
    .execute();
  for (const row of given) {
    const envid = givenEnvid(row.envelope);
    if (envid === undefined) continue;
    await typed
      .updateTable('email_submissions')
      .set({ envelope_id: envid })
      .where('id', '=', row.id)
      .execute();
  }
}

/** The ENVID parameter of the envelope's MAIL FROM, xtext-decoded (RFC 3461 §4); undefined when none. */
function givenEnvid(envelope: string): string | undefined {
  const parsed = JSON.parse(envelope) as { mailFrom?: { parameters?: Record<string, string | null> | null } };
  const parameters = Object.entries(parsed.mailFrom?.parameters ?? {});
  const value = parameters.find(([name]) => name.toUpperCase() === 'ENVID')?.[1];
  if (typeof value !== 'string') return undefined;
  return value.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export const submissionReports: Migration = { version: 21, name: 'submission-reports', up };

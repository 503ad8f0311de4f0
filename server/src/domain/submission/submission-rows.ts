// Reading submission rows: one account's live rows by id, and the row → EmailSubmission mapping (the JSON
// columns parsed back, the linked reports added).

import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, EmailSubmissionsTable } from '#store';
import { NO_REPORTS, type SubmissionReports } from './submission-reports.ts';
import type { DeliveryStatus, EmailSubmission, SubmissionEnvelope, UndoStatus } from './submission.ts';

export type SubmissionRow = Selectable<EmailSubmissionsTable>;

/** IN lists stay far below SQLite's parameter limit. */
const IN_CHUNK = 500;

export function toSubmission(row: SubmissionRow, reports: SubmissionReports = NO_REPORTS): EmailSubmission {
  return {
    id: row.id,
    identityId: row.identity_id,
    emailId: row.email_id,
    threadId: row.thread_id,
    envelope: JSON.parse(row.envelope) as SubmissionEnvelope,
    sendAt: new Date(Number(row.send_at)),
    undoStatus: row.undo_status as UndoStatus,
    deliveryStatus: JSON.parse(row.delivery_status) as Record<string, DeliveryStatus>,
    dsnEmailIds: reports.dsnEmailIds,
    mdnEmailIds: reports.mdnEmailIds,
  };
}

/** The account's live (not destroyed) rows among `ids`, by id. */
export async function submissionRows(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, SubmissionRow>> {
  const byId = new Map<string, SubmissionRow>();
  for (let start = 0; start < ids.length; start += IN_CHUNK) {
    const rows = await db
      .selectFrom('email_submissions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', 'in', ids.slice(start, start + IN_CHUNK))
      .where('destroyed_at', 'is', null)
      .execute();
    for (const row of rows) byId.set(row.id, row);
  }
  return byId;
}

// Delivery reports and read receipts linked to the submission they are about (RFC 8621 §7 dsnBlobIds,
// mdnBlobIds and deliveryStatus.displayed). Delivery stores a report like any mail and, in that same
// transaction, asks here: the receiving account's own live submission whose ENVID the DSN names, else whose
// email had the Message-ID the report names, gets the report's email linked (at most
// MAX_REPORTS_PER_KIND of each kind) and, for a receipt saying `displayed`, that recipient marked displayed.
// The submission is then updated in the change log, so /changes and push see it. Never across accounts.

import type { Kysely } from 'kysely';
import type { ReportLinks, ReportReference, StoredReport } from '#domain/delivery';
import type { DatabaseSchema, WriteTransaction } from '#store';
import { readReportReference } from './report-reference.ts';
import type { SubmissionContext } from './submission-context.ts';
import { type DeliveryStatus, SUBMISSION_TYPE } from './submission.ts';

/**
 * Links of one kind a submission keeps: a report per recipient of a large send, with room for repeats. More
 * is a flood (or a loop), and each further report is only delivered.
 */
export const MAX_REPORTS_PER_KIND = 100;

/** IN lists stay far below SQLite's parameter limit. */
const IN_CHUNK = 500;

/** A submission's linked reports: the account's emails, in arrival order. */
export interface SubmissionReports {
  readonly dsnEmailIds: readonly string[];
  readonly mdnEmailIds: readonly string[];
}

export const NO_REPORTS: SubmissionReports = { dsnEmailIds: [], mdnEmailIds: [] };

/** What the submission service hands delivery (main.ts wires it into the pipeline and the queue). */
export function submissionReportLinks(context: SubmissionContext): ReportLinks {
  return {
    async read(raw) {
      try {
        return await readReportReference(raw);
      } catch (error) {
        // The parser is bounded and never throws on bad mail; if it does, the report is delivered unlinked.
        context.log.error({ err: error }, 'a delivery report could not be read; stored without its link');
        return undefined;
      }
    },
    link: (tx, report) => linkReport(context, tx, report),
  };
}

/** Link `report` to its account's submission it is about, if there is one. */
export async function linkReport(
  context: SubmissionContext,
  tx: WriteTransaction,
  report: StoredReport,
): Promise<void> {
  const { accountId, emailId, reference } = report;
  const id = await reportedSubmission(tx, accountId, reference);
  if (id === undefined) return;
  // A flood past the bound changes nothing, and must not show as changes either.
  const isFull = (await linkCount(tx, id, reference.kind)) >= MAX_REPORTS_PER_KIND;
  if (isFull && reference.displayedBy.length === 0) return;
  // The account's row first, then the submission's, as every mail write takes them: no deadlock with the
  // queue's progress reports on PostgreSQL, and concurrent reports on one submission take turns.
  await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'updated');
  const now = context.clock.nowMs();
  await tx.db.updateTable('email_submissions').set({ updated_at: now }).where('id', '=', id).execute();
  const row = await tx.db
    .selectFrom('email_submissions')
    .select('delivery_status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const links = await tx.db
    .selectFrom('submission_reports')
    .select(['kind', 'email_id', 'position'])
    .where('submission_id', '=', id)
    .execute();
  if (links.some((link) => link.email_id === emailId)) return;

  if (links.filter((link) => link.kind === reference.kind).length < MAX_REPORTS_PER_KIND) {
    const position = links.reduce((last, link) => Math.max(last, Number(link.position)), -1) + 1;
    await tx.db
      .insertInto('submission_reports')
      .values({
        submission_id: id,
        account_id: accountId,
        position,
        kind: reference.kind,
        email_id: emailId,
        created_at: now,
      })
      .execute();
  }
  const status = JSON.parse(row.delivery_status) as Record<string, DeliveryStatus>;
  if (markDisplayed(status, reference.displayedBy)) {
    await tx.db
      .updateTable('email_submissions')
      .set({ delivery_status: JSON.stringify(status) })
      .where('id', '=', id)
      .execute();
  }
  context.log.info(
    { event: 'submission.reportLinked', accountId, submission: id, kind: reference.kind, emailId },
    'report linked to its submission',
  );
}

async function linkCount(tx: WriteTransaction, id: string, kind: ReportReference['kind']): Promise<number> {
  const row = await tx.db
    .selectFrom('submission_reports')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('submission_id', '=', id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * The account's live submission the report is about: by ENVID for a DSN, else by the Message-ID it names;
 * the newest when a client sent one email (or gave one ENVID) several times.
 */
async function reportedSubmission(
  tx: WriteTransaction,
  accountId: string,
  reference: ReportReference,
): Promise<string | undefined> {
  const newest = (column: 'envelope_id' | 'message_id', values: readonly string[]) =>
    tx.db
      .selectFrom('email_submissions')
      .select('id')
      .where('account_id', '=', accountId)
      .where(column, 'in', values)
      .where('destroyed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  if (reference.envelopeIds.length > 0) {
    const byEnvelope = await newest('envelope_id', reference.envelopeIds);
    if (byEnvelope !== undefined) return byEnvelope.id;
  }
  if (reference.messageId === null) return undefined;
  return (await newest('message_id', [reference.messageId]))?.id;
}

/**
 * Mark displayed the first of `addresses` (Final-Recipient, then Original-Recipient) that is a recipient of
 * the submission; whether anything changed.
 */
function markDisplayed(status: Record<string, DeliveryStatus>, addresses: readonly string[]): boolean {
  for (const address of addresses) {
    const key = Object.keys(status).find((recipient) => recipient.toLowerCase() === address);
    const current = key === undefined ? undefined : status[key];
    if (key === undefined || current === undefined) continue;
    if (current.displayed === 'yes') return false;
    status[key] = { ...current, displayed: 'yes' };
    return true;
  }
  return false;
}

/** The linked reports of the account's submissions among `ids`, by submission id (absent: none). */
export async function reportsOf(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, SubmissionReports>> {
  const byId = new Map<string, { dsnEmailIds: string[]; mdnEmailIds: string[] }>();
  for (let start = 0; start < ids.length; start += IN_CHUNK) {
    const rows = await db
      .selectFrom('submission_reports')
      .select(['submission_id', 'kind', 'email_id'])
      .where('account_id', '=', accountId)
      .where('submission_id', 'in', ids.slice(start, start + IN_CHUNK))
      .orderBy('submission_id')
      .orderBy('position')
      .execute();
    for (const row of rows) {
      let reports = byId.get(row.submission_id);
      if (reports === undefined) {
        reports = { dsnEmailIds: [], mdnEmailIds: [] };
        byId.set(row.submission_id, reports);
      }
      (row.kind === 'mdn' ? reports.mdnEmailIds : reports.dsnEmailIds).push(row.email_id);
    }
  }
  return byId;
}

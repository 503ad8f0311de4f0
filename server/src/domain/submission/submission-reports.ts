// Delivery reports and read receipts linked to the submission they are about (RFC 8621 §7 dsnBlobIds,
// mdnBlobIds and deliveryStatus.displayed). Delivery stores a report like any mail and, in that same
// transaction, asks here: the receiving account's own live submission whose ENVID the DSN names, else whose
// email had the Message-ID the report names, gets the report's email linked (at most
// MAX_REPORTS_PER_KIND of each kind); a receipt saying `displayed` marks that recipient displayed, and a
// DSN's per-recipient blocks settle the delivery the queue left `unknown` (see settleDelivered). The
// submission is then updated in the change log, so /changes and push see it. Never across accounts.

import type { Kysely } from 'kysely';
import type { ReportedRecipient, ReportLinks, ReportReference, StoredReport } from '#domain/delivery';
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

/**
 * What a DSN's Action settles (RFC 3464 §2.3.3). `relayed` and `expanded` went on to where reports may not
 * come from, and `delayed` is still under way: those leave `delivered` as it is.
 */
const SETTLED: Partial<Record<ReportedRecipient['action'], 'yes' | 'no'>> = {
  delivered: 'yes',
  failed: 'no',
};

type Statuses = Record<string, DeliveryStatus>;

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
  // A flood past the bound changes nothing, and must not show as changes either: a report past it is only
  // worth a change when it changes a recipient's status (read again below, under the locks).
  const isFull = (await linkCount(tx, id, reference.kind)) >= MAX_REPORTS_PER_KIND;
  if (isFull && !updateStatus(await statusOf(tx, id), reference)) return;
  // The account's row first, then the submission's, as every mail write takes them: no deadlock with the
  // queue's progress reports on PostgreSQL, and concurrent reports on one submission take turns.
  await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'updated');
  const now = context.clock.nowMs();
  await tx.db.updateTable('email_submissions').set({ updated_at: now }).where('id', '=', id).execute();
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
  const status = await statusOf(tx, id);
  if (updateStatus(status, reference)) {
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

async function statusOf(tx: WriteTransaction, id: string): Promise<Statuses> {
  const row = await tx.db
    .selectFrom('email_submissions')
    .select('delivery_status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.delivery_status) as Statuses;
}

/** Apply to `status` what the report says of the recipients; whether anything changed. */
function updateStatus(status: Statuses, reference: ReportReference): boolean {
  // Envelope addresses by lower case, as reports name them; built once, a DSN may name a hundred.
  const keys = new Map<string, string>();
  for (const key of Object.keys(status)) {
    if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  }
  const keyOf = (addresses: readonly string[]) =>
    addresses.map((address) => keys.get(address)).find((key) => key !== undefined);
  const isDisplayed = markDisplayed(status, keyOf(reference.displayedBy));
  let isSettled = false;
  for (const recipient of reference.recipients) {
    if (settleDelivered(status, keyOf(recipient.addresses), recipient)) isSettled = true;
  }
  return isDisplayed || isSettled;
}

/** Mark displayed the recipient a receipt names (Final-, else Original-Recipient); whether it changed. */
function markDisplayed(status: Statuses, key: string | undefined): boolean {
  const current = key === undefined ? undefined : status[key];
  if (key === undefined || current === undefined || current.displayed === 'yes') return false;
  status[key] = { ...current, displayed: 'yes' };
  return true;
}

/**
 * A DSN's word on one recipient: `delivered` makes it `yes`, `failed` makes it `no` with the report's reply.
 * Only a recipient the queue left `unknown` changes, i.e. one another server accepted: a local recipient is
 * delivered by us and its `yes`, `no` or `queued` is the queue's own (a DSN, ours included, never overrides
 * it), `queued` is still ours to try, and the first definitive answer wins (no later report turns a `yes`
 * into `no` or back). Whether it changed.
 */
function settleDelivered(status: Statuses, key: string | undefined, recipient: ReportedRecipient): boolean {
  const delivered = SETTLED[recipient.action];
  const current = key === undefined ? undefined : status[key];
  if (key === undefined || current === undefined || delivered === undefined) return false;
  if (current.delivered !== 'unknown') return false;
  // `yes` keeps the reply of the server that accepted the message, which still holds.
  status[key] =
    delivered === 'no'
      ? { ...current, delivered, smtpReply: recipient.smtpReply }
      : { ...current, delivered };
  return true;
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

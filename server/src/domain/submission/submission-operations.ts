// Reading and changing submission records (EmailSubmission/get, /query, /set update and destroy) and what the
// queue reports about each recipient. A pending submission is canceled by taking its message back out of the
// queue, in the same transaction that marks it canceled; once the queue has started on it, it is final.
// Destroying a record never touches the deliveries it represents (RFC 8621 §7.5).

import { cancelScheduled, type SubmissionProgress } from '#domain/delivery';
import type { WriteTransaction } from '#store';
import type { SubmissionContext } from './submission-context.ts';
import { reportsOf } from './submission-reports.ts';
import { type SubmissionRow, submissionRows, toSubmission } from './submission-rows.ts';
import {
  type DeliveryStatus,
  type EmailSubmission,
  SUBMISSION_LIMITS,
  SUBMISSION_TYPE,
  SubmissionRefused,
  submissionNotFound,
  type UndoStatus,
} from './submission.ts';

/** EmailSubmission/query's filter (RFC 8621 §7.3); every condition given must hold. */
export interface SubmissionFilter {
  readonly emailIds?: readonly string[];
  readonly threadIds?: readonly string[];
  readonly undoStatus?: UndoStatus;
  /** sendAt strictly before. */
  readonly before?: Date;
  /** sendAt at or after. */
  readonly after?: Date;
}

export interface SubmissionSort {
  readonly property: 'emailId' | 'threadId' | 'sendAt';
  readonly isAscending: boolean;
}

/** The account's live submissions among `ids` (every one when null), in no particular order. */
export async function getSubmissions(
  context: SubmissionContext,
  accountId: string,
  ids: readonly string[] | null,
): Promise<readonly EmailSubmission[]> {
  const { db } = context.database;
  const rows =
    ids !== null
      ? [...(await submissionRows(db, accountId, ids)).values()]
      : await db
          .selectFrom('email_submissions')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('destroyed_at', 'is', null)
          .orderBy('send_at')
          .orderBy('id')
          .limit(SUBMISSION_LIMITS.maxQueryResults)
          .execute();
  const reports = await reportsOf(
    db,
    accountId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSubmission(row, reports.get(row.id)));
}

const SORT_COLUMNS = { emailId: 'email_id', threadId: 'thread_id', sendAt: 'send_at' } as const;
const DEFAULT_SORT: SubmissionSort = { property: 'sendAt', isAscending: true };

/** Ids of the account's live submissions matching `filter`, sorted (then by id), at most maxQueryResults. */
export async function querySubmissions(
  context: SubmissionContext,
  accountId: string,
  filter: SubmissionFilter,
  sort: readonly SubmissionSort[],
): Promise<readonly string[]> {
  let query = context.database.db
    .selectFrom('email_submissions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('destroyed_at', 'is', null);
  if (filter.emailIds !== undefined) {
    if (filter.emailIds.length === 0) return [];
    query = query.where('email_id', 'in', filter.emailIds);
  }
  if (filter.threadIds !== undefined) {
    if (filter.threadIds.length === 0) return [];
    query = query.where('thread_id', 'in', filter.threadIds);
  }
  if (filter.undoStatus !== undefined) query = query.where('undo_status', '=', filter.undoStatus);
  if (filter.before !== undefined) query = query.where('send_at', '<', filter.before.getTime());
  if (filter.after !== undefined) query = query.where('send_at', '>=', filter.after.getTime());
  // Oldest release first unless asked otherwise.
  for (const { property, isAscending } of sort.length > 0 ? sort : [DEFAULT_SORT]) {
    query = query.orderBy(SORT_COLUMNS[property], isAscending ? 'asc' : 'desc');
  }
  const rows = await query.orderBy('id').limit(SUBMISSION_LIMITS.maxQueryResults).execute();
  return rows.map((row) => row.id);
}

async function lockedRow(tx: WriteTransaction, accountId: string, id: string): Promise<SubmissionRow> {
  const row = (await submissionRows(tx.db, accountId, [id])).get(id);
  if (row === undefined) throw submissionNotFound(id);
  return row;
}

/** Set undoStatus to canceled: the message leaves the queue unsent, or cannotUnsend once it has started. */
export async function cancelSubmission(
  context: SubmissionContext,
  accountId: string,
  id: string,
): Promise<EmailSubmission> {
  const row = await context.database.write(async (tx) => {
    const current = await lockedRow(tx, accountId, id);
    if (current.undo_status === 'canceled') return current;
    const outcome =
      current.undo_status === 'pending' && current.queue_id !== null
        ? await cancelScheduled(tx, current.queue_id, context.clock.nowMs(), context.clock)
        : 'tooLate';
    if (outcome !== 'canceled') return undefined;
    const canceled = {
      ...current,
      undo_status: 'canceled',
      queue_id: null,
      delivery_status: '{}',
      updated_at: context.clock.nowMs(),
    };
    await tx.db
      .updateTable('email_submissions')
      .set({
        undo_status: 'canceled',
        queue_id: null,
        delivery_status: '{}',
        updated_at: canceled.updated_at,
      })
      .where('id', '=', id)
      .execute();
    await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'updated');
    return canceled;
  });
  if (row === undefined) {
    throw new SubmissionRefused(
      { reason: 'cannotUnsend' },
      'the message has left already and cannot be unsent',
    );
  }
  context.log.info({ event: 'submission.canceled', accountId, submission: id }, 'scheduled send canceled');
  const reports = await reportsOf(context.database.db, accountId, [id]);
  return toSubmission(row, reports.get(id));
}

/** Forget the record (kept an hour, unseen, for the sending limits); its deliveries go on. */
export async function destroySubmission(
  context: SubmissionContext,
  accountId: string,
  id: string,
): Promise<void> {
  await context.database.write(async (tx) => {
    await lockedRow(tx, accountId, id);
    await tx.db
      .updateTable('email_submissions')
      .set({ destroyed_at: context.clock.nowMs() })
      .where('id', '=', id)
      .execute();
    await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'destroyed');
  });
}

function deliveryStatusOf(
  recipient: SubmissionProgress['recipients'][number],
  displayed: DeliveryStatus['displayed'],
): DeliveryStatus {
  // Relayed to another server is not delivered yet as far as we know (RFC 8621 §7): unknown, not yes.
  const delivered =
    recipient.state === 'bounced'
      ? 'no'
      : recipient.state === 'deferred'
        ? 'queued'
        : recipient.isLocal
          ? 'yes'
          : 'unknown';
  return { smtpReply: recipient.smtpReply, delivered, displayed };
}

/**
 * The queue's hook, in the transaction recording an attempt: the recipients' new status on the submission
 * that queued the message (none for SMTP submissions), which is final from then on.
 */
export async function recordProgress(
  context: SubmissionContext,
  tx: WriteTransaction,
  progress: SubmissionProgress,
): Promise<void> {
  const found = await tx.db
    .selectFrom('email_submissions')
    .select('id')
    .where('queue_id', '=', progress.queueId)
    .where('account_id', '=', progress.accountId)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  if (found === undefined) return;
  // The account's row, then the submission's, before its status is read: the order mail writes take them in
  // (a report linked inside an import does too), so on PostgreSQL neither waits for the other the other way
  // round, nor overwrites what the other wrote.
  await tx.recordChange(progress.accountId, SUBMISSION_TYPE, found.id, 'updated');
  await tx.db
    .updateTable('email_submissions')
    .set({ undo_status: 'final', updated_at: context.clock.nowMs() })
    .where('id', '=', found.id)
    .execute();
  const row = await tx.db
    .selectFrom('email_submissions')
    .select('delivery_status')
    .where('id', '=', found.id)
    .executeTakeFirstOrThrow();
  const status = JSON.parse(row.delivery_status) as Record<string, DeliveryStatus>;
  for (const recipient of progress.recipients) {
    // A read receipt may have said displayed already; an attempt's report does not undo that.
    const displayed = status[recipient.address]?.displayed ?? 'unknown';
    status[recipient.address] = deliveryStatusOf(recipient, displayed);
  }
  await tx.db
    .updateTable('email_submissions')
    .set({ delivery_status: JSON.stringify(status) })
    .where('id', '=', found.id)
    .execute();
}

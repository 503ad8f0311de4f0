// Forgetting submissions. RFC 8621 §7 lets the server destroy EmailSubmission objects after a while: a
// finished one (final or canceled) goes SUBMISSION_RETENTION_MS after its release, reported destroyed in the
// change log like a client's destroy. Records a client destroyed were kept, unseen, for the hourly sending
// limits (counted from created_at); once older than that window they go for good, with the reports linked
// to them (the reports' emails stay in the mailbox). Bounded work per run: batches of PRUNE_BATCH rows, at
// most PRUNE_ROUNDS of each kind.

import type { WriteTransaction } from '#store';
import type { SubmissionContext } from './submission-context.ts';
import { SUBMISSION_TYPE } from './submission.ts';

const HOUR = 3_600_000;
/** A finished submission is kept this long after its release: the sender has long seen how it went. */
export const SUBMISSION_RETENTION_MS = 30 * 24 * HOUR;
/** Destroyed records are kept past the sending limits' one-hour window, with a margin. */
export const DESTROYED_SUBMISSION_RETENTION_MS = 2 * HOUR;
const PRUNE_BATCH = 500;
const PRUNE_ROUNDS = 20;

export interface SubmissionPruneReport {
  /** Finished submissions destroyed for their age (each a change). */
  readonly expired: number;
  /** Rows removed for good (destroyed by a client earlier, past the limits' window). */
  readonly removed: number;
}

export async function pruneSubmissions(
  context: SubmissionContext,
  nowMs: number,
): Promise<SubmissionPruneReport> {
  const { database } = context;
  const expired = await inBatches((limit) =>
    database.write(async (tx) => {
      const rows = await tx.db
        .selectFrom('email_submissions')
        .select(['id', 'account_id'])
        .where('destroyed_at', 'is', null)
        .where('undo_status', '!=', 'pending')
        .where('send_at', '<', nowMs - SUBMISSION_RETENTION_MS)
        .limit(limit)
        .execute();
      await deleteRows(tx, rows);
      for (const row of rows) await tx.recordChange(row.account_id, SUBMISSION_TYPE, row.id, 'destroyed');
      return rows.length;
    }),
  );
  const removed = await inBatches((limit) =>
    database.write(async (tx) => {
      const rows = await tx.db
        .selectFrom('email_submissions')
        .select('id')
        .where('destroyed_at', 'is not', null)
        .where('created_at', '<', nowMs - DESTROYED_SUBMISSION_RETENTION_MS)
        .limit(limit)
        .execute();
      await deleteRows(tx, rows);
      return rows.length;
    }),
  );
  if (expired + removed > 0) {
    context.log.info({ event: 'submissions.pruned', expired, removed }, 'old submissions pruned');
  }
  return { expired, removed };
}

/** Run `batch` until it handles fewer than PRUNE_BATCH rows, at most PRUNE_ROUNDS times; the rows handled. */
async function inBatches(batch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let round = 0; round < PRUNE_ROUNDS; round++) {
    const count = await batch(PRUNE_BATCH);
    total += count;
    if (count < PRUNE_BATCH) break;
  }
  return total;
}

async function deleteRows(tx: WriteTransaction, rows: readonly { id: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  await tx.db.deleteFrom('submission_reports').where('submission_id', 'in', ids).execute();
  await tx.db.deleteFrom('email_submissions').where('id', 'in', ids).execute();
}

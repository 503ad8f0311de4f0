// Canceling a scheduled send (JMAP EmailSubmission undoStatus pending → canceled, RFC 8621 §7.5): the queued
// message goes with its recipients and its blob reference, but only while no runner has touched it and none
// can take it now. It runs in the caller's transaction, so the submission's own record changes with it.

import type { Clock } from '#core/clock';
import { dropBlobReference, type WriteTransaction } from '#store';

export type CancelOutcome = 'canceled' | 'tooLate' | 'notFound';

/**
 * A send due within this much of now can no longer be canceled: a runner on another node, whose clock may be
 * a little ahead of ours, may already count it as due and claim it the moment this transaction ends.
 */
export const CANCEL_MARGIN_MS = 1_000;

interface LockedRecipient {
  readonly state: string;
  readonly attempts: number | string;
  readonly lease_owner: string | null;
  readonly next_attempt_at: number | string;
}

// The rows are locked by an UPDATE that changes nothing, with RETURNING. On PostgreSQL it takes the row locks
// SELECT … FOR UPDATE would: it waits for a runner's claim holding them (FOR UPDATE SKIP LOCKED, then the
// lease), returns the rows as that claim left them, and makes later claims skip them until we commit. On
// SQLite the caller's write transaction already keeps every runner out. A WriteTransaction does not say which
// backend it runs on, and this needs no dialect test. The message row is locked first, as recording results
// and the admin operations do, so none of them can deadlock with a cancel.

/** The message row, locked; undefined when there is no such message. */
async function lockMessage(tx: WriteTransaction, queueId: string) {
  return await tx.db
    .updateTable('queue_messages')
    .set((eb) => ({ completed_at: eb.ref('completed_at') }))
    .where('id', '=', queueId)
    .returning(['blob_id', 'completed_at'])
    .executeTakeFirst();
}

/** Every recipient row of the message, locked, as the last claim or attempt left it. */
async function lockRecipients(tx: WriteTransaction, queueId: string): Promise<LockedRecipient[]> {
  return await tx.db
    .updateTable('queue_recipients')
    .set((eb) => ({ attempts: eb.ref('attempts') }))
    .where('message_id', '=', queueId)
    .returning(['state', 'attempts', 'lease_owner', 'next_attempt_at'])
    .execute();
}

/**
 * Never claimed (a claim counts the attempt and leases the row) and not due before `horizon`. A held
 * recipient is never due: no runner claims it until an administrator releases it.
 */
function isCancelable(recipient: LockedRecipient, horizon: number): boolean {
  if (Number(recipient.attempts) > 0 || recipient.lease_owner !== null) return false;
  if (recipient.state === 'hold') return true;
  return recipient.state === 'incoming' && Number(recipient.next_attempt_at) > horizon;
}

/**
 * In the caller's write transaction: remove queued message `queueId` if none of its recipients was attempted
 * yet and none is due before `nowMs` + CANCEL_MARGIN_MS (so a runner polling right now cannot take it); drops
 * its blob reference. Safe against runners in other processes: the conditions are checked on the locked rows.
 */
export async function cancelScheduled(
  tx: WriteTransaction,
  queueId: string,
  nowMs: number,
  clock: Clock,
): Promise<CancelOutcome> {
  const message = await lockMessage(tx, queueId);
  if (!message) return 'notFound';
  if (message.completed_at !== null) return 'tooLate';
  const recipients = await lockRecipients(tx, queueId);
  const horizon = nowMs + CANCEL_MARGIN_MS;
  if (!recipients.every((recipient) => isCancelable(recipient, horizon))) return 'tooLate';

  await tx.db.deleteFrom('queue_recipients').where('message_id', '=', queueId).execute();
  await tx.db.deleteFrom('queue_messages').where('id', '=', queueId).execute();
  if (message.blob_id !== null) await dropBlobReference(tx, message.blob_id, clock);
  return 'canceled';
}

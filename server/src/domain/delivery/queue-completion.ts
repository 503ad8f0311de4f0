// The end of a queued message: once no recipient is pending, it is marked completed and its blob reference is
// dropped (the content becomes collectable); the row stays for `queue list` until it is purged.

import type { Clock } from '#core/clock';
import { type Database, dropBlobReference, type WriteTransaction } from '#store';

/** Complete `messageId` if none of its recipients is pending; true when this call completed it. */
export async function completeIfDone(
  tx: WriteTransaction,
  messageId: string,
  now: number,
  clock: Clock,
): Promise<boolean> {
  const pending = await tx.db
    .selectFrom('queue_recipients')
    .select('id')
    .where('message_id', '=', messageId)
    .where('state', 'not in', ['delivered', 'bounced'])
    .limit(1)
    .executeTakeFirst();
  if (pending) return false;
  const message = await tx.db
    .selectFrom('queue_messages')
    .select('blob_id')
    .where('id', '=', messageId)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  if (!message) return false;
  await tx.db
    .updateTable('queue_messages')
    .set({ completed_at: now, blob_id: null })
    .where('id', '=', messageId)
    .execute();
  if (message.blob_id !== null) await dropBlobReference(tx, message.blob_id, clock);
  return true;
}

/** Rows per purge transaction: short writes, so delivery never waits long for the writer. */
const PURGE_BATCH = 500;

/** Delete messages completed before `cutoff` (their recipients go with them); returns how many. */
export async function purgeCompleted(
  database: Database,
  cutoff: number,
  maxMessages = 10_000,
): Promise<number> {
  let purged = 0;
  while (purged < maxMessages) {
    const deleted = await database.write(async ({ db }) => {
      const rows = await db
        .selectFrom('queue_messages')
        .select('id')
        .where('completed_at', '<', cutoff)
        .limit(Math.min(PURGE_BATCH, maxMessages - purged))
        .execute();
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await db.deleteFrom('queue_recipients').where('message_id', 'in', ids).execute();
      await db.deleteFrom('queue_messages').where('id', 'in', ids).execute();
      return ids.length;
    });
    if (deleted === 0) break;
    purged += deleted;
  }
  return purged;
}

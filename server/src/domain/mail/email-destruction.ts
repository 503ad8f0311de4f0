// Destroying emails that are left in no mailbox (DATA-MODEL.md §2: an email has a mailbox unless destroyed):
// the row and its keywords go, the blob loses a reference, the search entry goes, the thread goes with its
// last email, and the account's usage drops — all in the caller's transaction.

import { dropBlobReference, type WriteTransaction } from '#store';
import { ownedBy } from './email-rows.ts';
import type { MailContext } from './mail-context.ts';
import { inChunks } from './mail-limits.ts';
import { emailsWithoutMailbox } from './memberships.ts';
import { releaseUsage } from './quota-usage.ts';

/** Destroy those of `emailIds` that no mailbox holds any more; returns their ids. */
export async function destroyOrphanEmails(
  context: MailContext,
  tx: WriteTransaction,
  accountId: string,
  emailIds: readonly string[],
): Promise<string[]> {
  const orphans = await emailsWithoutMailbox(tx.db, emailIds);
  if (orphans.length === 0) return [];
  const destroyed: string[] = [];
  const threadIds = new Set<string>();
  let bytes = 0;
  for (const part of inChunks(orphans)) {
    const rows = await tx.db
      .selectFrom('emails')
      .select(['id', 'account_id', 'blob_id', 'size', 'thread_id'])
      .where('id', 'in', part)
      .execute()
      .then(ownedBy(accountId));
    if (rows.length === 0) continue;
    const ids = rows.map((row) => row.id);
    await tx.db.deleteFrom('email_keywords').where('email_id', 'in', ids).execute();
    await tx.db.deleteFrom('emails').where('id', 'in', ids).execute();
    for (const row of rows) {
      await dropBlobReference(tx, row.blob_id, context.clock);
      await context.database.search.remove(tx, accountId, row.id);
      await tx.recordChange(accountId, 'Email', row.id, 'destroyed');
      threadIds.add(row.thread_id);
      bytes += Number(row.size);
      destroyed.push(row.id);
    }
  }
  await settleThreads(tx, accountId, [...threadIds]);
  await releaseUsage(context, tx, accountId, bytes, destroyed.length);
  return destroyed;
}

/** Threads that lost emails: destroyed with their last one, updated otherwise (their emailIds changed). */
async function settleThreads(
  tx: WriteTransaction,
  accountId: string,
  threadIds: readonly string[],
): Promise<void> {
  for (const part of inChunks(threadIds)) {
    const alive = await tx.db
      .selectFrom('emails')
      .select('thread_id')
      .distinct()
      .where('thread_id', 'in', part)
      .execute();
    const kept = new Set(alive.map((row) => row.thread_id));
    const gone = part.filter((id) => !kept.has(id));
    if (gone.length > 0) {
      await tx.db.deleteFrom('thread_message_ids').where('thread_id', 'in', gone).execute();
      await tx.db.deleteFrom('threads').where('id', 'in', gone).execute();
    }
    for (const id of part)
      await tx.recordChange(accountId, 'Thread', id, kept.has(id) ? 'updated' : 'destroyed');
  }
}

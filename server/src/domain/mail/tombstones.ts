// The retention job's half in the mail store: expunge tombstones older than the retention go, and each mailbox
// remembers the highest modseq pruned, so VANISHED (EARLIER) since an older modseq is reported as inexact
// rather than silently incomplete (RFC 7162 §3.2.5.1). Pruning is housekeeping, not a change: no modseq.

import type { MailContext } from './mail-context.ts';

/** Tombstones per transaction: short transactions keep the single SQLite writer free for deliveries. */
const PRUNE_BATCH = 500;

export interface TombstonePruneOptions {
  /** Tombstones of UIDs expunged before this time (ms since the epoch) go. */
  readonly olderThanMs: number;
}

/** Remove old tombstones across all accounts; returns how many went. */
export async function pruneTombstones(context: MailContext, options: TombstonePruneOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const pruned = await context.database.write(async (tx) => {
      const batch = await tx.db
        .selectFrom('expunged_uids')
        .select(['mailbox_id', 'uid', 'modseq'])
        .where('expunged_at', '<', options.olderThanMs)
        .orderBy('expunged_at')
        .limit(PRUNE_BATCH)
        .execute();
      const floors = new Map<string, number>();
      for (const row of batch)
        floors.set(row.mailbox_id, Math.max(floors.get(row.mailbox_id) ?? 0, Number(row.modseq)));
      for (const [mailboxId, floor] of floors) {
        await tx.db
          .deleteFrom('expunged_uids')
          .where('mailbox_id', '=', mailboxId)
          .where(
            'uid',
            'in',
            batch.filter((row) => row.mailbox_id === mailboxId).map((row) => row.uid),
          )
          .execute();
        await tx.db
          .updateTable('mailboxes')
          .set((eb) => ({
            vanished_floor_modseq: eb
              .case()
              .when('vanished_floor_modseq', '<', floor)
              .then(floor)
              .else(eb.ref('vanished_floor_modseq'))
              .end(),
          }))
          .where('id', '=', mailboxId)
          .execute();
      }
      return batch.length;
    });
    total += pruned;
    // Each round deletes rows or stops, so the loop ends.
    if (pruned < PRUNE_BATCH) break;
  }
  if (total > 0) context.log.info({ event: 'tombstones.pruned', count: total }, 'expunge tombstones pruned');
  return total;
}

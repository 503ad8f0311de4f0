// Pruning the tombstones of removed cards, with the change log's retention (the prune-card-tombstones job).
// Each book remembers the highest modseq pruned (sync_floor_modseq): a client syncing from an older token is
// told its token is no longer valid (RFC 6578 valid-sync-token) and syncs afresh, instead of keeping removed
// cards. Short transactions; two nodes at once is harmless (a floor only goes up).

import type { ContactsContext } from './contacts-context.ts';
import { CONTACT_LIMITS } from './contacts-model.ts';

export async function pruneCardTombstones(context: ContactsContext, olderThanMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await context.database.write(async ({ db }) => {
      const victims = await db
        .selectFrom('contact_card_tombstones')
        .select(['address_book_id', 'resource_name', 'modseq'])
        .where('removed_at', '<', olderThanMs)
        .limit(CONTACT_LIMITS.pruneBatch)
        .execute();
      if (victims.length === 0) return 0;
      const floors = new Map<string, number>();
      for (const victim of victims) {
        const modseq = Number(victim.modseq);
        if ((floors.get(victim.address_book_id) ?? -1) < modseq) floors.set(victim.address_book_id, modseq);
      }
      await db
        .deleteFrom('contact_card_tombstones')
        .where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple('address_book_id', 'resource_name'),
            'in',
            victims.map((v) => tuple(v.address_book_id, v.resource_name)),
          ),
        )
        .execute();
      // In book order, so two nodes take the rows' locks in the same order.
      for (const [bookId, modseq] of [...floors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        await db
          .updateTable('address_books')
          .set({ sync_floor_modseq: modseq })
          .where('id', '=', bookId)
          .where('sync_floor_modseq', '<', modseq)
          .execute();
      }
      return victims.length;
    });
    total += deleted;
    // Each round deletes rows or stops, so the loop ends.
    if (deleted < CONTACT_LIMITS.pruneBatch) break;
  }
  if (total > 0)
    context.log.info({ event: 'contacts.tombstonesPruned', tombstones: total }, 'card tombstones pruned');
  return total;
}

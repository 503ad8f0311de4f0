// What changed in a book since a sync token (RFC 6578): the cards written and the resource names removed since
// a modseq, at most `limit` of them. Changes are read in (modseq, resource name) order, a total order (a name is
// a card or a tombstone, never both), so an answer cut at the limit resumes exactly after its last change
// (§3.6): nothing missed, nothing repeated, even when one transaction (an import) wrote thousands of cards
// under one modseq.

import assert from 'node:assert/strict';
import { requireBook } from './book-operations.ts';
import type { ContactsContext } from './contacts-context.ts';
import { invalidSyncToken, notFound } from './contacts-errors.ts';
import type { CardChanges, CardSyncPosition, ContactsActor } from './contacts-model.ts';
import { toContactCard, type CardRow } from './contacts-rows.ts';

/** A place in the change order; without `name`, after every change of that modseq. */
interface ChangeKey {
  readonly modseq: number;
  readonly name?: string;
}

type Change =
  | { readonly key: Required<ChangeKey>; readonly card: CardRow }
  | { readonly key: Required<ChangeKey>; readonly removed: string };

function isAfter(key: Required<ChangeKey>, bound: ChangeKey): boolean {
  if (key.modseq !== bound.modseq) return key.modseq > bound.modseq;
  return bound.name !== undefined && key.name > bound.name;
}

function compareKeys(a: Required<ChangeKey>, b: Required<ChangeKey>): number {
  if (a.modseq !== b.modseq) return a.modseq - b.modseq;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * What changed in the book since `since` (undefined: everything; a number: a complete answer's token; a
 * position: where a cut answer stopped). The book's modseq is read first and only changes up to it are read,
 * so a write committing meanwhile is reported next time, never lost nor half-seen. cannotCalculateChanges when
 * the token predates the book or its pruned tombstones, or was never one of its tokens.
 */
export async function changesSince(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  since: number | CardSyncPosition | undefined,
  limit = Number.POSITIVE_INFINITY,
): Promise<CardChanges> {
  assert(limit >= 1, 'a sync answers at least one change');
  const book = await requireBook(context, actor, ownerId, bookName);
  const db = context.database.db;
  const now = await db
    .selectFrom('address_books')
    .select(['modseq', 'sync_floor_modseq'])
    .where('id', '=', book.id)
    .executeTakeFirst();
  if (now === undefined) throw notFound('addressBook', bookName);
  const modseq = Number(now.modseq);
  const from = typeof since === 'number' ? { since } : since;

  // Cards resume after `cardsAfter`; removals after it too, and never before the client's token.
  let cardsAfter: ChangeKey = { modseq: -1 };
  let removalsAfter: ChangeKey | undefined;
  if (from !== undefined) {
    const start: ChangeKey = { modseq: from.since };
    const after = 'after' in from ? { modseq: from.after.modseq, name: from.after.resourceName } : undefined;
    cardsAfter = after ?? start;
    removalsAfter = after !== undefined && after.modseq > from.since ? after : start;
    // Tombstones up to the floor may be pruned: those still to report must all lie above it.
    const floor = Number(now.sync_floor_modseq);
    const isPruned =
      removalsAfter.name === undefined ? removalsAfter.modseq < floor : removalsAfter.modseq <= floor;
    if (from.since < 0 || from.since > modseq || (after?.modseq ?? 0) > modseq || isPruned)
      throw invalidSyncToken(from.since);
  }

  const cards = await db
    .selectFrom('contact_cards')
    .selectAll()
    .where('address_book_id', '=', book.id)
    .where('modseq', '>=', cardsAfter.modseq)
    .where('modseq', '<=', modseq)
    .execute();
  const tombstones =
    removalsAfter === undefined
      ? []
      : await db
          .selectFrom('contact_card_tombstones')
          .select(['resource_name', 'modseq'])
          .where('address_book_id', '=', book.id)
          .where('modseq', '>=', removalsAfter.modseq)
          .where('modseq', '<=', modseq)
          .execute();
  // Names are compared here, not in SQL: PostgreSQL's collation would order them differently from SQLite's.
  const changes: Change[] = [
    ...cards.map((card) => ({ key: { modseq: Number(card.modseq), name: card.resource_name }, card })),
    ...tombstones.map((row) => ({
      key: { modseq: Number(row.modseq), name: row.resource_name },
      removed: row.resource_name,
    })),
  ]
    .filter((change) =>
      'card' in change
        ? isAfter(change.key, cardsAfter)
        : removalsAfter !== undefined && isAfter(change.key, removalsAfter),
    )
    .sort((a, b) => compareKeys(a.key, b.key));

  const isCut = changes.length > limit;
  const answered = isCut ? changes.slice(0, limit) : changes;
  const last = answered.at(-1);
  return {
    modseq,
    changed: answered.flatMap((change) => ('card' in change ? [toContactCard(change.card)] : [])),
    removed: answered.flatMap((change) => ('removed' in change ? [change.removed] : [])),
    ...(isCut &&
      last !== undefined && {
        resumeAt: {
          // An initial sync's removals start at the book's modseq now: the client had nothing before.
          since: from?.since ?? modseq,
          after: { modseq: last.key.modseq, resourceName: last.key.name },
        },
      }),
  };
}

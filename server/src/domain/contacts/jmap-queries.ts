// What JMAP Contacts (RFC 9610) reads beyond CardDAV's operations: the AddressBook and ContactCard states and
// changes from the one change log (DATA-MODEL.md §1; the same rows CardDAV's writes record), cards by id, and
// all of an account's cards for ContactCard/query. Authorisation as everywhere in the module: an account
// reaches its own books only (requireAccess); the default books are made on first look.

import { DomainError } from '#core/errors';
import { objectState, readObjectChanges, type ObjectChanges } from '#store';
import { ensureDefaultBooks, requireAccess } from './contacts-access.ts';
import type { ContactsDependencies } from './contacts-context.ts';
import type { ADDRESS_BOOK_TYPE, CONTACT_CARD_TYPE } from './contacts-model.ts';
import { CONTACT_LIMITS, type ContactCard, type ContactsActor } from './contacts-model.ts';
import { toContactCard } from './contacts-rows.ts';

export type ContactsType = typeof ADDRESS_BOOK_TYPE | typeof CONTACT_CARD_TYPE;

/** `newModseq`: the modseq to ask from next time (the newest row returned, or `sinceModseq` when none). */
export type ContactsChanges = ObjectChanges;

export interface ContactsJmapReads {
  /**
   * The type's JMAP state: the highest modseq of its changes, never below its pruned horizon; 0 before any.
   * Makes the default books first, as any first look does.
   */
  state(actor: ContactsActor, accountId: string, type: ContactsType): Promise<number>;
  /** Foo/changes; cannotCalculateChanges below the pruned horizon. */
  changes(
    actor: ContactsActor,
    accountId: string,
    type: ContactsType,
    sinceModseq: number,
    maxChanges: number,
  ): Promise<ContactsChanges>;
  /** The account's cards among `ids` (any book), in no particular order. */
  cardsByIds(
    actor: ContactsActor,
    accountId: string,
    ids: readonly string[],
  ): Promise<readonly ContactCard[]>;
  /** Every card of the account, in every book (bounded by the books' own bounds). */
  accountCards(actor: ContactsActor, accountId: string): Promise<readonly ContactCard[]>;
}

/** Ids per IN list: far below both databases' parameter limits. */
const CHUNK = 500;

export function createContactsJmapReads(dependencies: ContactsDependencies): ContactsJmapReads {
  const context = dependencies;
  const db = () => context.database.db;

  async function state(actor: ContactsActor, accountId: string, type: ContactsType): Promise<number> {
    requireAccess(actor, accountId);
    // The default books are made on first look: before the state, so the state includes their creation.
    await ensureDefaultBooks(context, accountId);
    return objectState(db(), accountId, type);
  }

  async function changes(
    actor: ContactsActor,
    accountId: string,
    type: ContactsType,
    sinceModseq: number,
    maxChanges: number,
  ): Promise<ContactsChanges> {
    requireAccess(actor, accountId);
    const read = await readObjectChanges(db(), accountId, type, sinceModseq, maxChanges);
    if (read.isPruned)
      throw new DomainError(
        'cannotCalculateChanges',
        `${type} changes since ${sinceModseq} cannot be calculated: the log was pruned up to ${read.prunedModseq}`,
        { details: { subject: 'state', name: String(sinceModseq), type, prunedModseq: read.prunedModseq } },
      );
    const { newModseq, hasMoreChanges, created, updated, destroyed } = read;
    return { newModseq, hasMoreChanges, created, updated, destroyed };
  }

  async function cardsByIds(
    actor: ContactsActor,
    accountId: string,
    ids: readonly string[],
  ): Promise<readonly ContactCard[]> {
    requireAccess(actor, accountId);
    const wanted = [...new Set(ids)];
    const cards: ContactCard[] = [];
    for (let start = 0; start < wanted.length; start += CHUNK) {
      const rows = await db()
        .selectFrom('contact_cards')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', 'in', wanted.slice(start, start + CHUNK))
        .execute();
      cards.push(...rows.map(toContactCard));
    }
    return cards;
  }

  async function accountCards(actor: ContactsActor, accountId: string): Promise<readonly ContactCard[]> {
    requireAccess(actor, accountId);
    await ensureDefaultBooks(context, accountId);
    const rows = await db()
      .selectFrom('contact_cards')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(CONTACT_LIMITS.maxBooksPerAccount * CONTACT_LIMITS.maxCardsPerBook)
      .execute();
    return rows.map(toContactCard);
  }

  return {
    state,
    changes: (actor, accountId, type, since, max) => {
      if (!Number.isSafeInteger(since) || since < 0 || !Number.isSafeInteger(max) || max < 1)
        return Promise.reject(
          new DomainError('invalid', `invalid state ${since} or maxChanges ${max}`, {
            details: { subject: 'state', name: String(since), reason: 'invalidState' },
          }),
        );
      return changes(actor, accountId, type, since, max);
    },
    cardsByIds,
    accountCards,
  };
}

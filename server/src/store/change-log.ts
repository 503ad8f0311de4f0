// The change log (DATA-MODEL.md §1), in portable SQL: taking an account's next modseq, writing change rows,
// and the reads the domain builds JMAP /changes, IMAP CONDSTORE and WebDAV sync on; plus the pruning job.

import assert from 'node:assert/strict';
import type { Insertable, Kysely } from 'kysely';
import { StoreError } from '#core/errors';
import type { ChangeLogTable, DatabaseSchema } from './schema.ts';
import type { ChangeKind, Database } from './store.ts';

/** One row of the change log. */
export interface Change {
  readonly accountId: string;
  readonly modseq: number;
  readonly type: string;
  readonly objectId: string;
  readonly kind: ChangeKind;
  readonly createdAt: number;
}

export interface ChangePage {
  /** Ordered by modseq; the rows of one modseq are never split across pages. */
  readonly changes: readonly Change[];
  /** The highest modseq in `changes` (the `sinceModseq` given when empty): pass it back for the next page. */
  readonly lastModseq: number;
  readonly hasMore: boolean;
}

/** Rows per INSERT: 6 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK_ROWS = 500;
/** Rows deleted per pruning transaction: short transactions keep the single SQLite writer available. */
const PRUNE_BATCH_ROWS = 500;

/**
 * Take the account's next modseq. The UPDATE holds the account row (PostgreSQL) or the write lock (SQLite) until
 * commit, so concurrent writers to one account get consecutive modseqs and commit in modseq order.
 */
export async function takeNextModseq(db: Kysely<DatabaseSchema>, accountId: string): Promise<number> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ modseq: eb('modseq', '+', 1) }))
    .where('id', '=', accountId)
    .returning('modseq')
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('notFound', `no account ${accountId} to record a change for`);
  return row.modseq;
}

export async function insertChanges(
  db: Kysely<DatabaseSchema>,
  rows: readonly Insertable<ChangeLogTable>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    await db
      .insertInto('change_log')
      .values(rows.slice(start, start + INSERT_CHUNK_ROWS))
      .execute();
  }
}

/** The account's modseq (its highest change), or undefined when there is no such account. */
export async function currentModseq(
  db: Kysely<DatabaseSchema>,
  accountId: string,
): Promise<number | undefined> {
  const row = await db.selectFrom('accounts').select('modseq').where('id', '=', accountId).executeTakeFirst();
  return row?.modseq;
}

/**
 * Changes of `accountId` after `sinceModseq`, at most about `limit` rows: a page ends on a modseq boundary,
 * except that one transaction with more than `limit` rows comes whole (or a reader could never get past it).
 */
export async function readChanges(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  sinceModseq: number,
  limit: number,
): Promise<ChangePage> {
  assert(Number.isInteger(limit) && limit > 0, 'readChanges limit must be a positive integer');
  const changesAfter = (modseq: number) =>
    db
      .selectFrom('change_log')
      .select(['account_id', 'modseq', 'type', 'object_id', 'kind', 'created_at'])
      .where('account_id', '=', accountId)
      .where('modseq', '>', modseq)
      .orderBy('modseq')
      .orderBy('type')
      .orderBy('object_id');

  const rows = await changesAfter(sinceModseq)
    .limit(limit + 1)
    .execute();
  const firstLeftOut = rows[limit];
  if (firstLeftOut === undefined) {
    return { changes: rows.map(toChange), lastModseq: rows.at(-1)?.modseq ?? sinceModseq, hasMore: false };
  }
  const page = rows.filter((row) => row.modseq < firstLeftOut.modseq);
  if (page.length > 0)
    return { changes: page.map(toChange), lastModseq: page.at(-1)?.modseq ?? 0, hasMore: true };

  // One transaction wrote more than `limit` rows
  const whole = await changesAfter(sinceModseq).where('modseq', '=', firstLeftOut.modseq).execute();
  const next = await db
    .selectFrom('change_log')
    .select('modseq')
    .where('account_id', '=', accountId)
    .where('modseq', '>', firstLeftOut.modseq)
    .limit(1)
    .executeTakeFirst();
  return { changes: whole.map(toChange), lastModseq: firstLeftOut.modseq, hasMore: next !== undefined };
}

export interface PruneOptions {
  /** Rows created before this time (ms since the epoch) may go. */
  readonly olderThanMs: number;
  /**
   * Keep each object's newest row whatever its age, so /changes from any old state still names every object that
   * changed since (DATA-MODEL.md §1). Only a caller that also answers cannotCalculateChanges may pass false.
   */
  readonly keepNewestPerObject: boolean;
}

/** Delete old change-log rows, in short transactions; returns how many went. Pruning is not itself a change. */
export async function pruneChangeLog(database: Database, options: PruneOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await database.write(async ({ db }) => {
      const victims = await db
        .selectFrom('change_log as c')
        .select(['c.account_id', 'c.modseq', 'c.type', 'c.object_id'])
        .where('c.created_at', '<', options.olderThanMs)
        .$if(options.keepNewestPerObject, (query) =>
          query.where(({ exists, selectFrom }) =>
            exists(
              selectFrom('change_log as newer')
                .select('newer.modseq')
                .whereRef('newer.account_id', '=', 'c.account_id')
                .whereRef('newer.type', '=', 'c.type')
                .whereRef('newer.object_id', '=', 'c.object_id')
                .whereRef('newer.modseq', '>', 'c.modseq'),
            ),
          ),
        )
        .limit(PRUNE_BATCH_ROWS)
        .execute();
      if (victims.length === 0) return 0;
      await db
        .deleteFrom('change_log')
        .where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple('account_id', 'modseq', 'type', 'object_id'),
            'in',
            victims.map((v) => tuple(v.account_id, v.modseq, v.type, v.object_id)),
          ),
        )
        .execute();
      return victims.length;
    });
    total += deleted;
    // Each round deletes rows or stops, so the loop ends.
    if (deleted < PRUNE_BATCH_ROWS) return total;
  }
}

function toChange(row: {
  account_id: string;
  modseq: number;
  type: string;
  object_id: string;
  kind: string;
  created_at: number;
}): Change {
  return {
    accountId: row.account_id,
    modseq: row.modseq,
    type: row.type,
    objectId: row.object_id,
    kind: row.kind as ChangeKind,
    createdAt: row.created_at,
  };
}

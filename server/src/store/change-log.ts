// The change log (DATA-MODEL.md §1), in portable SQL: taking an account's next modseq, writing change rows,
// and the reads the domain builds JMAP /changes, IMAP CONDSTORE and WebDAV sync on; plus the pruning job and the
// pruned horizon it leaves, below which /changes answers cannotCalculateChanges.

import assert from 'node:assert/strict';
import type { Insertable, Kysely } from 'kysely';
import { StoreError } from '#core/errors';
import { prepareInsert, prepareQuery } from './prepared-query.ts';
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

// Prepared (prepared-query.ts): every write transaction runs both.
const nextModseq = prepareQuery((db, p: { accountId: string }) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ modseq: eb('modseq', '+', 1) }))
    .where('id', '=', p.accountId)
    .returning('modseq'),
);

const insertChangeRows = prepareInsert('change_log', [
  'account_id',
  'modseq',
  'type',
  'object_id',
  'kind',
  'created_at',
]);

/**
 * Take the account's next modseq. The UPDATE holds the account row (PostgreSQL) or the write lock (SQLite) until
 * commit, so concurrent writers to one account get consecutive modseqs and commit in modseq order.
 */
export async function takeNextModseq(db: Kysely<DatabaseSchema>, accountId: string): Promise<number> {
  const row = await nextModseq.executeTakeFirst(db, { accountId });
  if (row === undefined) throw new StoreError('notFound', `no account ${accountId} to record a change for`);
  return row.modseq;
}

export async function insertChanges(
  db: Kysely<DatabaseSchema>,
  rows: readonly Insertable<ChangeLogTable>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    await insertChangeRows.run(db, rows.slice(start, start + INSERT_CHUNK_ROWS));
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
   * changed since (DATA-MODEL.md §1). False: age alone decides, and every pruned row raises the pruned horizon.
   */
  readonly keepNewestPerObject: boolean;
  /**
   * With keepNewestPerObject, also let a destroyed object's last row (its tombstone) go once old: a destroyed
   * object never changes again, so otherwise its row stays forever. The pruned horizon of its account and type
   * is raised to it, and /changes from an older state answers cannotCalculateChanges.
   */
  readonly pruneDestroyed?: boolean;
}

/**
 * Delete old change-log rows, in short transactions; returns how many went. Pruning is not itself a change.
 * Whenever a row goes that may have been the only word about a change (see PruneOptions), the pruned horizon of
 * its account and type is raised in the same transaction. Idempotent: two processes or nodes pruning at once
 * delete each row once and raise each horizon to the same maximum.
 */
export async function pruneChangeLog(database: Database, options: PruneOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await database.write(async ({ db }) => {
      const victims = await db
        .selectFrom('change_log as c')
        .select(['c.account_id', 'c.modseq', 'c.type', 'c.object_id', 'c.kind'])
        .where('c.created_at', '<', options.olderThanMs)
        .$if(options.keepNewestPerObject, (query) =>
          query.where((eb) => {
            const hasNewer = eb.exists(
              eb
                .selectFrom('change_log as newer')
                .select('newer.modseq')
                .whereRef('newer.account_id', '=', 'c.account_id')
                .whereRef('newer.type', '=', 'c.type')
                .whereRef('newer.object_id', '=', 'c.object_id')
                .whereRef('newer.modseq', '>', 'c.modseq'),
            );
            return options.pruneDestroyed ? eb.or([hasNewer, eb('c.kind', '=', 'destroyed')]) : hasNewer;
          }),
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
      // A row with a newer row of its object loses nothing; a destroyed row (or any row, without the guarantee)
      // may have been the only word about its change.
      const losing = options.keepNewestPerObject ? victims.filter((v) => v.kind === 'destroyed') : victims;
      await raiseHorizons(db, losing);
      return victims.length;
    });
    total += deleted;
    // Each round deletes rows or stops, so the loop ends.
    if (deleted < PRUNE_BATCH_ROWS) return total;
  }
}

/**
 * The highest modseq of `type` whose change rows were pruned for the account (0 when none): /changes since an
 * older state cannot be calculated. Read it after the rows, so a prune committing in between is noticed.
 */
export async function prunedHorizon(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  type: string,
): Promise<number> {
  const row = await db
    .selectFrom('change_log_horizons')
    .select('pruned_modseq')
    .where('account_id', '=', accountId)
    .where('type', '=', type)
    .executeTakeFirst();
  return Number(row?.pruned_modseq ?? 0);
}

/** Raise each (account, type) horizon to the highest modseq among `pruned`; a horizon never goes down. */
async function raiseHorizons(
  db: Kysely<DatabaseSchema>,
  pruned: readonly { account_id: string; type: string; modseq: number }[],
): Promise<void> {
  const highest = new Map<string, { accountId: string; type: string; modseq: number }>();
  for (const row of pruned) {
    const key = `${row.account_id}\u0000${row.type}`;
    const modseq = Number(row.modseq);
    if ((highest.get(key)?.modseq ?? -1) < modseq)
      highest.set(key, { accountId: row.account_id, type: row.type, modseq });
  }
  // In key order: two nodes pruning at once take the horizon rows' locks in the same order (no deadlock).
  for (const [, { accountId, type, modseq }] of [...highest].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    await db
      .insertInto('change_log_horizons')
      .values({ account_id: accountId, type, pruned_modseq: modseq })
      .onConflict((conflict) =>
        conflict.columns(['account_id', 'type']).doUpdateSet((eb) => ({
          pruned_modseq: eb
            .case()
            .when('change_log_horizons.pruned_modseq', '<', modseq)
            .then(modseq)
            .else(eb.ref('change_log_horizons.pruned_modseq'))
            .end(),
        })),
      )
      .execute();
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

// One type's changes since a modseq, as JMAP Foo/changes reports them: the ids created, updated and destroyed,
// each at most once (created then destroyed within the window: not reported), a page of at most about
// `maxChanges` rows ending on a modseq boundary (one transaction over the bound comes whole, or nobody could
// get past it), and whether the log was pruned past `sinceModseq` (the caller answers cannotCalculateChanges);
// and the type's state, which those changes lead to.

import type { Kysely } from 'kysely';
import { prunedHorizon } from './change-log.ts';
import type { DatabaseSchema } from './schema.ts';

export interface ObjectChanges {
  readonly newModseq: number;
  readonly hasMoreChanges: boolean;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly destroyed: readonly string[];
}

export type ObjectChangesRead =
  | ({ readonly isPruned: false } & ObjectChanges)
  | { readonly isPruned: true; readonly prunedModseq: number };

export async function readObjectChanges(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  type: string,
  sinceModseq: number,
  maxChanges: number,
): Promise<ObjectChangesRead> {
  const rowsOfType = () =>
    db
      .selectFrom('change_log')
      .select(['modseq', 'object_id', 'kind'])
      .where('account_id', '=', accountId)
      .where('type', '=', type);
  const rows = await rowsOfType()
    .where('modseq', '>', sinceModseq)
    .orderBy('modseq')
    .limit(maxChanges + 1)
    .execute();
  let page = rows;
  let hasMoreChanges = false;
  const firstLeftOut = rows[maxChanges];
  if (firstLeftOut !== undefined) {
    hasMoreChanges = true;
    page = rows.filter((row) => Number(row.modseq) < Number(firstLeftOut.modseq));
    if (page.length === 0) page = await rowsOfType().where('modseq', '=', firstLeftOut.modseq).execute();
  }
  // After the rows: a prune that commits meanwhile has raised the horizon by the time it is read.
  const horizon = await prunedHorizon(db, accountId, type);
  if (sinceModseq < horizon) return { isPruned: true, prunedModseq: horizon };

  const first = new Map<string, string>();
  const last = new Map<string, string>();
  for (const row of page) {
    if (!first.has(row.object_id)) first.set(row.object_id, row.kind);
    last.set(row.object_id, row.kind);
  }
  const created: string[] = [];
  const updated: string[] = [];
  const destroyed: string[] = [];
  for (const [id, kind] of last) {
    const wasCreated = first.get(id) === 'created';
    if (kind === 'destroyed') {
      if (!wasCreated) destroyed.push(id);
    } else if (wasCreated) created.push(id);
    else updated.push(id);
  }
  const newModseq = page.length === 0 ? sinceModseq : Number(page.at(-1)?.modseq);
  return { isPruned: false, newModseq, hasMoreChanges, created, updated, destroyed };
}

/**
 * The JMAP state of one type: the highest modseq of its changes, or its pruned horizon if higher (a state
 * below the horizon would be refused at once, even to the client that just resynced with it); 0 before any.
 */
export async function objectState(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  type: string,
): Promise<number> {
  const row = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.max('modseq').as('modseq'))
    .where('account_id', '=', accountId)
    .where('type', '=', type)
    .executeTakeFirst();
  return Math.max(Number(row?.modseq ?? 0), await prunedHorizon(db, accountId, type));
}

// Blob reference counting over the `blobs` table, and the garbage collector that removes content nobody
// references: unreferenced rows after the grace period with their content (a `blob_contents` row or a file),
// orphan files (a crash between the blob write and the commit that referenced it), and partial writes a crash
// left behind (DATA-MODEL.md §2, blob invariants).

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '#core/clock';
import { StoreError } from '#core/errors';
import type { Logger } from '#core/log';
import type { BlobRef, BlobStore, Database, WriteTransaction } from './store.ts';
import { prepareQuery } from './prepared-query.ts';

const BLOB_ID = /^[0-9a-f]{64}$/;
/**
 * Ids per query and per write transaction: far below SQLite's 32,766 bound parameters, and short enough that
 * the single SQLite writer is held for milliseconds, not seconds, while mail is being delivered.
 */
const GC_BATCH_SIZE = 100;
/** Blobs removed in one run at most; the job runs again for the rest, so one run never hogs the disk. */
export const DEFAULT_GC_MAX_DELETIONS = 10_000;
/** Wall-clock budget of one run; past it, the run stops at the next batch and reports itself incomplete. */
export const DEFAULT_GC_BUDGET_MS = 60_000;

/** Prepared (prepared-query.ts): every stored message takes a reference. */
const referenceBlob = prepareQuery((db, p: { id: string; size: number; createdAt: number }) =>
  db
    .insertInto('blobs')
    .values({ id: p.id, size: p.size, refcount: 1, unreferenced_since: null, created_at: p.createdAt })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet((eb) => ({
        refcount: eb('blobs.refcount', '+', 1),
        unreferenced_since: null,
      })),
    ),
);

/** Content left to its first reference (BlobRef.pendingContent); already there when the blob was seen before. */
const storeContent = prepareQuery((db, p: { id: string; content: Uint8Array }) =>
  db
    .insertInto('blob_contents')
    .values({ id: p.id, content: p.content })
    .onConflict((conflict) => conflict.column('id').doNothing()),
);

/**
 * Count one more reference to `blob`, creating its row on first use, and store its pending content if it has
 * some. Otherwise the content must have been put within the grace period, or already be referenced: the
 * collector may remove anything older that nobody references.
 */
export async function addBlobReference(
  tx: WriteTransaction,
  blob: BlobRef,
  clock: Clock = systemClock,
): Promise<void> {
  assert(BLOB_ID.test(blob.id), 'blob ids are SHA-256 in lower-case hex');
  assert(Number.isSafeInteger(blob.size) && blob.size >= 0, 'blob sizes are non-negative integers');
  // The `blobs` row first: on PostgreSQL its upsert waits for a collector that is deleting it, so the content
  // is inserted after that collector's commit, never before a delete that would take it away.
  await referenceBlob.changes(tx.db, { id: blob.id, size: blob.size, createdAt: clock.nowMs() });
  const content = blob.pendingContent;
  if (content !== undefined) {
    assert.equal(content.byteLength, blob.size, 'pending content is the whole blob');
    await storeContent.changes(tx.db, { id: blob.id, content });
  }
}

/**
 * Count one reference less; at zero the blob becomes collectable after the grace period. Dropping a reference
 * that was never added means the counts are wrong: StoreError('corrupt'), and the transaction rolls back.
 */
export async function dropBlobReference(
  tx: WriteTransaction,
  id: string,
  clock: Clock = systemClock,
): Promise<void> {
  const now = clock.nowMs();
  // SET sees the row as it was, so `refcount = 1` means this drop takes it to zero.
  const result = await tx.db
    .updateTable('blobs')
    .set((eb) => ({
      refcount: eb('refcount', '-', 1),
      unreferenced_since: eb
        .case()
        .when('refcount', '=', 1)
        .then(now)
        .else(eb.ref('unreferenced_since'))
        .end(),
    }))
    .where('id', '=', id)
    .where('refcount', '>', 0)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new StoreError('corrupt', `blob ${id} has no reference to drop`);
}

export interface GarbageCollectionOptions {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  /** How long unreferenced or orphan content is kept (the `blobs.gc-grace` setting). */
  readonly graceMs: number;
  readonly log?: Logger;
  readonly maxDeletions?: number;
  readonly budgetMs?: number;
}

export interface GarbageCollectionResult {
  /**
   * Blobs whose reference count stayed at zero for the grace period: rows removed, and their content (a file
   * or a `blob_contents` row).
   */
  readonly unreferenced: number;
  /** Files without a row, older than the grace period. */
  readonly orphans: number;
  /** Partial writes older than the grace period. */
  readonly abandonedWrites: number;
  /** False when a bound (deletions, time) stopped the run before it had looked at everything. */
  readonly isComplete: boolean;
}

/**
 * Remove what nobody references. Safe to run while mail is delivered, in several processes at once: every row
 * is re-checked in the write transaction that deletes it (a new reference wins), and a file is removed only if
 * no put has refreshed it since the cutoff (BlobDeleteOptions).
 */
export async function collectGarbage(options: GarbageCollectionOptions): Promise<GarbageCollectionResult> {
  assert(Number.isSafeInteger(options.graceMs) && options.graceMs >= 0, 'graceMs is a non-negative integer');
  const run = new GarbageRun(options);
  const unreferenced = await run.collectUnreferenced();
  const orphans = run.isStopped() ? 0 : await run.collectOrphans();
  const abandonedWrites = run.isStopped()
    ? 0
    : ((await options.blobs.removeAbandonedWrites?.(run.cutoff)) ?? 0);
  const result = { unreferenced, orphans, abandonedWrites, isComplete: !run.isStopped() };
  const removed = unreferenced + orphans + abandonedWrites;
  if (removed > 0 || !result.isComplete) options.log?.info(result, 'blob garbage collected');
  else options.log?.debug(result, 'blob garbage collection found nothing to remove');
  return result;
}

class GarbageRun {
  readonly cutoff: number;
  readonly #options: GarbageCollectionOptions;
  readonly #maxDeletions: number;
  readonly #deadline: number;
  #deletions = 0;
  #isStopped = false;

  constructor(options: GarbageCollectionOptions) {
    this.#options = options;
    this.cutoff = options.clock.nowMs() - options.graceMs;
    this.#maxDeletions = options.maxDeletions ?? DEFAULT_GC_MAX_DELETIONS;
    // Elapsed time, not the injected clock: the clock says how old data is, this bounds how long we work.
    this.#deadline = performance.now() + (options.budgetMs ?? DEFAULT_GC_BUDGET_MS);
  }

  /** Checked before each batch; once true, the run only winds down. */
  isStopped(): boolean {
    if (!this.#isStopped && (this.#deletions >= this.#maxDeletions || performance.now() >= this.#deadline)) {
      this.#isStopped = true;
    }
    return this.#isStopped;
  }

  async collectUnreferenced(): Promise<number> {
    const { database } = this.#options;
    let removed = 0;
    let afterId = '';
    // Keyset pagination by id: a row that survives (a new reference won) is never read twice.
    while (!this.isStopped()) {
      const batchSize = Math.min(GC_BATCH_SIZE, this.#maxDeletions - this.#deletions);
      const rows = await database.db
        .selectFrom('blobs')
        .select('id')
        .where('refcount', '=', 0)
        .where('unreferenced_since', '<', this.cutoff)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      const last = rows.at(-1);
      if (last === undefined) break;
      afterId = last.id;
      const { deletedIds, contentIds } = await database.write(async (tx) => {
        const deleted = await tx.db
          .deleteFrom('blobs')
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .where('refcount', '=', 0)
          .where('unreferenced_since', '<', this.cutoff)
          .returning('id')
          .execute();
        const ids = deleted.map((row) => row.id);
        const contents =
          ids.length === 0
            ? []
            : await tx.db.deleteFrom('blob_contents').where('id', 'in', ids).returning('id').execute();
        return { deletedIds: ids, contentIds: new Set(contents.map((row) => row.id)) };
      });
      // The row is gone, with its content if the database held it; the file too unless a put refreshed it
      // meanwhile (it is then an orphan candidate, and the put's caller is about to reference it again).
      for (const id of deletedIds) {
        this.#deletions += 1;
        const isFileRemoved = await this.#options.blobs.delete(id, { olderThanMs: this.cutoff });
        if (isFileRemoved || contentIds.has(id)) removed += 1;
      }
    }
    return removed;
  }

  async collectOrphans(): Promise<number> {
    let removed = 0;
    let candidates: string[] = [];
    for await (const id of this.#options.blobs.list(this.cutoff)) {
      candidates.push(id);
      if (candidates.length < GC_BATCH_SIZE) continue;
      removed += await this.#removeOrphans(candidates);
      candidates = [];
      // Leaving the loop closes the listing's open folders.
      if (this.isStopped()) return removed;
    }
    if (candidates.length > 0 && !this.isStopped()) removed += await this.#removeOrphans(candidates);
    return removed;
  }

  async #removeOrphans(candidates: readonly string[]): Promise<number> {
    const { database, blobs } = this.#options;
    const rows = await database.db.selectFrom('blobs').select('id').where('id', 'in', candidates).execute();
    const known = new Set(rows.map((row) => row.id));
    let removed = 0;
    for (const id of candidates) {
      if (known.has(id) || this.#deletions >= this.#maxDeletions) continue;
      if (await blobs.delete(id, { olderThanMs: this.cutoff })) {
        removed += 1;
        this.#deletions += 1;
      }
    }
    return removed;
  }
}

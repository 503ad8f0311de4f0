// Job: collect blob garbage (DATA-MODEL.md §2): blobs unreferenced for blobs.gc-grace, files no row ever
// referenced (a crash between the blob write and its commit) and abandoned partial writes. Every six hours by
// default (jobs.blob-gc-interval): each run lists the whole blob folder, which costs disk reads, and nothing is
// urgent beside a one-day grace period. A run stops at its own bounds (deletions, one minute): the rest follows
// after a short catch-up delay, not a full interval. Several processes or nodes at once is harmless: every row is
// re-checked in the transaction that deletes it, and a file is removed only if no put refreshed it since.

import type { Job } from './job-scheduler.ts';

/** The store's GarbageCollectionResult, as this job reads it. */
export interface BlobGarbageReport {
  readonly unreferenced: number;
  readonly orphans: number;
  readonly abandonedWrites: number;
  readonly isComplete: boolean;
}

export interface CollectBlobGarbageParts {
  /** The store's collectGarbage on this node's database and blobs with the grace period, bound by main.ts. */
  readonly collect: () => Promise<BlobGarbageReport>;
  readonly intervalMs: number;
}

export function collectBlobGarbageJob(parts: CollectBlobGarbageParts): Job {
  return {
    name: 'collect-blob-garbage',
    intervalMs: parts.intervalMs,
    async run() {
      // The collector logs what it removed.
      const { unreferenced, orphans, abandonedWrites, isComplete } = await parts.collect();
      return { counts: { unreferenced, orphans, abandonedWrites }, hasMore: !isComplete };
    },
  };
}

// Job: prune the tombstones of removed contact cards, which CardDAV sync-collection reports, once older than
// the change log's retention (changelog.retention): a client that has not synced for that long gets
// valid-sync-token and syncs afresh, as a JMAP client gets cannotCalculateChanges. Runs with the expunge
// tombstones' interval (jobs.prune-tombstones-interval). Two nodes at once is harmless (the contacts service
// deletes each tombstone once and only raises a book's floor).

import type { Clock } from '#core/clock';
import type { ContactsService } from '#domain/contacts';
import type { Job } from './job-scheduler.ts';

export interface PruneCardTombstonesParts {
  readonly contacts: Pick<ContactsService, 'pruneTombstones'>;
  /** changelog.retention. */
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
}

export function pruneCardTombstonesJob(parts: PruneCardTombstonesParts): Job {
  return {
    name: 'prune-card-tombstones',
    intervalMs: parts.intervalMs,
    async run() {
      // The contacts service logs what it pruned.
      const tombstones = await parts.contacts.pruneTombstones(parts.clock.nowMs() - parts.retentionMs);
      return { counts: { tombstones } };
    },
  };
}

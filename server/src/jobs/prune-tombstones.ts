// Job: prune expunge tombstones, the UIDs IMAP QRESYNC reports as VANISHED (EARLIER), once older than
// tombstones.retention. Each mailbox remembers the highest modseq pruned, so a client resyncing from before it is
// told the answer is not exact and reloads the mailbox instead of keeping deleted mail (RFC 7162 §3.2.5.1).
// Hourly (jobs.prune-tombstones-interval): an hour of deletions per run, in short transactions. Two nodes at once
// is harmless: a tombstone is deleted once, and a mailbox's floor only ever goes up.

import type { Clock } from '#core/clock';
import type { MailService } from '#domain/mail';
import type { Job } from './job-scheduler.ts';

export interface PruneTombstonesParts {
  readonly mail: Pick<MailService, 'pruneTombstones'>;
  /** tombstones.retention. */
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
}

export function pruneTombstonesJob(parts: PruneTombstonesParts): Job {
  return {
    name: 'prune-tombstones',
    intervalMs: parts.intervalMs,
    async run() {
      // The mail service logs what it pruned.
      const tombstones = await parts.mail.pruneTombstones({
        olderThanMs: parts.clock.nowMs() - parts.retentionMs,
      });
      return { counts: { tombstones } };
    },
  };
}

// Job: delete JMAP blob uploads once a day old (RFC 8620 §6.1 lets the server expire uploads it has kept "for
// a period"); the mail domain owns the lifetime (MAIL_LIMITS.uploadLifetimeMs) and drops each upload's blob
// reference, so the blob collector removes the content after its grace period. Hourly
// (jobs.expire-uploads-interval): an upload lives between one day and one day and an interval, and reads as gone
// from its first day on anyway. Two nodes at once is harmless: each upload is deleted by one transaction.

import type { Clock } from '#core/clock';
import type { MailService } from '#domain/mail';
import type { Job } from './job-scheduler.ts';

export interface ExpireUploadsParts {
  readonly mail: Pick<MailService, 'expireUploads'>;
  readonly intervalMs: number;
  readonly clock: Clock;
}

export function expireUploadsJob(parts: ExpireUploadsParts): Job {
  return {
    name: 'expire-uploads',
    intervalMs: parts.intervalMs,
    async run() {
      // The mail service logs what it deleted.
      const uploads = await parts.mail.expireUploads(parts.clock.nowMs());
      return { counts: { uploads } };
    },
  };
}

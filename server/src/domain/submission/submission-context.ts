// What every submission operation works with: the database, the mail service (the message, its identity),
// the outbound queue that keeps and sends the message, the clock, the log and the site's sending limits.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { QueueService } from '#domain/delivery';
import type { MailService } from '#domain/mail';
import type { Database } from '#store';
import type { SubmissionLimits } from './submission.ts';

export interface SubmissionDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly mail: Pick<MailService, 'getEmails' | 'readEmailBytes' | 'listIdentities'>;
  readonly queue: Pick<QueueService, 'prepare' | 'enqueue'>;
  readonly limits: SubmissionLimits;
}

export type SubmissionContext = SubmissionDependencies;

// What every MDN operation works with: the database (the account's language and addresses), the mail service
// (the original email, the sending identity, the $mdnsent keyword, the lookup by Message-ID), the outbound queue
// that sends the receipt, the clock, the log, our host name and the largest message the site sends.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { QueueService } from '#domain/delivery';
import type { MailService } from '#domain/mail';
import type { Database } from '#store';

export interface MdnDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly mail: Pick<
    MailService,
    | 'getEmails'
    | 'readEmailBytes'
    | 'listIdentities'
    | 'addKeywords'
    | 'removeKeywords'
    | 'findEmailsByMessageId'
  >;
  readonly queue: Pick<QueueService, 'prepare' | 'enqueue'>;
  /** Our host name: the right side of the receipts' Message-IDs. */
  readonly hostname: string;
  /** The largest message sent (smtp.max-message-size, as for submissions): a receipt with its original too. */
  readonly maxMessageBytes: number;
}

export type MdnContext = MdnDependencies;

// What every contacts operation works with: the database, the clock and the log.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database } from '#store';

export interface ContactsDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
}

export type ContactsContext = ContactsDependencies;

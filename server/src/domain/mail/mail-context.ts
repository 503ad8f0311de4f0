// What every mail operation works with: the database (with its search index), the blob store, the clock, the
// log and the identity settings that give each staff category its default quota.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { IdentitySettings } from '#domain/identity';
import type { BlobStore, Database } from '#store';

export interface MailDependencies {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Default quotas per staff category, for accounts without their own. */
  readonly identitySettings: IdentitySettings;
}

export type MailContext = MailDependencies;

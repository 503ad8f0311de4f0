// What every identity operation works with: the database, the clock, the log, the settings and the hasher.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { Database, WriteTransaction } from '#store';
import type { Account } from './account.ts';
import type { IdentitySettings } from './account-rows.ts';
import type { PasswordHasher } from './password-hasher.ts';

export interface IdentityContext {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: IdentitySettings;
  readonly hasher: PasswordHasher;
  readonly onAccountsCreated?: (tx: WriteTransaction, accounts: readonly Account[]) => Promise<void>;
}

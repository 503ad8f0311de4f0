// What every identity operation works with: the database, the clock, the log, the settings, the hasher, and
// the backlog that audits failed logins after they are answered.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { AuditBacklog } from '#domain/audit';
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
  /** For failures of accounts that exist, audited without slowing their answer (audit-backlog.ts). */
  readonly deferredAudit: AuditBacklog;
  readonly onAccountsCreated?: (tx: WriteTransaction, accounts: readonly Account[]) => Promise<void>;
}

// The identity service: domains, accounts, aliases, roles, passwords, app passwords, trusted networks, web
// sessions and logins, assembled from one file per concern. Only this module ever sees a password or its hash
// (STYLE.md §3.8).

import type { Clock } from '#core/clock';
import type { SecretBox } from '#core/secret-box';
import { createAuditBacklog } from '#domain/audit';
import type { Logger } from '#core/log';
import type { Database, WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import type { Account, AccountDetails, NewAccount } from './account.ts';
import type { IdentitySettings } from './account-rows.ts';
import { accessSummaryOperations, type AccessSummaryOperations } from './access-summary.ts';
import { aliasOperations, type AliasOperations } from './account-aliases.ts';
import { appPasswordOperations, type AppPasswordOperations } from './app-passwords.ts';
import { createAccounts } from './account-creation.ts';
import { lifecycleOperations, type LifecycleOperations } from './account-lifecycle.ts';
import { accountQueries, loadDetails, type AccountQueries } from './account-queries.ts';
import { roleOperations, type RoleOperations } from './account-roles.ts';
import { accountUpdates, type AccountUpdates } from './account-updates.ts';
import { domainOperations, type DomainOperations } from './domains.ts';
import { helpdeskOperations, type HelpdeskOperations } from './helpdesk.ts';
import { helpdeskPruningOperations, type HelpdeskPruningOperations } from './helpdesk-pruning.ts';
import type { IdentityContext } from './identity-context.ts';
import { ARGON2_OPTIONS, createArgon2Hasher, type PasswordHasher } from './password-hasher.ts';
import { passwordOperations, type PasswordOperations } from './passwords.ts';
import { protocolLoginOperations, type ProtocolLoginOperations } from './protocol-login.ts';
import { createSecondFactorService } from './second-factor/index.ts';
import {
  secondFactorSettingsOperations,
  type SecondFactorSettingsOperations,
} from './second-factor-settings.ts';
import { trustedNetworkOperations, type TrustedNetworkOperations } from './trusted-networks.ts';
import { webLoginOperations, type WebLoginOperations } from './web-login.ts';
import { webSecondFactorOperations, type WebSecondFactorOperations } from './web-second-factor.ts';
import { webSessionOperations, type WebSessionOperations } from './web-sessions.ts';

export interface IdentityService
  extends DomainOperations,
    AccountQueries,
    AccountUpdates,
    AliasOperations,
    RoleOperations,
    PasswordOperations,
    AppPasswordOperations,
    ProtocolLoginOperations,
    TrustedNetworkOperations,
    WebSessionOperations,
    WebLoginOperations,
    WebSecondFactorOperations,
    SecondFactorSettingsOperations,
    AccessSummaryOperations,
    LifecycleOperations,
    HelpdeskOperations,
    HelpdeskPruningOperations {
  /**
   * Create one account (in a served domain, with a unique address); returns it with aliases and roles.
   * `origin` names who asks for the audit log (none: the system, as the command line or the HR import).
   */
  createAccount(input: NewAccount, origin?: AccessOrigin): Promise<AccountDetails>;
  /** Create many accounts in one transaction: all are created or none (HR import, demo seeding). */
  createAccounts(inputs: readonly NewAccount[], origin?: AccessOrigin): Promise<readonly Account[]>;
  /** Resolves once the failed logins answered so far are in the audit log (tests; before closing the store). */
  settleAudit(): Promise<void>;
}

export interface IdentityDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: IdentitySettings;
  /** Seals the secrets the server must read back (TOTP seeds): store/secrets-key.ts opens it. */
  readonly secrets: SecretBox;
  /** argon2id by default; tests pass a counting or instant one. */
  readonly hasher?: PasswordHasher;
  /**
   * Called inside the transaction that creates accounts, after their rows exist: other modules set up what an
   * account must never be without (mail's default mailboxes) without identity depending on them.
   */
  readonly onAccountsCreated?: AccountsCreatedHook;
}

/** Work another module does in the account-creation transaction; a failure rolls the creation back. */
export type AccountsCreatedHook = (tx: WriteTransaction, accounts: readonly Account[]) => Promise<void>;

export function createIdentityService(dependencies: IdentityDependencies): IdentityService {
  const context: IdentityContext = {
    ...dependencies,
    hasher:
      dependencies.hasher ??
      createArgon2Hasher({
        memoryCost: dependencies.settings.passwordArgon2Memory,
        timeCost: dependencies.settings.passwordArgon2Passes,
        parallelism: ARGON2_OPTIONS.parallelism,
      }),
    deferredAudit: createAuditBacklog(dependencies),
  };
  const passwords = passwordOperations(context);
  const sessions = webSessionOperations(context);
  const factors = createSecondFactorService(dependencies);
  const appPasswords = appPasswordOperations(context);
  return {
    settleAudit: () => context.deferredAudit.settle(),
    ...domainOperations(context),
    ...accountQueries(context),
    ...accountUpdates(context),
    ...aliasOperations(context),
    ...roleOperations(context),
    ...passwords,
    ...appPasswords,
    ...protocolLoginOperations(context, passwords),
    ...trustedNetworkOperations(context),
    ...sessions,
    ...webLoginOperations(context, passwords, sessions),
    ...webSecondFactorOperations(context, factors, sessions),
    ...secondFactorSettingsOperations(context, factors, passwords, sessions),
    ...accessSummaryOperations(context, factors, appPasswords, sessions),
    ...lifecycleOperations(context),
    ...helpdeskOperations(context),
    ...helpdeskPruningOperations(context),
    async createAccount(input, origin) {
      const [account] = await createAccounts(context, [input], origin);
      if (!account) throw new Error('createAccounts returned no account for one input');
      const row = await context.database.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      return loadDetails(context, context.database.db, row);
    },
    createAccounts: (inputs, origin) => createAccounts(context, inputs, origin),
  };
}

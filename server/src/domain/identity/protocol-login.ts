// Logins of protocol clients (IMAP, SMTP, JMAP, DAV, ManageSieve): an app password, or the account password
// when the account has no second factor and the policy allows it (DESIGN.md §4). An app password is looked up
// by its hash first, so a phone's frequent reconnections cost a SHA-256, not an argon2 verification; anything
// else goes through the password check, which costs one argon2 verification whatever happens.
// Failures for existing accounts are audited; unknown names only reach the fail2ban log line the protocols
// write, so a spray over invented addresses cannot fill the audit log. A success counts as the account's
// activity (account-activity.ts), written with the app password's last use when both are due.

import type { Account } from './account.ts';
import { isActivityDue, recordActivity, touchActivity } from './account-activity.ts';
import { toAccount } from './account-rows.ts';
import { resolveAddress } from './account-lookups.ts';
import { toAddress } from './addresses.ts';
import { scopeAllows, type ProtocolName } from './app-password.ts';
import { hashAppPasswordSecret, normalizeAppPasswordSecret } from './app-password-secret.ts';
import type { IdentityContext } from './identity-context.ts';
import type { PasswordOperations } from './passwords.ts';
import { hasSecondFactor } from './second-factor/index.ts';

/** An app password's last use is written again only after this long, or from another address or protocol. */
export const LAST_USE_RESOLUTION_MS = 60_000;

export interface ProtocolLoginRequest {
  readonly protocol: ProtocolName;
  readonly remoteAddress: string;
}

export type ProtocolLoginResult =
  | {
      readonly ok: true;
      readonly account: Account;
      readonly via: 'appPassword' | 'password';
      readonly appPasswordId?: string;
    }
  | {
      readonly ok: false;
      /**
       * invalid: wrong name or secret, or an account that may not log in (never says which);
       * appPasswordRequired: the account password was right but this account must use an app password;
       * scope: a right app password made for other protocols (calendar and contacts only, or mail only).
       */
      readonly reason: 'invalid' | 'appPasswordRequired' | 'scope';
    };

export interface ProtocolLoginOperations {
  /** `username` is the primary address or an alias; `secret` an app password or the account password. */
  verifyProtocolLogin(
    username: string,
    secret: string,
    request: ProtocolLoginRequest,
  ): Promise<ProtocolLoginResult>;
  /** An app password alone, as a Bearer token (JMAP): it names its account. */
  verifyBearerToken(secret: string, request: ProtocolLoginRequest): Promise<ProtocolLoginResult>;
}

export function protocolLoginOperations(
  context: IdentityContext,
  passwords: Pick<PasswordOperations, 'verifyPassword'>,
): ProtocolLoginOperations {
  const { database, clock, settings } = context;

  async function byAppPassword(
    secret: string,
    request: ProtocolLoginRequest,
    expectedAccountId: string | undefined,
  ): Promise<ProtocolLoginResult | undefined> {
    const normalized = normalizeAppPasswordSecret(secret);
    if (normalized === undefined) return undefined;
    const row = await database.db
      .selectFrom('app_passwords')
      .innerJoin('accounts', 'accounts.id', 'app_passwords.account_id')
      .selectAll('accounts')
      .select([
        'app_passwords.id as app_password_id',
        'app_passwords.scope as app_password_scope',
        'app_passwords.last_used_at as app_password_last_used_at',
        'app_passwords.last_used_address as app_password_last_used_address',
        'app_passwords.last_used_protocol as app_password_last_used_protocol',
      ])
      .where('app_passwords.secret_hash', '=', hashAppPasswordSecret(normalized))
      .executeTakeFirst();
    if (row === undefined) return undefined;
    if (expectedAccountId !== undefined && row.id !== expectedAccountId) return undefined;
    // An account that may not log in goes on as a wrong secret would, through the password check's argon2:
    // answered at hash-lookup speed, a right app password of a suspended account would tell itself apart.
    if (row.status !== 'active') return undefined;
    if (!scopeAllows(row.app_password_scope as 'mail' | 'dav' | 'all', request.protocol)) {
      return { ok: false, reason: 'scope' };
    }
    const now = clock.nowMs();
    const lastUsedAt =
      row.app_password_last_used_at === null ? undefined : Number(row.app_password_last_used_at);
    const isLastUseStale =
      lastUsedAt === undefined ||
      now - lastUsedAt >= LAST_USE_RESOLUTION_MS ||
      row.app_password_last_used_address !== request.remoteAddress ||
      row.app_password_last_used_protocol !== request.protocol;
    const isActivityStale = isActivityDue(row.last_activity_at, now);
    if (isLastUseStale || isActivityStale) {
      await database.write(async (tx) => {
        if (isLastUseStale) {
          await tx.db
            .updateTable('app_passwords')
            .set({
              last_used_at: now,
              last_used_address: request.remoteAddress,
              last_used_protocol: request.protocol,
            })
            .where('id', '=', row.app_password_id)
            .execute();
        }
        if (isActivityStale) await touchActivity(tx, row.id, now);
      });
    }
    return {
      ok: true,
      account: toAccount(isActivityStale ? { ...row, last_activity_at: now } : row, settings),
      via: 'appPassword',
      appPasswordId: row.app_password_id,
    };
  }

  /** Written after the answer (audit-backlog.ts): a refusal for a real address takes no longer than another. */
  function auditFailure(
    account: { id: string; email: string },
    request: ProtocolLoginRequest,
    type: 'protocolLogin.failed' | 'protocolLogin.refused',
    reason: string,
  ) {
    context.deferredAudit.defer({
      type,
      subject: { accountId: account.id, email: account.email },
      remoteAddress: request.remoteAddress,
      details: { protocol: request.protocol, reason },
    });
  }

  return {
    async verifyProtocolLogin(username, secret, request) {
      const address = toAddress(username);
      const target = address ? await resolveAddress(database.db, address.address) : undefined;
      const byApp = target === undefined ? undefined : await byAppPassword(secret, request, target.id);
      if (byApp !== undefined) {
        if (!byApp.ok && target !== undefined)
          auditFailure(target, request, 'protocolLogin.refused', byApp.reason);
        return byApp;
      }
      const account = await passwords.verifyPassword(username, secret);
      if (account === undefined) {
        // As the web login does: the audit says the account may not log in, whichever secret was given.
        if (target !== undefined) {
          const reason = target.status === 'active' ? 'invalid' : target.status;
          auditFailure(target, request, 'protocolLogin.failed', reason);
        }
        return { ok: false, reason: 'invalid' };
      }
      if (settings.appPasswordsRequired || (await hasSecondFactor(database.db, account.id))) {
        auditFailure(account, request, 'protocolLogin.refused', 'appPasswordRequired');
        return { ok: false, reason: 'appPasswordRequired' };
      }
      return { ok: true, account: await recordActivity(context, account), via: 'password' };
    },

    async verifyBearerToken(secret, request) {
      return (await byAppPassword(secret, request, undefined)) ?? { ok: false, reason: 'invalid' };
    },
  };
}

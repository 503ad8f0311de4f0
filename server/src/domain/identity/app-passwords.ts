// Creating, listing and revoking app passwords, each with its audit event in the same transaction. Checking
// one at login is protocol-login.ts's work.

import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { Selectable } from 'kysely';
import type { DatabaseSchema, WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import { auditPartyOf } from './account-lookups.ts';
import {
  APP_PASSWORD_LIMITS,
  APP_PASSWORD_SCOPES,
  type AppPassword,
  type AppPasswordScope,
  type NewAppPassword,
} from './app-password.ts';
import {
  hashAppPasswordSecret,
  newAppPasswordSecret,
  normalizeAppPasswordSecret,
} from './app-password-secret.ts';
import type { IdentityContext } from './identity-context.ts';

export interface AppPasswordOperations {
  /** A new app password for `accountId`; the secret is in the result and nowhere else. */
  createAppPassword(
    accountId: string,
    input: { name: string; scope: string },
    origin: AccessOrigin,
  ): Promise<NewAppPassword>;
  /** The account's app passwords, newest first. */
  listAppPasswords(accountId: string): Promise<readonly AppPassword[]>;
  /** notFound when the account has no such app password. */
  revokeAppPassword(accountId: string, appPasswordId: string, origin: AccessOrigin): Promise<void>;
  /** Revoke every app password of the account; returns how many there were. */
  revokeAllAppPasswords(accountId: string, origin: AccessOrigin, reason: string): Promise<number>;
}

export function appPasswordOperations(context: IdentityContext): AppPasswordOperations {
  const { database, clock, log } = context;
  return {
    async createAppPassword(accountId, input, origin) {
      const name = input.name.trim();
      if (name.length === 0 || [...name].length > APP_PASSWORD_LIMITS.maxNameLength) {
        throw new DomainError('invalid', 'an app password needs a device name of 1 to 64 characters', {
          details: { subject: 'appPassword', reason: 'name', max: APP_PASSWORD_LIMITS.maxNameLength },
        });
      }
      const scope = input.scope as AppPasswordScope;
      if (!APP_PASSWORD_SCOPES.includes(scope)) {
        throw new DomainError('invalid', `unknown app password scope ${input.scope.slice(0, 32)}`, {
          details: { subject: 'appPassword', reason: 'scope' },
        });
      }
      const secret = newAppPasswordSecret();
      const secretHash = hashAppPasswordSecret(normalizeAppPasswordSecret(secret) ?? secret);
      const row = await database.write(async (tx) => {
        const account = await accountParty(tx, accountId);
        const { count } = await tx.db
          .selectFrom('app_passwords')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('account_id', '=', accountId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= APP_PASSWORD_LIMITS.maxPerAccount) {
          throw new DomainError('limit', 'too many app passwords: revoke an unused one first', {
            details: { subject: 'appPassword', max: APP_PASSWORD_LIMITS.maxPerAccount },
          });
        }
        const values = {
          id: newId('p'),
          account_id: accountId,
          name,
          scope,
          secret_hash: secretHash,
          created_at: clock.nowMs(),
          last_used_at: null,
          last_used_address: null,
          last_used_protocol: null,
        };
        await tx.db.insertInto('app_passwords').values(values).execute();
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        await recordAuditEvent(tx, clock, {
          type: 'appPassword.created',
          actor: origin.actor,
          subject: account,
          remoteAddress: origin.remoteAddress,
          details: { appPasswordId: values.id, name, scope },
        });
        return values;
      });
      log.info({ event: 'appPassword.created', accountId, appPasswordId: row.id }, 'app password created');
      return { appPassword: toAppPassword(row), secret };
    },

    async listAppPasswords(accountId) {
      const rows = await database.db
        .selectFrom('app_passwords')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toAppPassword);
    },

    async revokeAppPassword(accountId, appPasswordId, origin) {
      await database.write(async (tx) => {
        const account = await accountParty(tx, accountId);
        const row = await tx.db
          .selectFrom('app_passwords')
          .select(['id', 'name'])
          .where('id', '=', appPasswordId)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        if (row === undefined) {
          throw new DomainError('notFound', 'no such app password', {
            details: { subject: 'appPassword', name: appPasswordId.slice(0, 32) },
          });
        }
        await tx.db.deleteFrom('app_passwords').where('id', '=', row.id).execute();
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        await recordAuditEvent(tx, clock, {
          type: 'appPassword.revoked',
          actor: origin.actor,
          subject: account,
          remoteAddress: origin.remoteAddress,
          details: { appPasswordId: row.id, name: row.name },
        });
      });
      log.info({ event: 'appPassword.revoked', accountId, appPasswordId }, 'app password revoked');
    },

    async revokeAllAppPasswords(accountId, origin, reason) {
      const count = await database.write((tx) =>
        revokeAllAppPasswordsIn(tx, context, accountId, origin, reason),
      );
      if (count > 0)
        log.info({ event: 'appPassword.revoked', accountId, count, reason }, 'app passwords revoked');
      return count;
    },
  };
}

/** Revoke every app password of `accountId` inside `tx` (an establishment change, a helpdesk recovery). */
export async function revokeAllAppPasswordsIn(
  tx: WriteTransaction,
  { clock }: Pick<IdentityContext, 'clock'>,
  accountId: string,
  origin: AccessOrigin,
  reason: string,
): Promise<number> {
  const account = await accountParty(tx, accountId);
  const result = await tx.db
    .deleteFrom('app_passwords')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const count = Number(result.numDeletedRows);
  if (count === 0) return 0;
  await tx.recordChange(accountId, 'Account', accountId, 'updated');
  await recordAuditEvent(tx, clock, {
    type: 'appPassword.revoked',
    actor: origin.actor,
    subject: account,
    remoteAddress: origin.remoteAddress,
    details: { count, reason },
  });
  return count;
}

async function accountParty(tx: WriteTransaction, accountId: string) {
  const party = await auditPartyOf(tx.db, accountId);
  if (party === undefined) {
    throw new DomainError('notFound', `no account ${accountId}`, {
      details: { subject: 'account', name: accountId },
    });
  }
  return party;
}

export function toAppPassword(row: Selectable<DatabaseSchema['app_passwords']>): AppPassword {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope as AppPasswordScope,
    createdAt: new Date(Number(row.created_at)),
    lastUsed:
      row.last_used_at === null
        ? null
        : {
            at: new Date(Number(row.last_used_at)),
            address: row.last_used_address,
            protocol: row.last_used_protocol,
          },
  };
}

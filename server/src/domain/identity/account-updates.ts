// Changing an account's fields and its status (suspend with a reason, reactivate) and deleting it.
// Each is one write transaction; changes record an Account change so clients and caches hear about them.
// Every one is audited in its transaction; a suspension ends the web sessions, and a
// reactivation restarts the inactivity period (or the next run of the inactivity job would suspend again).

import type { Selectable, Updateable } from 'kysely';
import type { Clock } from '#core/clock';
import { DomainError } from '#core/errors';
import { recordAuditEvent, type AuditDetails } from '#domain/audit';
import type { AccountsTable, WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import type { Account, AccountChanges } from './account.ts';
import { toAccount } from './account-rows.ts';
import { parseAccountChanges } from './account-fields.ts';
import { requireAccount, requireEstablishment } from './account-lookups.ts';
import { revokeAllAppPasswordsIn } from './app-passwords.ts';
import type { IdentityContext } from './identity-context.ts';
import { endAllWebSessionsIn } from './web-sessions.ts';

/** A suspension reason is a sentence for the helpdesk ("départ à la retraite", "compromission"), not a file. */
export const MAX_STATUS_REASON_LENGTH = 500;

export interface AccountUpdates {
  /**
   * Change names, language, time zone, category, establishment or quota overrides; audited (the fields
   * changed, never their values) with `origin` as the actor (none: the system, as the command line).
   */
  updateAccount(email: string, changes: AccountChanges, origin?: AccessOrigin): Promise<Account>;
  /**
   * updateAccount within the caller's write transaction, for another module whose own write changes account
   * fields too (JMAP Preferences: the language and time zone), so both commit or neither does.
   */
  updateAccountIn(
    tx: WriteTransaction,
    email: string,
    changes: AccountChanges,
    origin?: AccessOrigin,
  ): Promise<Account>;
  /**
   * Suspend an active (or disabled) account; the reason and the time are recorded and audited, and its web
   * sessions end. `origin` names who asks (none: the system, as the command line).
   */
  suspendAccount(email: string, reason: string, origin?: AccessOrigin): Promise<Account>;
  /** Make a suspended or disabled account active again, audited, with a fresh inactivity period. */
  reactivateAccount(email: string, origin?: AccessOrigin): Promise<Account>;
  /** Delete the account with its aliases and roles; audited, the event keeping the address it had. */
  deleteAccount(email: string, origin?: AccessOrigin): Promise<void>;
}

export function accountUpdates({ database, clock, log, settings }: IdentityContext): AccountUpdates {
  async function updateAccountIn(
    tx: WriteTransaction,
    email: string,
    changes: AccountChanges,
    origin: AccessOrigin = {},
  ): Promise<Account> {
    const account = await requireAccount(tx.db, email);
    const columns = parseAccountChanges(account.email, changes);
    if (columns.establishment_uai) {
      await requireEstablishment(tx.db, columns.establishment_uai, 'account', account.email);
    }
    // A move to another establishment: the devices of the former post lose access (a setting).
    const movesEstablishment =
      columns.establishment_uai !== undefined &&
      account.establishment_uai !== null &&
      columns.establishment_uai !== account.establishment_uai;
    if (movesEstablishment && settings.appPasswordsRevokeOnEstablishmentChange) {
      await revokeAllAppPasswordsIn(tx, { clock }, account.id, {}, 'establishmentChanged');
    }
    const updated = await updateAccountRow(tx, account.id, { ...columns, updated_at: clock.nowMs() });
    await recordAuditEvent(tx, clock, {
      type: 'account.updated',
      actor: origin.actor,
      subject: { accountId: account.id, email: account.email },
      remoteAddress: origin.remoteAddress,
      details: { fields: Object.keys(changes).sort().join(','), movedEstablishment: movesEstablishment },
    });
    tx.afterCommit(() =>
      log.info(
        { event: 'account.updated', accountId: updated.id, fields: Object.keys(changes) },
        'account updated',
      ),
    );
    return toAccount(updated, settings);
  }

  return {
    updateAccount: (email, changes, origin) =>
      database.write((tx) => updateAccountIn(tx, email, changes, origin)),
    updateAccountIn,

    async suspendAccount(email, reason, origin = {}) {
      const text = reason.normalize('NFC').trim().replace(/\s+/g, ' ');
      const row = await database.write(async (tx) => {
        const account = await requireAccount(tx.db, email);
        const invalid = (why: string, extra: Record<string, number> = {}) =>
          new DomainError('invalid', `cannot suspend ${account.email}: ${why}`, {
            details: { subject: 'account', name: account.email, reason: why, ...extra },
          });
        if (text === '') throw invalid('reasonRequired');
        if (text.length > MAX_STATUS_REASON_LENGTH)
          throw invalid('reasonTooLong', { max: MAX_STATUS_REASON_LENGTH });
        if (account.status === 'suspended') throw invalid('alreadySuspended');
        const now = clock.nowMs();
        const updated = await updateAccountRow(tx, account.id, {
          status: 'suspended',
          status_reason: text,
          status_changed_at: now,
          updated_at: now,
        });
        await completeSuspension(tx, clock, updated, origin, { reason: text });
        return updated;
      });
      log.info(
        { event: 'account.suspended', accountId: row.id, email: row.email, reason: text },
        'account suspended',
      );
      return toAccount(row, settings);
    },

    async reactivateAccount(email, origin = {}) {
      const row = await database.write(async (tx) => {
        const account = await requireAccount(tx.db, email);
        if (account.status === 'active') {
          throw new DomainError('invalid', `${account.email} is already active`, {
            details: { subject: 'account', name: account.email, reason: 'alreadyActive' },
          });
        }
        const now = clock.nowMs();
        const updated = await updateAccountRow(tx, account.id, {
          status: 'active',
          status_reason: null,
          status_changed_at: now,
          updated_at: now,
          last_activity_at: now,
        });
        await recordAuditEvent(tx, clock, {
          type: 'account.reactivated',
          actor: origin.actor,
          subject: { accountId: updated.id, email: updated.email },
          remoteAddress: origin.remoteAddress,
          details: { previousStatus: account.status, previousReason: account.status_reason },
        });
        return updated;
      });
      log.info({ event: 'account.reactivated', accountId: row.id, email: row.email }, 'account reactivated');
      return toAccount(row, settings);
    },

    async deleteAccount(email, origin = {}) {
      const account = await database.write(async (tx) => {
        const found = await requireAccount(tx.db, email);
        // No change row: the change log belongs to the account and goes with it (its foreign key cascades),
        // and nobody is left to sync against it. Sessions notice when their next lookup finds no account.
        await tx.db.deleteFrom('account_aliases').where('account_id', '=', found.id).execute();
        await tx.db.deleteFrom('account_roles').where('account_id', '=', found.id).execute();
        await tx.db.deleteFrom('accounts').where('id', '=', found.id).execute();
        await recordAuditEvent(tx, clock, {
          type: 'account.deleted',
          actor: origin.actor,
          subject: { accountId: found.id, email: found.email },
          remoteAddress: origin.remoteAddress,
        });
        return found;
      });
      log.info({ event: 'account.deleted', accountId: account.id, email: account.email }, 'account deleted');
    },
  };
}

/**
 * What goes with every suspension, in its transaction (an administrator's or the inactivity job's): the web
 * sessions end, and the event is audited with `details` and how many sessions were ended.
 */
export async function completeSuspension(
  tx: WriteTransaction,
  clock: Clock,
  account: { readonly id: string; readonly email: string },
  origin: AccessOrigin,
  details: AuditDetails,
): Promise<void> {
  const sessionsEnded = await endAllWebSessionsIn(tx, account.id, clock.nowMs());
  await recordAuditEvent(tx, clock, {
    type: 'account.suspended',
    actor: origin.actor,
    subject: { accountId: account.id, email: account.email },
    remoteAddress: origin.remoteAddress,
    details: { ...details, sessionsEnded },
  });
}

/** Update the account's row, record the change, and return the row as it now is. */
async function updateAccountRow(
  tx: WriteTransaction,
  accountId: string,
  columns: Updateable<AccountsTable>,
): Promise<Selectable<AccountsTable>> {
  await tx.db.updateTable('accounts').set(columns).where('id', '=', accountId).execute();
  await tx.recordChange(accountId, 'Account', accountId, 'updated');
  return tx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
}

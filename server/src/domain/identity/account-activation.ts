// A person uses the activation code the helpdesk gave them: a new password, and a clean slate. In one
// transaction the code is spent (a conditional update: it works once, even for two requests at the same
// instant), the password is set, every second factor is removed, every web session ends, every app password is
// revoked and a suspended account is active again — each with its audit event, and `helpdesk.activationUsed`
// summing up. The person then signs in as usual and sets up a new second factor where the rules want one.
// Security: pre-authentication, hostile input. Wrong codes answer alike whatever the reason (unknown address,
// wrong, used or expired code) and are audited for existing accounts; throttling is the HTTP layer's, with the
// login throttle every protocol shares.

import { recordAuditEvent, type AuditDetails, type AuditEventType, type AuditParty } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import type { Account } from './account.ts';
import { resolveAddress } from './account-lookups.ts';
import { toAccount, type AccountRow } from './account-rows.ts';
import { hashActivationCode, normalizeActivationCode } from './activation-code.ts';
import { toAddress } from './addresses.ts';
import { revokeAllAppPasswordsIn } from './app-passwords.ts';
import type { IdentityContext } from './identity-context.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { removeAllSecondFactors } from './second-factor/index.ts';
import { endAllWebSessionsIn } from './web-sessions.ts';

/** What the audit records as the reason of everything an activation ends. */
const REASON = 'helpdeskRecovery';

export type ActivationResult =
  | { readonly outcome: 'activated'; readonly account: Account }
  /** The same answer for an unknown address and a wrong, used or expired code. */
  | { readonly outcome: 'refused'; readonly reason: 'invalidCode' };

export interface AccountActivationOperations {
  /**
   * Set `newPassword` on the account `email` (primary address or alias) with the helpdesk's activation `code`.
   * A password the policy refuses throws DomainError('invalid') and leaves the code unused.
   */
  activateWithCode(
    email: string,
    code: string,
    newPassword: string,
    origin: AccessOrigin,
  ): Promise<ActivationResult>;
}

type CodeFailure = 'wrongCode' | 'used' | 'expired' | 'accountDisabled';

export function accountActivationOperations(context: IdentityContext): AccountActivationOperations {
  const { database, clock, log, settings, hasher } = context;
  const refused = { outcome: 'refused', reason: 'invalidCode' } as const;

  // Written after the answer (audit-backlog.ts), so a wrong code for a real address takes as long as any.
  const auditFailure = (subject: AuditParty, reason: CodeFailure, origin: AccessOrigin) =>
    context.deferredAudit.defer({
      type: 'helpdesk.activationFailed',
      subject,
      remoteAddress: origin.remoteAddress,
      details: { reason },
    });

  return {
    async activateWithCode(email, code, newPassword, origin) {
      // Find the account and its code (a read: nothing is spent yet)
      const address = toAddress(email);
      const row = address === undefined ? undefined : await resolveAddress(database.db, address.address);
      const normalized = normalizeActivationCode(code);
      const hash = normalized === undefined ? undefined : hashActivationCode(row?.id ?? '', normalized);
      // An unknown address looks its code up too (for no account): both refusals cost the same read.
      const found =
        hash === undefined
          ? undefined
          : await database.db
              .selectFrom('activation_codes')
              .selectAll()
              .where('account_id', '=', row?.id ?? '')
              .where('code_hash', '=', hash)
              .executeTakeFirst();
      if (row === undefined) return refused;
      const subject = { accountId: row.id, email: row.email };
      const failure = codeFailure(row, found, clock.nowMs());
      if (failure !== undefined || found === undefined) {
        auditFailure(subject, failure ?? 'wrongCode', origin);
        return refused;
      }

      // The new password: policy, then argon2id outside the transaction (as passwords.ts does)
      const password = checkPasswordPolicy(newPassword, settings.passwordMinLength, {
        email: row.email,
        names: [row.given_name, row.family_name],
      });
      const passwordHash = await hasher.hash(password);

      const account = await database.write(async (tx) => {
        const now = clock.nowMs();
        const current = await tx.db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirst();
        if (current === undefined || current.status === 'disabled') return 'accountDisabled' as const;
        // Spend the code: exactly one of two concurrent activations gets the row
        const spent = await tx.db
          .updateTable('activation_codes')
          .set({ used_at: now })
          .where('id', '=', found.id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        // Used by a concurrent activation, or expired meanwhile.
        if (Number(spent.numUpdatedRows) === 0) return 'used' as const;
        const actorParty = { accountId: current.id, email: current.email };
        const event = (type: AuditEventType, details: AuditDetails = {}) =>
          recordAuditEvent(tx, clock, {
            type,
            actor: actorParty,
            subject: actorParty,
            remoteAddress: origin.remoteAddress,
            details: { reason: REASON, ...details },
          });

        // The password, and the account active again
        const wasSuspended = current.status === 'suspended';
        await tx.db
          .updateTable('accounts')
          .set({
            password_hash: passwordHash,
            password_changed_at: now,
            updated_at: now,
            // Using the account is activity: the inactivity job must not suspend it again tonight.
            last_activity_at: now,
            ...(wasSuspended ? { status: 'active', status_reason: null, status_changed_at: now } : {}),
          })
          .where('id', '=', current.id)
          .execute();
        await tx.recordChange(current.id, 'Account', current.id, 'updated');
        await event('password.changed');
        if (wasSuspended) {
          await event('account.reactivated', {
            previousStatus: current.status,
            previousReason: current.status_reason,
          });
        }

        // Everything the old credentials opened ends. The person lost their phone or their password, or someone
        // else has them: the old second factors, signed-in browsers and devices may be in the wrong hands, so
        // none of them survives — the person sets a new factor up and re-enters the new password on each device.
        const factors = await removeAllSecondFactors(tx, current.id);
        if (factors.totpFactors + factors.passkeys + factors.recoveryCodes > 0)
          await event('secondFactor.removed', { ...factors });
        const sessionCount = await endAllWebSessionsIn(tx, current.id, now);
        if (sessionCount > 0) await event('session.revoked', { count: sessionCount });
        const appPasswords = await revokeAllAppPasswordsIn(
          tx,
          { clock },
          current.id,
          { actor: actorParty, remoteAddress: origin.remoteAddress },
          REASON,
        );

        await event('helpdesk.activationUsed', {
          codeId: found.id,
          issuedBy: found.issued_by_email,
          reactivated: wasSuspended,
          secondFactorsRemoved: factors.totpFactors + factors.passkeys,
          recoveryCodesRemoved: factors.recoveryCodes,
          sessionsEnded: sessionCount,
          appPasswordsRevoked: appPasswords,
        });
        return tx.db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', current.id)
          .executeTakeFirstOrThrow();
      });

      if (typeof account === 'string') {
        auditFailure(subject, account, origin);
        return refused;
      }
      log.info({ event: 'helpdesk.activationUsed', accountId: account.id }, 'account activated with a code');
      return { outcome: 'activated', account: toAccount(account, settings) };
    },
  };
}

/** Why a code found (or not) for `row` cannot be used now; undefined when it can. */
function codeFailure(
  row: AccountRow,
  found: { used_at: number | null; expires_at: number } | undefined,
  now: number,
): CodeFailure | undefined {
  if (found === undefined) return 'wrongCode';
  if (found.used_at !== null) return 'used';
  if (now >= Number(found.expires_at)) return 'expired';
  if (row.status === 'disabled') return 'accountDisabled';
  return undefined;
}

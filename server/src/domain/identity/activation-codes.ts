// The helpdesk issues a one-time activation code (DESIGN.md §4: access is recovered through the helpdesk after
// identity checks recorded in the audit log, never by e-mail). The helpdesk records which checks it made (the
// NUMEN, found right by this same person in the last half hour; the professional card, seen), and the code is
// shown once, to be read to the person, who sets a new password with it (account-activation.ts). A new code
// replaces the account's unused ones.

import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import type { Reader } from './account-lookups.ts';
import { hashActivationCode, newActivationCode, normalizeActivationCode } from './activation-code.ts';
import { auditActorOf, requireHelpdeskTarget, type HelpdeskActor } from './helpdesk-actor.ts';
import type { IdentityContext } from './identity-context.ts';
import { hasMatchingNumenCheck, NUMEN_CHECK_LIMITS } from './numen-checks.ts';

/** The identity checks the helpdesk says it made before issuing a code; at least one must hold. */
export interface IdentityChecks {
  /** The caller gave their NUMEN and checkNumen found it right (by the same actor, within 30 minutes). */
  readonly numenChecked: boolean;
  /** The person showed their professional card (in person or on a video call). */
  readonly professionalCardSeen: boolean;
}

export interface IssuedActivationCode {
  /** `XXXX-XXXX-XXXX`: shown once, here, and never stored. */
  readonly code: string;
  readonly accountId: string;
  readonly email: string;
  readonly expiresAt: Date;
}

export interface ActivationCodeOperations {
  /**
   * A new activation code for `accountId`, valid for `helpdesk.activation-code-validity`, replacing any unused
   * one. Refused: forbidden unless `actor` may recover the account; invalid `identityNotChecked` (no check
   * made), `numenNotChecked` (no recent matching NUMEN check by this actor), `accountDisabled`.
   */
  issueActivationCode(
    actor: HelpdeskActor,
    accountId: string,
    checks: IdentityChecks,
    origin: AccessOrigin,
  ): Promise<IssuedActivationCode>;
}

export function activationCodeOperations(context: IdentityContext): ActivationCodeOperations {
  const { database, clock, log, settings } = context;

  return {
    async issueActivationCode(actor, accountId, checks, origin) {
      const code = newActivationCode();
      const issued = await database.write(async (tx) => {
        const { row } = await requireHelpdeskTarget(tx.db, actor, 'helpdesk.recover', accountId);
        const refuse = (reason: string) =>
          new DomainError('invalid', `no activation code for ${row.email}: ${reason}`, {
            details: { subject: 'account', name: row.email, reason },
          });
        // Departed staff are disabled by HR: bringing them back is an administrator's decision, not a recovery.
        if (row.status === 'disabled') throw refuse('accountDisabled');
        if (!checks.numenChecked && !checks.professionalCardSeen) throw refuse('identityNotChecked');
        const now = clock.nowMs();
        if (
          checks.numenChecked &&
          !(await hasMatchingNumenCheck(tx.db, actor, row.id, now - NUMEN_CHECK_LIMITS.matchValidityMs))
        ) {
          throw refuse('numenNotChecked');
        }

        // Replace the unused codes, then keep the new one's hash
        const replaced = await tx.db
          .deleteFrom('activation_codes')
          .where('account_id', '=', row.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        const expiresAt = now + settings.helpdeskActivationCodeValidity;
        const id = newId('c');
        const auditActor = auditActorOf(actor);
        await tx.db
          .insertInto('activation_codes')
          .values({
            id,
            account_id: row.id,
            code_hash: hashActivationCode(row.id, normalizeActivationCode(code) ?? ''),
            issued_by_account_id: auditActor?.accountId ?? null,
            issued_by_email: auditActor?.email ?? null,
            issued_at: now,
            expires_at: expiresAt,
            used_at: null,
            checks: JSON.stringify({
              numen: checks.numenChecked,
              professionalCard: checks.professionalCardSeen,
            }),
          })
          .execute();
        await recordAuditEvent(tx, clock, {
          type: 'helpdesk.activationIssued',
          actor: auditActor,
          subject: { accountId: row.id, email: row.email },
          remoteAddress: origin.remoteAddress,
          details: {
            codeId: id,
            checks: checksText(checks),
            expiresAt: new Date(expiresAt).toISOString(),
            replaced: Number(replaced.numDeletedRows),
          },
        });
        return { accountId: row.id, email: row.email, expiresAt: new Date(expiresAt) };
      });
      log.info(
        {
          event: 'helpdesk.activationIssued',
          accountId: issued.accountId,
          actor: auditActorOf(actor)?.accountId,
        },
        'activation code issued',
      );
      return { code, ...issued };
    },
  };
}

/** `numen,professionalCard`: the checks made, as the audit event lists them. */
function checksText(checks: IdentityChecks): string {
  const made: string[] = [];
  if (checks.numenChecked) made.push('numen');
  if (checks.professionalCardSeen) made.push('professionalCard');
  return made.join(',');
}

/**
 * Whether the account was recovered with an activation code since `since`: until it sets up a new second factor,
 * its web login may then open an enrolment session from any network (web-login.ts).
 */
export async function wasRecoveredSince(db: Reader, accountId: string, since: number): Promise<boolean> {
  const row = await db
    .selectFrom('activation_codes')
    .select('id')
    .where('account_id', '=', accountId)
    .where('used_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

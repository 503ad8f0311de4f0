// The NUMEN on file (set from the HR import or the command line, kept as an argon2id hash) and the helpdesk's
// check of the one a caller gives. Each check is audited (`helpdesk.identityChecked`, with its result, never the
// NUMEN) and counted in the database, so a helpdesk account — or a thief using one — cannot guess a person's
// NUMEN, whichever process or node it asks.

import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import { requireAccount, type Reader } from './account-lookups.ts';
import { auditActorOf, lockAccountRow, requireHelpdeskTarget, type HelpdeskActor } from './helpdesk-actor.ts';
import type { IdentityContext } from './identity-context.ts';
import { normalizeNumen } from './numen.ts';

const MINUTE = 60_000;

export const NUMEN_CHECK_LIMITS = {
  /** Wrong answers are counted over this sliding window. */
  windowMs: 60 * MINUTE,
  /**
   * Wrong answers about one person, by anyone, within the window: a caller who got their NUMEN wrong tries
   * again a few times; past 5, it is guessing, and the person's NUMEN is locked for the rest of the hour.
   */
  maxWrongPerAccount: 5,
  /** Wrong answers by one helpdesk member, about anybody: a sweep across many people stops too. */
  maxWrongPerActor: 20,
  /** A matching NUMEN supports an activation code issued by the same person within this time (the same call). */
  matchValidityMs: 30 * MINUTE,
} as const;

export type NumenCheckResult = 'match' | 'mismatch';

export interface NumenOperations {
  /**
   * Keep the person's NUMEN (HR import, `vercors user set-numen`): 13 letters and digits, spaces and dashes
   * ignored; null removes it. Only its argon2id hash is stored; the change is audited as `account.updated`.
   */
  setNumen(email: string, numen: string | null): Promise<void>;
  /**
   * Whether `numen` is the one on file for `accountId` (the helpdesk checking a caller's identity). Refused
   * (forbidden) unless `actor` may recover the account; invalid `numenNotOnFile` when none is on file;
   * limit `numenCheckLocked` after too many wrong answers.
   */
  checkNumen(actor: HelpdeskActor, accountId: string, numen: string, origin: AccessOrigin): Promise<boolean>;
}

function invalidNumen(name: string): DomainError {
  return new DomainError('invalid', 'a NUMEN is 13 letters and digits', {
    details: { subject: 'account', name, reason: 'invalidNumen' },
  });
}

export function numenOperations(context: IdentityContext): NumenOperations {
  const { database, clock, log, hasher } = context;

  return {
    async setNumen(email, numen) {
      const before = await requireAccount(database.db, email);
      const normalized = numen === null ? null : normalizeNumen(numen);
      if (normalized === undefined) throw invalidNumen(before.email);
      // Hash outside the transaction: argon2 takes milliseconds the single writer should not wait for.
      const hash = normalized === null ? null : await hasher.hash(normalized);
      await database.write(async (tx) => {
        const account = await requireAccount(tx.db, before.email);
        const now = clock.nowMs();
        await tx.db
          .updateTable('accounts')
          .set({ numen_hash: hash, updated_at: now })
          .where('id', '=', account.id)
          .execute();
        await tx.recordChange(account.id, 'Account', account.id, 'updated');
        await recordAuditEvent(tx, clock, {
          type: 'account.updated',
          subject: { accountId: account.id, email: account.email },
          details: { field: 'numen', isSet: hash !== null },
        });
      });
      log.info({ event: 'account.numen-set', accountId: before.id, isSet: hash !== null }, 'NUMEN set');
    },

    async checkNumen(actor, accountId, numen, origin) {
      const normalized = normalizeNumen(numen);
      const auditActor = auditActorOf(actor);
      const actorId = auditActor?.accountId ?? null;

      // Reserve an attempt: count the wrong (and still pending) answers, then record this one as pending
      const reserved = await database.write(async (tx) => {
        const { row } = await requireHelpdeskTarget(tx.db, actor, 'helpdesk.recover', accountId);
        if (normalized === undefined) return { outcome: 'invalid' as const, email: row.email };
        const subject = { accountId: row.id, email: row.email };
        const audit = (result: string) =>
          recordAuditEvent(tx, clock, {
            type: 'helpdesk.identityChecked',
            actor: auditActor,
            subject,
            remoteAddress: origin.remoteAddress,
            details: { method: 'numen', result },
          });
        if (row.numen_hash === null) {
          await audit('notOnFile');
          return { outcome: 'notOnFile' as const, email: row.email };
        }
        await lockAccountRow(database, tx.db, row.id);
        const since = clock.nowMs() - NUMEN_CHECK_LIMITS.windowMs;
        const isLocked =
          (await wrongChecks(tx.db, 'account_id', row.id, since)) >= NUMEN_CHECK_LIMITS.maxWrongPerAccount ||
          (actorId !== null &&
            (await wrongChecks(tx.db, 'actor_account_id', actorId, since)) >=
              NUMEN_CHECK_LIMITS.maxWrongPerActor);
        if (isLocked) {
          await audit('locked');
          return { outcome: 'locked' as const, email: row.email };
        }
        const id = newId('k');
        await tx.db
          .insertInto('numen_checks')
          .values({
            id,
            account_id: row.id,
            actor_account_id: actorId,
            checked_at: clock.nowMs(),
            result: 'pending',
          })
          .execute();
        return { outcome: 'check' as const, id, hash: row.numen_hash, subject };
      });

      if (reserved.outcome === 'invalid') throw invalidNumen(reserved.email);
      if (reserved.outcome === 'notOnFile') {
        throw new DomainError('invalid', `no NUMEN on file for ${reserved.email}`, {
          details: { subject: 'account', name: reserved.email, reason: 'numenNotOnFile' },
        });
      }
      if (reserved.outcome === 'locked') {
        log.warn({ event: 'numen.locked', accountId, actor: actorId }, 'NUMEN checks locked');
        throw new DomainError('limit', `too many wrong NUMEN checks for ${reserved.email}`, {
          details: {
            subject: 'account',
            name: reserved.email,
            reason: 'numenCheckLocked',
            max: NUMEN_CHECK_LIMITS.maxWrongPerAccount,
          },
        });
      }

      // Verify (outside the transaction), then settle the attempt
      let isMatch: boolean;
      try {
        isMatch = await hasher.verify(reserved.hash, normalized ?? '');
      } catch (error) {
        // A stored hash we cannot read is damage, not a wrong answer: say so in the log, refuse the match.
        log.error({ err: error, accountId }, 'stored NUMEN hash is unreadable');
        isMatch = false;
      }
      const result: NumenCheckResult = isMatch ? 'match' : 'mismatch';
      await database.write(async (tx) => {
        await tx.db.updateTable('numen_checks').set({ result }).where('id', '=', reserved.id).execute();
        await recordAuditEvent(tx, clock, {
          type: 'helpdesk.identityChecked',
          actor: auditActor,
          subject: reserved.subject,
          remoteAddress: origin.remoteAddress,
          details: { method: 'numen', result },
        });
      });
      log.info({ event: 'helpdesk.identityChecked', accountId, actor: actorId, result }, 'NUMEN checked');
      return isMatch;
    },
  };
}

/** Wrong or unsettled NUMEN checks about an account, or by an actor, since `since`. */
async function wrongChecks(
  db: Reader,
  column: 'account_id' | 'actor_account_id',
  id: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('numen_checks')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where(column, '=', id)
    .where('checked_at', '>=', since)
    .where('result', 'in', ['pending', 'mismatch'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Whether `actor` found the account's NUMEN right since `since` (the system's checks count for the system
 * only): what an activation code's "NUMEN checked" rests on.
 */
export async function hasMatchingNumenCheck(
  db: Reader,
  actor: HelpdeskActor,
  accountId: string,
  since: number,
): Promise<boolean> {
  const actorId = auditActorOf(actor)?.accountId ?? null;
  const row = await db
    .selectFrom('numen_checks')
    .select('id')
    .where('account_id', '=', accountId)
    .where((eb) =>
      actorId === null ? eb('actor_account_id', 'is', null) : eb('actor_account_id', '=', actorId),
    )
    .where('checked_at', '>=', since)
    .where('result', '=', 'match')
    .executeTakeFirst();
  return row !== undefined;
}

// Removing second factors: one at a time by the user, all at once by the helpdesk (inside its recovery
// transaction), and the expired leftovers of ceremonies nobody finished.

import type { WriteTransaction } from '#store';
import { hasSecondFactor, toSecondFactor } from './factor-queries.ts';
import type { SecondFactor, SecondFactorDependencies } from './second-factor.ts';
import { secondFactorError } from './second-factor-errors.ts';

export interface RemovedFactor {
  readonly factor: SecondFactor;
  /**
   * Recovery codes deleted with it: they back up a second factor, so they go with the last one (otherwise a set
   * printed long ago would come back to life with the next enrolment). 0 while another factor remains.
   */
  readonly recoveryCodesDeleted: number;
  /** Whether the account still has a TOTP app or a passkey. */
  readonly hasSecondFactor: boolean;
}

/** What removeAllSecondFactors deleted, for the caller's audit event. */
export interface RemovedSecondFactors {
  readonly totpFactors: number;
  readonly passkeys: number;
  readonly recoveryCodes: number;
}

export interface FactorRemovalOperations {
  /** Remove one of the account's factors; factorNotFound when it has no factor with that id. */
  removeFactor(accountId: string, factorId: string): Promise<RemovedFactor>;
  /** Delete the pending TOTP enrolments and WebAuthn challenges that expired, for all accounts; returns how many. */
  purgeExpired(): Promise<number>;
}

export function factorRemovalOperations({
  database,
  clock,
  log,
}: SecondFactorDependencies): FactorRemovalOperations {
  return {
    async removeFactor(accountId, factorId) {
      const removed = await database.write(async (tx) => {
        const factor = await findFactor(tx, accountId, factorId);
        if (factor === undefined)
          throw secondFactorError('factorNotFound', 'no such second factor', { name: factorId.slice(0, 32) });
        await tx.db
          .deleteFrom(factor.kind === 'totp' ? 'totp_factors' : 'passkeys')
          .where('id', '=', factor.id)
          .execute();
        const isLeft = await hasSecondFactor(tx.db, accountId);
        let recoveryCodesDeleted = 0;
        if (!isLeft) {
          const result = await tx.db
            .deleteFrom('recovery_codes')
            .where('account_id', '=', accountId)
            .executeTakeFirst();
          recoveryCodesDeleted = Number(result.numDeletedRows);
        }
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        return { factor, recoveryCodesDeleted, hasSecondFactor: isLeft };
      });
      log.info(
        { event: 'secondFactor.removed', accountId, factorId, kind: removed.factor.kind },
        'second factor removed',
      );
      return removed;
    },

    async purgeExpired() {
      return await database.write(async (tx) => {
        const now = clock.nowMs();
        const enrolments = await tx.db
          .deleteFrom('totp_enrolments')
          .where('expires_at', '<=', now)
          .executeTakeFirst();
        const challenges = await tx.db
          .deleteFrom('webauthn_challenges')
          .where('expires_at', '<=', now)
          .executeTakeFirst();
        return Number(enrolments.numDeletedRows) + Number(challenges.numDeletedRows);
      });
    },
  };
}

/**
 * Delete every second factor of the account inside `tx` — TOTP apps, passkeys, recovery codes, pending
 * enrolments and challenges — for the helpdesk's recovery, which records its own audit event in the same `tx`.
 */
export async function removeAllSecondFactors(
  tx: WriteTransaction,
  accountId: string,
): Promise<RemovedSecondFactors> {
  const totp = await tx.db.deleteFrom('totp_factors').where('account_id', '=', accountId).executeTakeFirst();
  const passkeys = await tx.db.deleteFrom('passkeys').where('account_id', '=', accountId).executeTakeFirst();
  const codes = await tx.db
    .deleteFrom('recovery_codes')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  await tx.db.deleteFrom('totp_enrolments').where('account_id', '=', accountId).execute();
  await tx.db.deleteFrom('webauthn_challenges').where('account_id', '=', accountId).execute();
  const removed = {
    totpFactors: Number(totp.numDeletedRows),
    passkeys: Number(passkeys.numDeletedRows),
    recoveryCodes: Number(codes.numDeletedRows),
  };
  if (removed.totpFactors + removed.passkeys + removed.recoveryCodes > 0) {
    await tx.recordChange(accountId, 'Account', accountId, 'updated');
  }
  return removed;
}

async function findFactor(tx: WriteTransaction, accountId: string, factorId: string) {
  const columns = ['id', 'label', 'created_at', 'last_used_at'] as const;
  const totp = await tx.db
    .selectFrom('totp_factors')
    .select(columns)
    .where('id', '=', factorId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (totp !== undefined) return toSecondFactor('totp', totp);
  const passkey = await tx.db
    .selectFrom('passkeys')
    .select(columns)
    .where('id', '=', factorId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return passkey === undefined ? undefined : toSecondFactor('passkey', passkey);
}

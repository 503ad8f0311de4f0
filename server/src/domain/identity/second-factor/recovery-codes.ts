// Recovery codes: a set of single-use codes printed or saved when a second factor is set up, for the day the
// phone is lost. A new set replaces the old one entirely; a code works once, even when two requests race.

import { hasSecondFactor, recoveryCodesLeft, requireAccountId } from './factor-queries.ts';
import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from './recovery-code-format.ts';
import { SECOND_FACTOR_LIMITS, type SecondFactorDependencies } from './second-factor.ts';
import { secondFactorError } from './second-factor-errors.ts';

export interface RecoveryCodeOperations {
  /**
   * A new set of SECOND_FACTOR_LIMITS.recoveryCodes codes (`xxxx-xxxx-xxxx`), replacing every earlier code, used
   * or not. The codes are in the result and nowhere else (only hashes are kept). noSecondFactor when the account
   * has neither a TOTP app nor a passkey.
   */
  generateRecoveryCodes(accountId: string): Promise<readonly string[]>;
  /** True once per code of the current set; false for any other text. Case, spaces and dashes do not matter. */
  useRecoveryCode(accountId: string, code: string): Promise<boolean>;
}

export function recoveryCodeOperations({
  database,
  clock,
  log,
}: SecondFactorDependencies): RecoveryCodeOperations {
  return {
    async generateRecoveryCodes(accountId) {
      const codes = Array.from({ length: SECOND_FACTOR_LIMITS.recoveryCodes }, newRecoveryCode);
      await database.write(async (tx) => {
        await requireAccountId(tx.db, accountId);
        if (!(await hasSecondFactor(tx.db, accountId))) {
          throw secondFactorError('noSecondFactor', 'recovery codes need a second factor to back up');
        }
        const now = clock.nowMs();
        await tx.db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
        await tx.db
          .insertInto('recovery_codes')
          .values(
            codes.map((code) => ({
              account_id: accountId,
              code_hash: hashRecoveryCode(accountId, normalizeRecoveryCode(code) ?? code),
              created_at: now,
              used_at: null,
            })),
          )
          .execute();
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
      });
      log.info({ event: 'secondFactor.recoveryCodesGenerated', accountId }, 'recovery codes generated');
      return codes;
    },

    async useRecoveryCode(accountId, code) {
      const normalized = normalizeRecoveryCode(code);
      if (normalized === undefined) return false;
      const codeHash = hashRecoveryCode(accountId, normalized);
      // A wrong code is refused from the read connection, without taking the write lock.
      const unused = await database.db
        .selectFrom('recovery_codes')
        .select('code_hash')
        .where('account_id', '=', accountId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (unused === undefined) return false;
      const left = await database.write(async (tx) => {
        const result = await tx.db
          .updateTable('recovery_codes')
          .set({ used_at: clock.nowMs() })
          .where('account_id', '=', accountId)
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return undefined;
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        return await recoveryCodesLeft(tx.db, accountId);
      });
      if (left === undefined) return false;
      log.info({ event: 'secondFactor.recoveryCodeUsed', accountId, left }, 'recovery code used');
      return true;
    },
  };
}

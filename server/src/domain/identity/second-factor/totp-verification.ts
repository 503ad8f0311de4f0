// Checking a TOTP code at login. A code is accepted once: each factor remembers the last time step it accepted,
// and a code of that step or an earlier one is a replay (RFC 6238 §5.2). The step moves forward in one
// conditional UPDATE, so of two requests carrying the same code, on any number of processes, exactly one wins.

import { SECOND_FACTOR_LIMITS, TOTP_SEED, type SecondFactorDependencies } from './second-factor.ts';
import { matchTotpStep, normalizeTotpCode } from './totp-codes.ts';

export interface TotpVerification {
  /**
   * The id of the account's TOTP factor that gives `code` now (±1 step) and had not accepted that step or a
   * later one yet; undefined otherwise (wrong code, replay, no TOTP factor). Writes only when it accepts.
   */
  verifyTotp(accountId: string, code: string): Promise<string | undefined>;
}

export function totpVerification({
  database,
  clock,
  log,
  secrets,
}: SecondFactorDependencies): TotpVerification {
  return {
    async verifyTotp(accountId, code) {
      const typed = normalizeTotpCode(code);
      if (typed === undefined) return undefined;
      // Read on the read connection: a wrong guess costs no write lock. The UPDATE below re-checks the step.
      const factors = await database.db
        .selectFrom('totp_factors')
        .select(['id', 'secret', 'last_step'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .limit(SECOND_FACTOR_LIMITS.maxTotpFactors)
        .execute();
      const now = clock.nowMs();
      for (const factor of factors) {
        const seed = secrets.open(factor.secret, TOTP_SEED);
        const step = matchTotpStep(seed, typed, now);
        if (step === undefined) continue;
        const isFresh = factor.last_step === null || step > Number(factor.last_step);
        const isAccepted =
          isFresh &&
          (await database.write(async (tx) => {
            const result = await tx.db
              .updateTable('totp_factors')
              // A seed stored before sealing existed is sealed on its first use.
              .set({
                last_step: step,
                last_used_at: now,
                ...(secrets.isSealed(factor.secret) ? {} : { secret: secrets.seal(seed, TOTP_SEED) }),
              })
              .where('id', '=', factor.id)
              .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
              .executeTakeFirst();
            return Number(result.numUpdatedRows) === 1;
          }));
        if (isAccepted) return factor.id;
        // The code was right but already spent: someone else has it (shoulder surfing, phishing relay).
        log.warn(
          { event: 'secondFactor.totpReplay', accountId, factorId: factor.id },
          'a TOTP code already used was offered again',
        );
        return undefined;
      }
      return undefined;
    },
  };
}

// Enrolling an authenticator app: a new secret is shown (QR code) and kept pending until the user types a code
// it gives, which proves the app holds it. Confirming turns the pending secret into a factor.
// The secret is sealed with the secrets key before it reaches the database (core/secret-box.ts).

import { newId } from '#core/ids';
import { countFactors, parseLabel, requireAccountId, toSecondFactor } from './factor-queries.ts';
import {
  SECOND_FACTOR_LIMITS,
  TOTP_SEED,
  type SecondFactor,
  type SecondFactorDependencies,
} from './second-factor.ts';
import { secondFactorError } from './second-factor-errors.ts';
import { matchTotpStep, newTotpSecret, normalizeTotpCode, totpUri } from './totp-codes.ts';

export interface TotpEnrolment {
  readonly enrolmentId: string;
  /** Base32, for typing by hand when the QR code cannot be scanned. Shown once; never logged. */
  readonly secret: string;
  /** otpauth://totp/… for the QR code. */
  readonly otpauthUri: string;
  readonly expiresAt: Date;
}

export interface TotpEnrolmentOperations {
  /**
   * A new pending TOTP secret for the account, valid SECOND_FACTOR_LIMITS.totpEnrolmentMs. `issuer` names the
   * service in the app ("Académie de Grenoble"), `accountName` the account (its address).
   * tooManyFactors when the account already has the most TOTP factors allowed.
   */
  startTotpEnrolment(
    accountId: string,
    names: { issuer: string; accountName: string },
  ): Promise<TotpEnrolment>;
  /**
   * Confirm a pending enrolment with a code from the app: it becomes a factor named `label`. The code's time
   * step counts as used, so the same code cannot then log in. enrolmentNotFound (unknown, expired, already
   * confirmed), wrongCode, invalidLabel, tooManyFactors.
   */
  confirmTotpEnrolment(
    accountId: string,
    enrolmentId: string,
    code: string,
    label: string,
  ): Promise<SecondFactor>;
}

export function totpEnrolmentOperations({
  database,
  clock,
  log,
  secrets,
}: SecondFactorDependencies): TotpEnrolmentOperations {
  return {
    async startTotpEnrolment(accountId, { issuer, accountName }) {
      const secret = newTotpSecret();
      const otpauthUri = totpUri(secret, issuer, accountName);
      const enrolment = await database.write(async (tx) => {
        await requireAccountId(tx.db, accountId);
        if ((await countFactors(tx.db, 'totp_factors', accountId)) >= SECOND_FACTOR_LIMITS.maxTotpFactors) {
          throw tooManyTotpFactors();
        }
        const now = clock.nowMs();
        // Expired ones go; of the live ones, the oldest beyond the bound make room for this one.
        await tx.db
          .deleteFrom('totp_enrolments')
          .where('account_id', '=', accountId)
          .where('expires_at', '<=', now)
          .execute();
        const live = await tx.db
          .selectFrom('totp_enrolments')
          .select('id')
          .where('account_id', '=', accountId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        const dropped = live.slice(SECOND_FACTOR_LIMITS.maxPendingTotpEnrolments - 1).map((row) => row.id);
        if (dropped.length > 0)
          await tx.db.deleteFrom('totp_enrolments').where('id', 'in', dropped).execute();
        const row = {
          id: newId('n'),
          account_id: accountId,
          secret: secrets.seal(secret, TOTP_SEED),
          created_at: now,
          expires_at: now + SECOND_FACTOR_LIMITS.totpEnrolmentMs,
        };
        await tx.db.insertInto('totp_enrolments').values(row).execute();
        return row;
      });
      log.debug(
        { event: 'secondFactor.totpEnrolmentStarted', accountId, enrolmentId: enrolment.id },
        'TOTP enrolment started',
      );
      return { enrolmentId: enrolment.id, secret, otpauthUri, expiresAt: new Date(enrolment.expires_at) };
    },

    async confirmTotpEnrolment(accountId, enrolmentId, code, label) {
      const name = parseLabel(label);
      const typed = normalizeTotpCode(code);
      const factor = await database.write(async (tx) => {
        const now = clock.nowMs();
        const enrolment = await tx.db
          .selectFrom('totp_enrolments')
          .select(['id', 'secret'])
          .where('id', '=', enrolmentId)
          .where('account_id', '=', accountId)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (enrolment === undefined) {
          throw secondFactorError('enrolmentNotFound', 'no such TOTP enrolment (it may have expired)');
        }
        const seed = secrets.open(enrolment.secret, TOTP_SEED);
        const step = typed === undefined ? undefined : matchTotpStep(seed, typed, now);
        if (step === undefined) {
          throw secondFactorError('wrongCode', 'that is not the code the authenticator app shows now');
        }
        if ((await countFactors(tx.db, 'totp_factors', accountId)) >= SECOND_FACTOR_LIMITS.maxTotpFactors) {
          throw tooManyTotpFactors();
        }
        const row = {
          id: newId('f'),
          account_id: accountId,
          label: name,
          // Sealed anew: an enrolment written before sealing existed is sealed now.
          secret: secrets.seal(seed, TOTP_SEED),
          last_step: step,
          created_at: now,
          last_used_at: null,
        };
        await tx.db.insertInto('totp_factors').values(row).execute();
        await tx.db.deleteFrom('totp_enrolments').where('id', '=', enrolment.id).execute();
        await tx.recordChange(accountId, 'Account', accountId, 'updated');
        return toSecondFactor('totp', row);
      });
      log.info({ event: 'secondFactor.totpAdded', accountId, factorId: factor.id }, 'TOTP factor added');
      return factor;
    },
  };
}

function tooManyTotpFactors() {
  return secondFactorError('tooManyFactors', 'too many authenticator apps: remove an unused one first', {
    kind: 'totp',
    max: SECOND_FACTOR_LIMITS.maxTotpFactors,
  });
}

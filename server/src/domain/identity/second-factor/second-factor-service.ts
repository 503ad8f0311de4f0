// The second-factor service: TOTP apps, passkeys and recovery codes of an account, assembled from one file
// per concern. The caller (the login flow, the settings page) records audit events from the return values;
// nothing here logs a secret, a code or a challenge.

import { factorRemovalOperations, type FactorRemovalOperations } from './factor-removal.ts';
import { hasSecondFactor, listSecondFactors } from './factor-queries.ts';
import {
  passkeyAuthenticationOperations,
  type PasskeyAuthenticationOperations,
} from './passkey-authentication.ts';
import { passkeyRegistrationOperations, type PasskeyRegistrationOperations } from './passkey-registration.ts';
import { recoveryCodeOperations, type RecoveryCodeOperations } from './recovery-codes.ts';
import type { SecondFactorDependencies, SecondFactorList } from './second-factor.ts';
import { totpEnrolmentOperations, type TotpEnrolmentOperations } from './totp-enrolment.ts';
import { totpVerification, type TotpVerification } from './totp-verification.ts';

export interface SecondFactorService
  extends TotpEnrolmentOperations,
    TotpVerification,
    PasskeyRegistrationOperations,
    PasskeyAuthenticationOperations,
    RecoveryCodeOperations,
    FactorRemovalOperations {
  /** The account's TOTP apps and passkeys, oldest first, and how many recovery codes are left. */
  listFactors(accountId: string): Promise<SecondFactorList>;
  /** True when the account has a TOTP app or a passkey (recovery codes alone do not count). */
  hasSecondFactor(accountId: string): Promise<boolean>;
}

export function createSecondFactorService(dependencies: SecondFactorDependencies): SecondFactorService {
  const { database } = dependencies;
  return {
    listFactors: (accountId) => listSecondFactors(database.db, accountId),
    hasSecondFactor: (accountId) => hasSecondFactor(database.db, accountId),
    ...totpEnrolmentOperations(dependencies),
    ...totpVerification(dependencies),
    ...passkeyRegistrationOperations(dependencies),
    ...passkeyAuthenticationOperations(dependencies),
    ...recoveryCodeOperations(dependencies),
    ...factorRemovalOperations(dependencies),
  };
}

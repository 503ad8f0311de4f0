// Public surface of the second factor (DESIGN.md §4): TOTP authenticator apps, WebAuthn passkeys and
// single-use recovery codes, with their enrolment and removal. Domain only: the HTTP login flow wires it.

export {
  FACTOR_KINDS,
  SECOND_FACTOR_LIMITS,
  type FactorKind,
  type SecondFactor,
  type SecondFactorDependencies,
  type SecondFactorList,
} from './second-factor.ts';
export {
  SECOND_FACTOR_REFUSALS,
  type SecondFactorRefusal,
} from './second-factor-errors.ts';
export { createSecondFactorService, type SecondFactorService } from './second-factor-service.ts';
export { hasSecondFactor } from './factor-queries.ts';
export {
  removeAllSecondFactors,
  type RemovedFactor,
  type RemovedSecondFactors,
} from './factor-removal.ts';
export type { TotpEnrolment } from './totp-enrolment.ts';
export type { RelyingParty } from './webauthn-settings.ts';

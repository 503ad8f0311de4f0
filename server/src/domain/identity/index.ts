// Public surface of identity: domains, accounts (people, shared mailboxes, resources), aliases, roles,
// passwords and the settings that govern them (password policy, quotas per staff category).

export {
  ACCOUNT_ROLES,
  DEFAULT_ACCOUNT_PAGE,
  MAX_ACCOUNT_PAGE,
  SCOPED_ROLES,
  type Account,
  type AccountChanges,
  type AccountDetails,
  type AccountPage,
  type AccountQuery,
  type AccountRole,
  type Domain,
  type DomainSummary,
  type NewAccount,
  type RoleGrant,
} from './account.ts';
export { categoryQuota, type IdentitySettings, type Quota } from './account-rows.ts';
export { sendingAddresses, type SendingAddresses } from './account-lookups.ts';
export { MAX_STATUS_REASON_LENGTH } from './account-updates.ts';
export { toAddress, toDomainName, unicodeDomainName, type ParsedAddress } from './addresses.ts';
export {
  createIdentityService,
  type AccountsCreatedHook,
  type IdentityDependencies,
  type IdentityService,
} from './identity-service.ts';
export {
  createLoginThrottle,
  type LoginThrottle,
  type LoginThrottleDecision,
} from './login-throttle.ts';
export { ARGON2_OPTIONS, argon2Hasher, type PasswordHasher } from './password-hasher.ts';
export { checkPasswordPolicy, MAX_PASSWORD_LENGTH } from './password-policy.ts';
export { IDENTITY_SETTINGS } from './settings.ts';
export { ACCESS_SETTINGS, SECOND_FACTOR_RULES, type SecondFactorRule } from './access-settings.ts';
export type { AccessOrigin } from './access-origin.ts';
export {
  APP_PASSWORD_LIMITS,
  APP_PASSWORD_SCOPES,
  type AppPassword,
  type AppPasswordScope,
  type NewAppPassword,
  type ProtocolName,
} from './app-password.ts';
export type { ProtocolLoginRequest, ProtocolLoginResult } from './protocol-login.ts';
export { csrfTokenFor, isCsrfTokenValid, sessionTokenFromCookies } from './session-token.ts';
export { TRUSTED_NETWORK_LIMITS, type TrustedNetwork } from './trusted-networks.ts';
export type { PasswordLogin, PasswordLoginResult } from './web-login.ts';
export {
  CSRF_HEADER,
  WEB_SESSION_COOKIE,
  WEB_SESSION_LIMITS,
  type SecondFactorProof,
  type WebSession,
  type WebSessionState,
} from './web-session.ts';
export {
  createSecondFactorService,
  FACTOR_KINDS,
  hasSecondFactor,
  removeAllSecondFactors,
  SECOND_FACTOR_LIMITS,
  SECOND_FACTOR_REFUSALS,
  type FactorKind,
  type RelyingParty,
  type RemovedFactor,
  type RemovedSecondFactors,
  type SecondFactor,
  type SecondFactorDependencies,
  type SecondFactorList,
  type SecondFactorRefusal,
  type SecondFactorService,
  type TotpEnrolment,
} from './second-factor/index.ts';
export {
  MAX_SECOND_FACTOR_FAILURES,
  type SecondFactorAnswer,
  type SecondFactorResult,
} from './web-second-factor.ts';
export type { SecondFactorSetup } from './second-factor-settings.ts';
export {
  ADMIN_OPERATIONS,
  authorize,
  GLOBAL_ROLES,
  isAllowed,
  type Actor,
  type AdminOperation,
  type AdminTarget,
} from './authorization.ts';
export { SUMMARY_RECENT_LOGINS, type AccessSummary } from './access-summary.ts';
export { ACTIVITY_RESOLUTION_MS } from './account-activity.ts';
export {
  INACTIVITY_REASON,
  LIFECYCLE_LIMITS,
  type InactivitySuspensionReport,
} from './account-lifecycle.ts';
export { LIFECYCLE_SETTINGS } from './lifecycle-settings.ts';
export type { HelpdeskActor } from './helpdesk-actor.ts';
export { NUMEN_CHECK_LIMITS, type NumenCheckResult } from './numen-checks.ts';
export type { IdentityChecks, IssuedActivationCode } from './activation-codes.ts';
export type { ActivationResult } from './account-activation.ts';
export type { HelpdeskAccount } from './helpdesk-lookup.ts';
export { HELPDESK_RECORD_RETENTION_MS, type HelpdeskPruneReport } from './helpdesk-pruning.ts';
export { createAdminOperations, type AdminOperations, type NewAccountRequest } from './admin-operations.ts';

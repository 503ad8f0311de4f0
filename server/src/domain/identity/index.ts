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
export { PEOPLE_REFRESH_MS, PEOPLE_SEARCH_LIMITS, type PersonEntry } from './people-search.ts';

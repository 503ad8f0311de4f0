// What the identity module hands out: domains, accounts with their effective quota, aliases and roles,
// and the inputs it accepts. Times are Dates (JSON shows them as ISO 8601); absent values are null.

import type { AccountKind, AccountStatus, Locale, ProfileCategory } from '@vercors/contract';

/** Roles an account may hold. establishmentAdmin is scoped to one establishment; the others are global. */
export const ACCOUNT_ROLES = ['admin', 'helpdesk', 'security', 'establishmentAdmin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const SCOPED_ROLES: readonly AccountRole[] = ['establishmentAdmin'];

export interface Domain {
  readonly id: string;
  /** Lower-case ASCII; internationalised names are stored as A-labels (xn--…). */
  readonly name: string;
  /** The name as people read it (U-labels), equal to `name` for ASCII domains. */
  readonly unicodeName: string;
  readonly createdAt: Date;
}

export interface DomainSummary extends Domain {
  readonly accountCount: number;
}

export interface RoleGrant {
  readonly role: AccountRole;
  /** The establishment's UAI for scoped roles; null for global ones. */
  readonly scope: string | null;
}

export interface Account {
  readonly id: string;
  /** Primary address, lower case. */
  readonly email: string;
  /** The domain part of `email` (A-label). */
  readonly domain: string;
  readonly kind: AccountKind;
  readonly displayName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly status: AccountStatus;
  readonly statusReason: string | null;
  readonly statusChangedAt: Date | null;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly profileCategory: ProfileCategory;
  readonly establishmentUai: string | null;
  /** What applies: the override, else the category's default. */
  readonly quota: { readonly bytes: number; readonly messages: number };
  /** Per-account overrides; null means "the category's default". */
  readonly quotaOverride: { readonly bytes: number | null; readonly messages: number | null };
  readonly used: { readonly bytes: number; readonly messages: number };
  readonly hasPassword: boolean;
  readonly passwordChangedAt: Date | null;
  /**
   * The last login or signed-in use through any protocol, to the hour (account-activity.ts); the inactivity
   * job suspends from it. Null only for an account made outside account creation.
   */
  readonly lastActivityAt: Date | null;
  readonly modseq: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AccountDetails extends Account {
  readonly aliases: readonly string[];
  readonly roles: readonly RoleGrant[];
}

/** Fields to set on a new account; strings are validated (they often come straight from a command line). */
export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  /** Default person. */
  readonly kind?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** fr (default) or en. */
  readonly locale?: string;
  /** IANA name; default Europe/Paris. */
  readonly timeZone?: string;
  /** Default other. */
  readonly profileCategory?: string;
  /** Must name an existing establishment. */
  readonly establishmentUai?: string | null;
  readonly quotaBytes?: number | null;
  readonly quotaMessages?: number | null;
  /** Checked against the password policy, then hashed; absent means the account cannot log in with one. */
  readonly password?: string;
  readonly aliases?: readonly string[];
  readonly roles?: readonly { readonly role: string; readonly scope?: string | null }[];
}

/** Fields to change on an existing account; absent fields stay as they are. */
export interface AccountChanges {
  readonly displayName?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly locale?: string;
  readonly timeZone?: string;
  readonly profileCategory?: string;
  readonly establishmentUai?: string | null;
  readonly quotaBytes?: number | null;
  readonly quotaMessages?: number | null;
}

export interface AccountQuery {
  /** Domain name (Unicode or A-label). */
  readonly domain?: string;
  readonly status?: string;
  readonly kind?: string;
  readonly profileCategory?: string;
  readonly establishmentUai?: string;
  /** Matches the address, the names (case-insensitive; accents matter in names, not in addresses). */
  readonly text?: string;
  /** Zero-based index of the first account returned (JMAP's `position`). */
  readonly position?: number;
  /** At most MAX_ACCOUNT_PAGE; default DEFAULT_ACCOUNT_PAGE. */
  readonly limit?: number;
}

export interface AccountPage {
  readonly accounts: readonly Account[];
  /** How many accounts match the query in all. */
  readonly total: number;
  readonly position: number;
}

export const DEFAULT_ACCOUNT_PAGE = 100;
/** One page never carries more than this, so a listing cannot pull the whole académie into memory. */
export const MAX_ACCOUNT_PAGE = 1000;

// Checks of the fields people type about an account (names, language, time zone, category, quotas, roles),
// each turning bad input into DomainError('invalid') with a reason the CLI and the web app can translate.

import {
  ACCOUNT_KINDS,
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  LOCALES,
  PROFILE_CATEGORIES,
  type AccountKind,
  type Locale,
  type ProfileCategory,
} from '@vercors/contract';
import { DomainError } from '#core/errors';
import { parseUai } from '#domain/directory';
import {
  ACCOUNT_ROLES,
  SCOPED_ROLES,
  type AccountChanges,
  type AccountRole,
  type NewAccount,
} from './account.ts';
import { parseAddress, type ParsedAddress } from './addresses.ts';

/** Display names longer than this are pasted text, not names. */
export const MAX_NAME_LENGTH = 200;

type Invalid = (reason: string, extra?: Record<string, string | number>) => DomainError;

export function invalidFor(subject: string, name: string): Invalid {
  return (reason, extra = {}) =>
    new DomainError('invalid', `${subject} ${name}: ${reason}`, {
      details: { subject, name, reason, ...extra },
    });
}

export function parseChoice<C extends string>(
  value: string,
  choices: readonly C[],
  field: string,
  invalid: Invalid,
): C {
  const text = value.trim();
  if (!(choices as readonly string[]).includes(text)) {
    throw invalid('invalidChoice', { field, value: text, choices: choices.join(', ') });
  }
  return text as C;
}

/** A one-line name, NFC, spaces folded; empty allowed only when `isOptional`. */
export function parseName(value: string, invalid: Invalid, isOptional: boolean): string {
  const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  // Whitespace was folded above; any control character left has no place in a name.
  const hasControl = /\p{Cc}/u.test(text);
  if ((text === '' && !isOptional) || text.length > MAX_NAME_LENGTH || hasControl)
    throw invalid('invalidName');
  return text;
}

export function parseLocale(value: string | undefined, invalid: Invalid): Locale {
  const text = (value ?? DEFAULT_LOCALE).trim().toLowerCase();
  if (!(LOCALES as readonly string[]).includes(text)) throw invalid('invalidLocale', { value: text });
  return text as Locale;
}

/** The canonical IANA name (Intl knows the current tz database), or invalid. */
export function parseTimeZone(value: string | undefined, invalid: Invalid): string {
  const text = (value ?? DEFAULT_TIME_ZONE).trim();
  if (text === '') throw invalid('invalidTimeZone', { value: text });
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    throw invalid('invalidTimeZone', { value: text });
  }
}

export function parseQuota(value: number | null | undefined, invalid: Invalid): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid('invalidQuota', { value: String(value) });
  return value;
}

export function parseEstablishment(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  return parseUai(value);
}

export interface RoleRow {
  readonly role: AccountRole;
  /** '' for global roles (the table's convention), the UAI for scoped ones. */
  readonly scope: string;
}

export function parseRole(role: string, scope: string | null | undefined, invalid: Invalid): RoleRow {
  const name = parseChoice(role, ACCOUNT_ROLES, 'role', invalid);
  const hasScope = scope !== undefined && scope !== null && scope.trim() !== '';
  if (SCOPED_ROLES.includes(name)) {
    if (!hasScope) throw invalid('roleNeedsEstablishment', { role: name });
    return { role: name, scope: parseUai(scope) };
  }
  if (hasScope) throw invalid('roleIsGlobal', { role: name });
  return { role: name, scope: '' };
}

export interface AccountFields {
  readonly address: ParsedAddress;
  readonly kind: AccountKind;
  readonly displayName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly profileCategory: ProfileCategory;
  readonly establishmentUai: string | null;
  readonly quotaBytes: number | null;
  readonly quotaMessages: number | null;
  readonly aliases: readonly ParsedAddress[];
  readonly roles: readonly RoleRow[];
}

/** Every check that needs no database; the caller then checks domains, uniqueness and establishments. */
export function parseNewAccount(input: NewAccount): AccountFields {
  const address = parseAddress(input.email);
  const invalid = invalidFor('account', address.address);
  return {
    address,
    kind: parseChoice(input.kind ?? 'person', ACCOUNT_KINDS, 'kind', invalid),
    displayName: parseName(input.displayName, invalid, false),
    givenName: parseName(input.givenName ?? '', invalid, true),
    familyName: parseName(input.familyName ?? '', invalid, true),
    locale: parseLocale(input.locale, invalid),
    timeZone: parseTimeZone(input.timeZone, invalid),
    profileCategory: parseChoice(input.profileCategory ?? 'other', PROFILE_CATEGORIES, 'category', invalid),
    establishmentUai: parseEstablishment(input.establishmentUai),
    quotaBytes: parseQuota(input.quotaBytes, invalid),
    quotaMessages: parseQuota(input.quotaMessages, invalid),
    aliases: (input.aliases ?? []).map((alias) => parseAddress(alias, 'alias')),
    roles: (input.roles ?? []).map((grant) => parseRole(grant.role, grant.scope, invalid)),
  };
}

/** The columns an AccountChanges sets, checked; fields left out are absent from the result. */
export function parseAccountChanges(
  email: string,
  changes: AccountChanges,
): {
  display_name?: string;
  given_name?: string;
  family_name?: string;
  locale?: Locale;
  time_zone?: string;
  profile_category?: ProfileCategory;
  establishment_uai?: string | null;
  quota_bytes?: number | null;
  quota_messages?: number | null;
} {
  const invalid = invalidFor('account', email);
  return {
    ...(changes.displayName !== undefined && {
      display_name: parseName(changes.displayName, invalid, false),
    }),
    ...(changes.givenName !== undefined && { given_name: parseName(changes.givenName, invalid, true) }),
    ...(changes.familyName !== undefined && { family_name: parseName(changes.familyName, invalid, true) }),
    ...(changes.locale !== undefined && { locale: parseLocale(changes.locale, invalid) }),
    ...(changes.timeZone !== undefined && { time_zone: parseTimeZone(changes.timeZone, invalid) }),
    ...(changes.profileCategory !== undefined && {
      profile_category: parseChoice(changes.profileCategory, PROFILE_CATEGORIES, 'category', invalid),
    }),
    ...(changes.establishmentUai !== undefined && {
      establishment_uai: parseEstablishment(changes.establishmentUai),
    }),
    ...(changes.quotaBytes !== undefined && { quota_bytes: parseQuota(changes.quotaBytes, invalid) }),
    ...(changes.quotaMessages !== undefined && {
      quota_messages: parseQuota(changes.quotaMessages, invalid),
    }),
  };
}

// From table rows to the Account objects the module hands out, with the effective quota worked out
// from the account's overrides and its category's defaults.

import type { AccountKind, AccountStatus, Locale, ProfileCategory } from '@vercors/contract';
import type { SettingsValues } from '#core/config';
import type { AccountsTable } from '#store';
import type { Selectable } from 'kysely';
import type { Account, AccountDetails, AccountRole, RoleGrant } from './account.ts';
import type { IDENTITY_SETTINGS } from './settings.ts';

export type IdentitySettings = SettingsValues<typeof IDENTITY_SETTINGS>;
export type AccountRow = Selectable<AccountsTable>;

export interface Quota {
  readonly bytes: number;
  readonly messages: number;
}

export function categoryQuota(settings: IdentitySettings, category: ProfileCategory): Quota {
  switch (category) {
    case 'primaryTeacher':
      return { bytes: settings.quotaPrimaryTeacherBytes, messages: settings.quotaPrimaryTeacherMessages };
    case 'secondaryTeacher':
      return { bytes: settings.quotaSecondaryTeacherBytes, messages: settings.quotaSecondaryTeacherMessages };
    case 'administrative':
      return { bytes: settings.quotaAdministrativeBytes, messages: settings.quotaAdministrativeMessages };
    case 'technical':
      return { bytes: settings.quotaTechnicalBytes, messages: settings.quotaTechnicalMessages };
    case 'management':
      return { bytes: settings.quotaManagementBytes, messages: settings.quotaManagementMessages };
    case 'other':
      return { bytes: settings.quotaOtherBytes, messages: settings.quotaOtherMessages };
  }
}

/** PostgreSQL returns int8 columns as text; every number read from a row goes through this. */
function int(value: number | string | bigint): number {
  return Number(value);
}

function nullableInt(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

function date(value: number | string | null): Date | null {
  return value === null ? null : new Date(Number(value));
}

export function toAccount(row: AccountRow, settings: IdentitySettings): Account {
  const category = row.profile_category as ProfileCategory;
  const defaults = categoryQuota(settings, category);
  const quotaBytes = nullableInt(row.quota_bytes);
  const quotaMessages = nullableInt(row.quota_messages);
  return {
    id: row.id,
    email: row.email,
    domain: row.email.slice(row.email.lastIndexOf('@') + 1),
    kind: row.kind as AccountKind,
    displayName: row.display_name,
    givenName: row.given_name,
    familyName: row.family_name,
    status: row.status as AccountStatus,
    statusReason: row.status_reason,
    statusChangedAt: date(row.status_changed_at),
    locale: row.locale as Locale,
    timeZone: row.time_zone,
    profileCategory: category,
    establishmentUai: row.establishment_uai,
    quota: { bytes: quotaBytes ?? defaults.bytes, messages: quotaMessages ?? defaults.messages },
    quotaOverride: { bytes: quotaBytes, messages: quotaMessages },
    used: { bytes: int(row.used_bytes), messages: int(row.used_messages) },
    hasPassword: row.password_hash !== null,
    passwordChangedAt: date(row.password_changed_at),
    lastActivityAt: date(row.last_activity_at),
    modseq: int(row.modseq),
    createdAt: new Date(int(row.created_at)),
    updatedAt: new Date(int(row.updated_at)),
  };
}

export function toAccountDetails(
  account: Account,
  aliases: readonly { email: string }[],
  roles: readonly { role: string; scope: string }[],
): AccountDetails {
  const grants: RoleGrant[] = roles
    .map((r) => ({ role: r.role as AccountRole, scope: r.scope === '' ? null : r.scope }))
    .sort((a, b) => a.role.localeCompare(b.role) || (a.scope ?? '').localeCompare(b.scope ?? ''));
  return { ...account, aliases: aliases.map((a) => a.email).sort(), roles: grants };
}

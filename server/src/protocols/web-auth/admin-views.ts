// Accounts and domains as the admin API shows them: what an administrator needs to see and edit, never a
// password hash or a NUMEN.

import type { Account, AccountDetails, DomainSummary } from '#domain/identity';

export function accountView(account: Account) {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    givenName: account.givenName,
    familyName: account.familyName,
    status: account.status,
    statusReason: account.statusReason,
    profileCategory: account.profileCategory,
    establishmentUai: account.establishmentUai,
    locale: account.locale,
    timeZone: account.timeZone,
    quota: account.quota,
    quotaOverride: account.quotaOverride,
    hasPassword: account.hasPassword,
    lastActivityAt: account.lastActivityAt?.toISOString() ?? null,
  };
}

export function detailsView(account: AccountDetails) {
  return { ...accountView(account), aliases: account.aliases, roles: account.roles };
}

export function domainView(domain: DomainSummary | Omit<DomainSummary, 'accountCount'>) {
  return {
    name: domain.name,
    unicodeName: domain.unicodeName,
    createdAt: domain.createdAt.toISOString(),
    ...('accountCount' in domain && { accountCount: domain.accountCount }),
  };
}

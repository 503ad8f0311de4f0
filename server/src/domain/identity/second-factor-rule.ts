// Which second-factor rule applies to an account: the staff rule for everybody, and each role's own; the
// strictest wins. Then, with the network the login comes from and whether a factor is set up, whether this
// login must present one.

import type { AccountRole } from './account.ts';
import type { IdentitySettings } from './account-rows.ts';
import type { SecondFactorRule } from './access-settings.ts';

const STRICTNESS: Record<SecondFactorRule, number> = {
  'when-enrolled': 0,
  'outside-trusted-networks': 1,
  always: 2,
};

export function secondFactorRuleFor(
  settings: IdentitySettings,
  roles: readonly AccountRole[],
): SecondFactorRule {
  const byRole: Record<AccountRole, SecondFactorRule> = {
    admin: settings.secondFactorAdmin,
    helpdesk: settings.secondFactorHelpdesk,
    security: settings.secondFactorSecurity,
    establishmentAdmin: settings.secondFactorEstablishmentAdmin,
  };
  let rule = settings.secondFactorUser;
  for (const role of roles) {
    const candidate = byRole[role];
    if (STRICTNESS[candidate] > STRICTNESS[rule]) rule = candidate;
  }
  return rule;
}

export function isSecondFactorRequired(
  rule: SecondFactorRule,
  facts: { readonly isTrustedNetwork: boolean; readonly isEnrolled: boolean },
): boolean {
  switch (rule) {
    case 'always':
      return true;
    case 'outside-trusted-networks':
      return !facts.isTrustedNetwork;
    case 'when-enrolled':
      return !facts.isTrustedNetwork && facts.isEnrolled;
  }
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '#core/config';
import type { SecondFactorRule } from './access-settings.ts';
import type { AccountRole } from './account.ts';
import type { IdentitySettings } from './account-rows.ts';
import { isSecondFactorRequired, secondFactorRuleFor } from './second-factor-rule.ts';
import { IDENTITY_SETTINGS } from './settings.ts';

/** IDENTITY_SETTINGS as the configuration builds them: defaults, then `env` (VERCORS_SECOND_FACTOR_…). */
function settingsWith(env: Record<string, string> = {}): IdentitySettings {
  return loadConfig([{ module: 'domain/identity', settings: IDENTITY_SETTINGS }], { env }).get(
    IDENTITY_SETTINGS,
  );
}

test('with the default settings, staff follow the network rule and the global roles always need a factor', () => {
  const settings = settingsWith();
  const cases: [roles: AccountRole[], rule: SecondFactorRule][] = [
    [[], 'outside-trusted-networks'],
    [['establishmentAdmin'], 'outside-trusted-networks'],
    [['helpdesk'], 'always'],
    [['security'], 'always'],
    [['admin'], 'always'],
    [['establishmentAdmin', 'helpdesk'], 'always'],
    [['helpdesk', 'establishmentAdmin'], 'always'],
    [['admin', 'helpdesk', 'security', 'establishmentAdmin'], 'always'],
  ];
  for (const [roles, rule] of cases)
    assert.equal(secondFactorRuleFor(settings, roles), rule, roles.join(','));
});

test('the strictest rule among the staff rule and every role wins, whatever the order of the roles', () => {
  const settings = settingsWith({
    VERCORS_SECOND_FACTOR_USER: 'when-enrolled',
    VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN: 'outside-trusted-networks',
    VERCORS_SECOND_FACTOR_HELPDESK: 'when-enrolled',
    VERCORS_SECOND_FACTOR_SECURITY: 'always',
    VERCORS_SECOND_FACTOR_ADMIN: 'outside-trusted-networks',
  });
  const cases: [roles: AccountRole[], rule: SecondFactorRule][] = [
    [[], 'when-enrolled'],
    [['helpdesk'], 'when-enrolled'],
    [['establishmentAdmin'], 'outside-trusted-networks'],
    [['admin'], 'outside-trusted-networks'],
    [['helpdesk', 'admin'], 'outside-trusted-networks'],
    [['admin', 'helpdesk'], 'outside-trusted-networks'],
    [['security'], 'always'],
    [['security', 'helpdesk'], 'always'],
    [['helpdesk', 'establishmentAdmin', 'security'], 'always'],
    [['security', 'establishmentAdmin', 'admin', 'helpdesk'], 'always'],
  ];
  for (const [roles, rule] of cases)
    assert.equal(secondFactorRuleFor(settings, roles), rule, roles.join(','));
});

test('a role with a laxer rule never lowers the staff rule everybody follows', () => {
  const settings = settingsWith({
    VERCORS_SECOND_FACTOR_USER: 'always',
    VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN: 'when-enrolled',
    VERCORS_SECOND_FACTOR_HELPDESK: 'when-enrolled',
    VERCORS_SECOND_FACTOR_SECURITY: 'outside-trusted-networks',
    VERCORS_SECOND_FACTOR_ADMIN: 'when-enrolled',
  });
  assert.equal(secondFactorRuleFor(settings, []), 'always');
  assert.equal(
    secondFactorRuleFor(settings, ['admin', 'helpdesk', 'security', 'establishmentAdmin']),
    'always',
  );
});

test('each role reads its own setting', () => {
  const lax = {
    VERCORS_SECOND_FACTOR_USER: 'when-enrolled',
    VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN: 'when-enrolled',
    VERCORS_SECOND_FACTOR_HELPDESK: 'when-enrolled',
    VERCORS_SECOND_FACTOR_SECURITY: 'when-enrolled',
    VERCORS_SECOND_FACTOR_ADMIN: 'when-enrolled',
  };
  const envNames: Record<AccountRole, string> = {
    admin: 'VERCORS_SECOND_FACTOR_ADMIN',
    helpdesk: 'VERCORS_SECOND_FACTOR_HELPDESK',
    security: 'VERCORS_SECOND_FACTOR_SECURITY',
    establishmentAdmin: 'VERCORS_SECOND_FACTOR_ESTABLISHMENT_ADMIN',
  };
  for (const [role, envName] of Object.entries(envNames) as [AccountRole, string][]) {
    const settings = settingsWith({ ...lax, [envName]: 'always' });
    for (const other of Object.keys(envNames) as AccountRole[]) {
      const expected = other === role ? 'always' : 'when-enrolled';
      assert.equal(secondFactorRuleFor(settings, [other]), expected, `${envName} set, role ${other}`);
    }
  }
});

test('whether a login must present a second factor, for every rule, network and enrolment', () => {
  const table: [rule: SecondFactorRule, isTrustedNetwork: boolean, isEnrolled: boolean, required: boolean][] =
    [
      ['always', false, false, true],
      ['always', false, true, true],
      ['always', true, false, true],
      ['always', true, true, true],
      ['outside-trusted-networks', false, false, true],
      ['outside-trusted-networks', false, true, true],
      ['outside-trusted-networks', true, false, false],
      ['outside-trusted-networks', true, true, false],
      ['when-enrolled', false, false, false],
      ['when-enrolled', false, true, true],
      ['when-enrolled', true, false, false],
      ['when-enrolled', true, true, false],
    ];
  for (const [rule, isTrustedNetwork, isEnrolled, required] of table) {
    assert.equal(
      isSecondFactorRequired(rule, { isTrustedNetwork, isEnrolled }),
      required,
      `${rule}, trusted network ${isTrustedNetwork}, enrolled ${isEnrolled}`,
    );
  }
});

test('a stricter rule never asks for a factor less often than a laxer one', () => {
  const order: SecondFactorRule[] = ['when-enrolled', 'outside-trusted-networks', 'always'];
  for (const isTrustedNetwork of [false, true]) {
    for (const isEnrolled of [false, true]) {
      const required = order.map((rule) => isSecondFactorRequired(rule, { isTrustedNetwork, isEnrolled }));
      for (let index = 1; index < required.length; index++) {
        assert.ok(
          !required[index - 1] || required[index],
          `${order[index]} at least as strict as ${order[index - 1]}`,
        );
      }
    }
  }
});

// The authorisation matrix: every role against every admin operation, on a target in the actor's
// establishment, in another one, holding a global role, and on nothing in particular. The expected table is
// written out by hand, so a change to the rules must change it too.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoleGrant } from './account.ts';
import {
  ADMIN_OPERATIONS,
  authorize,
  isAllowed,
  type AdminOperation,
  type AdminTarget,
} from './authorization.ts';

const HOME = '0380027Y';
const OTHER = '0730001E';
const ACTORS: Record<string, readonly RoleGrant[]> = {
  user: [],
  establishmentAdmin: [{ role: 'establishmentAdmin', scope: HOME }],
  helpdesk: [{ role: 'helpdesk', scope: null }],
  security: [{ role: 'security', scope: null }],
  admin: [{ role: 'admin', scope: null }],
};
const TARGETS: Record<string, AdminTarget> = {
  colleague: { kind: 'account', establishmentUai: HOME, roles: [] },
  elsewhere: { kind: 'account', establishmentUai: OTHER, roles: [] },
  privileged: { kind: 'account', establishmentUai: HOME, roles: [{ role: 'helpdesk', scope: null }] },
  network: { kind: 'network', establishmentUai: HOME },
  global: { kind: 'none' },
};

// Per operation and actor: the targets allowed (C colleague, E elsewhere, P privileged, N network, G global).
const MATRIX: Record<AdminOperation, Record<string, string>> = {
  'account.read': { user: '', establishmentAdmin: 'C', helpdesk: 'CEP', security: 'CEP', admin: 'CEP' },
  'account.create': { user: '', establishmentAdmin: 'C', helpdesk: '', security: '', admin: 'CEP' },
  'account.update': { user: '', establishmentAdmin: 'C', helpdesk: '', security: '', admin: 'CEP' },
  'account.suspend': { user: '', establishmentAdmin: 'C', helpdesk: '', security: 'CE', admin: 'CEP' },
  'account.reactivate': { user: '', establishmentAdmin: 'C', helpdesk: 'CE', security: '', admin: 'CEP' },
  'account.delete': { user: '', establishmentAdmin: '', helpdesk: '', security: '', admin: 'CEP' },
  'account.setPassword': { user: '', establishmentAdmin: '', helpdesk: '', security: '', admin: 'CEP' },
  'role.manage': { user: '', establishmentAdmin: '', helpdesk: '', security: '', admin: 'CEP' },
  'domain.manage': { user: '', establishmentAdmin: '', helpdesk: '', security: '', admin: 'G' },
  'network.manage': { user: '', establishmentAdmin: 'N', helpdesk: '', security: '', admin: 'N' },
  'audit.read': { user: '', establishmentAdmin: '', helpdesk: 'CE', security: 'CEPG', admin: 'CEPG' },
  'access.read': { user: '', establishmentAdmin: 'C', helpdesk: 'CE', security: 'CE', admin: 'CEP' },
  'access.revoke': { user: '', establishmentAdmin: 'C', helpdesk: 'CE', security: 'CE', admin: 'CEP' },
  'helpdesk.recover': { user: '', establishmentAdmin: '', helpdesk: 'CE', security: '', admin: 'CEP' },
};
const LETTER: Record<string, string> = {
  colleague: 'C',
  elsewhere: 'E',
  privileged: 'P',
  network: 'N',
  global: 'G',
};

test('every role against every admin operation and kind of target', () => {
  assert.deepEqual(
    Object.keys(MATRIX).sort(),
    [...ADMIN_OPERATIONS].sort(),
    'the matrix names every operation',
  );
  const mismatches: string[] = [];
  for (const operation of ADMIN_OPERATIONS) {
    for (const [actorName, roles] of Object.entries(ACTORS)) {
      const actor = { accountId: `a-${actorName}`, email: `${actorName}@ac-test.fr`, roles };
      const allowed = Object.entries(TARGETS)
        .filter(([, target]) => isAllowed(actor, operation, target))
        .map(([name]) => LETTER[name])
        .join('');
      const expected = MATRIX[operation][actorName];
      if (allowed !== expected)
        mismatches.push(`${operation} by ${actorName}: got "${allowed}", expected "${expected}"`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('roles combine; an establishment administrator never gives roles nor reaches another school', () => {
  const twoSchools = {
    accountId: 'a',
    email: 'a@ac-test.fr',
    roles: [
      { role: 'establishmentAdmin', scope: HOME },
      { role: 'establishmentAdmin', scope: OTHER },
    ] as const,
  };
  assert.ok(isAllowed(twoSchools, 'account.update', TARGETS.elsewhere ?? { kind: 'none' }));
  const withRole: AdminTarget = {
    kind: 'account',
    establishmentUai: HOME,
    roles: [{ role: 'establishmentAdmin', scope: HOME }],
  };
  assert.equal(isAllowed(twoSchools, 'account.create', withRole), false);
  const helpdeskAndSecurity = {
    accountId: 'h',
    email: 'h@ac-test.fr',
    roles: [
      { role: 'helpdesk', scope: null },
      { role: 'security', scope: null },
    ] as const,
  };
  assert.ok(isAllowed(helpdeskAndSecurity, 'helpdesk.recover', TARGETS.colleague ?? { kind: 'none' }));
  assert.ok(isAllowed(helpdeskAndSecurity, 'account.suspend', TARGETS.colleague ?? { kind: 'none' }));
  assert.equal(
    isAllowed(helpdeskAndSecurity, 'account.delete', TARGETS.colleague ?? { kind: 'none' }),
    false,
  );
});

test('authorize refuses with a forbidden DomainError naming the operation', () => {
  const user = { accountId: 'u', email: 'u@ac-test.fr', roles: [] };
  assert.throws(
    () => authorize(user, 'audit.read', { kind: 'none' }),
    (error: unknown) =>
      error instanceof Error &&
      'code' in error &&
      error.code === 'forbidden' &&
      /audit\.read/.test(error.message),
  );
  assert.doesNotThrow(() =>
    authorize({ ...user, roles: [{ role: 'admin', scope: null }] }, 'audit.read', { kind: 'none' }),
  );
});

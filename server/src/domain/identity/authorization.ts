// Who may administer what (DESIGN.md §1 roles, §4): one decision function the admin operations call before
// acting, so the rule holds whatever the entry point (admin HTTP API, web app) and a test can walk every role
// against every operation (authorization.test.ts). The command line runs as the system and is not checked:
// whoever runs `vercors` on the server already holds its data.
//
// The rules:
// - the académie administrator (admin) may do everything;
// - an establishment administrator may read and manage the people of their establishments (not those
//   holding a global role) and their establishments' trusted networks;
// - the helpdesk may read any account, recover access (activation codes) and reactivate, end sessions and
//   revoke app passwords, and read an account's audit events — never for holders of a global role;
// - the security officer may read any account and the whole audit log, suspend accounts and end their
//   access (sessions, app passwords) — again not holders of a global role, whom only an admin manages;
// - everybody else (a user) may administer nothing.

import { DomainError } from '#core/errors';
import type { AccountRole, RoleGrant } from './account.ts';

export const ADMIN_OPERATIONS = [
  'account.read',
  'account.create',
  'account.update',
  'account.suspend',
  'account.reactivate',
  'account.delete',
  'account.setPassword',
  'role.manage',
  'domain.manage',
  'network.manage',
  'audit.read',
  'access.read',
  'access.revoke',
  'helpdesk.recover',
] as const;
export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];

/** Roles that reach beyond one establishment: only an admin administers their holders. */
export const GLOBAL_ROLES: readonly AccountRole[] = ['admin', 'helpdesk', 'security'];

export interface Actor {
  readonly accountId: string;
  readonly email: string;
  readonly roles: readonly RoleGrant[];
}

/**
 * What the operation touches. An account: its establishment and roles (a new account's, for account.create);
 * a trusted network: its establishment (null for the académie's own); nothing for global operations.
 */
export type AdminTarget =
  | {
      readonly kind: 'account';
      readonly establishmentUai: string | null;
      readonly roles: readonly RoleGrant[];
    }
  | { readonly kind: 'network'; readonly establishmentUai: string | null }
  | { readonly kind: 'none' };

/** The kinds of target each operation acts on; anything else is refused, even to an admin (a caller's bug). */
const TARGET_KINDS: Record<AdminOperation, readonly AdminTarget['kind'][]> = {
  'account.read': ['account'],
  'account.create': ['account'],
  'account.update': ['account'],
  'account.suspend': ['account'],
  'account.reactivate': ['account'],
  'account.delete': ['account'],
  'account.setPassword': ['account'],
  'role.manage': ['account'],
  'domain.manage': ['none'],
  'network.manage': ['network'],
  // One account's events, or the whole log.
  'audit.read': ['account', 'none'],
  'access.read': ['account'],
  'access.revoke': ['account'],
  'helpdesk.recover': ['account'],
};

const HELPDESK: readonly AdminOperation[] = [
  'account.read',
  'account.reactivate',
  'audit.read',
  'access.read',
  'access.revoke',
  'helpdesk.recover',
];
const SECURITY: readonly AdminOperation[] = [
  'account.read',
  'account.suspend',
  'audit.read',
  'access.read',
  'access.revoke',
];
const ESTABLISHMENT_ADMIN: readonly AdminOperation[] = [
  'account.read',
  'account.create',
  'account.update',
  'account.suspend',
  'account.reactivate',
  'access.read',
  'access.revoke',
  'network.manage',
];

export function isAllowed(actor: Actor, operation: AdminOperation, target: AdminTarget): boolean {
  if (!TARGET_KINDS[operation].includes(target.kind)) return false;
  const held = new Set(actor.roles.map((grant) => grant.role));
  if (held.has('admin')) return true;
  const targetIsPrivileged =
    target.kind === 'account' && target.roles.some((grant) => GLOBAL_ROLES.includes(grant.role));
  // The whole audit log is the security officer's; the helpdesk reads one account's events at a time.
  if (operation === 'audit.read' && held.has('security')) return true;
  if (operation === 'audit.read' && target.kind === 'none') return false;
  if (
    (held.has('security') && SECURITY.includes(operation)) ||
    (held.has('helpdesk') && HELPDESK.includes(operation))
  ) {
    if (!targetIsPrivileged || operation === 'account.read') return true;
  }
  if (ESTABLISHMENT_ADMIN.includes(operation)) {
    const scopes = actor.roles
      .filter((grant) => grant.role === 'establishmentAdmin')
      .map((grant) => grant.scope);
    const uai = target.kind === 'none' ? null : target.establishmentUai;
    const isInScope = uai !== null && scopes.includes(uai);
    // An establishment administrator creates plain staff only: roles are an admin's to give.
    const givesRoles = operation === 'account.create' && target.kind === 'account' && target.roles.length > 0;
    if (isInScope && !targetIsPrivileged && !givesRoles) return true;
  }
  return false;
}

/** Throw DomainError('forbidden') unless `actor` may do `operation` on `target`. */
export function authorize(actor: Actor, operation: AdminOperation, target: AdminTarget): void {
  if (!isAllowed(actor, operation, target)) {
    throw new DomainError('forbidden', `${actor.email} may not ${operation}`, {
      details: { subject: 'authorization', operation },
    });
  }
}

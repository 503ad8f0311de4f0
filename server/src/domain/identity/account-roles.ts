// Roles: what an account may administer. Global roles (admin, helpdesk, security) carry no scope;
// establishmentAdmin is scoped to one establishment. Granting and revoking are idempotent; an actual change
// is audited (role.granted, role.revoked) in its transaction.

import type { Clock } from '#core/clock';
import { recordAuditEvent } from '#domain/audit';
import type { WriteTransaction } from '#store';
import type { AccessOrigin } from './access-origin.ts';
import { requireAccount, requireEstablishment } from './account-lookups.ts';
import { invalidFor, parseRole } from './account-fields.ts';
import type { IdentityContext } from './identity-context.ts';

export interface RoleOperations {
  /** Grant `role` (with the establishment's UAI as `scope` for establishmentAdmin); no-op when already held. */
  grantRole(email: string, role: string, scope?: string | null, origin?: AccessOrigin): Promise<void>;
  /** Revoke `role` (in `scope`); no-op when not held. */
  revokeRole(email: string, role: string, scope?: string | null, origin?: AccessOrigin): Promise<void>;
}

export function roleOperations({ database, clock, log }: IdentityContext): RoleOperations {
  return {
    async grantRole(email, role, scope, origin = {}) {
      const changed = await database.write(async (tx) => {
        const account = await requireAccount(tx.db, email);
        const grant = parseRole(role, scope, invalidFor('account', account.email));
        if (grant.scope !== '') await requireEstablishment(tx.db, grant.scope, 'account', account.email);
        const held = await tx.db
          .selectFrom('account_roles')
          .select('role')
          .where('account_id', '=', account.id)
          .where('role', '=', grant.role)
          .where('scope', '=', grant.scope)
          .executeTakeFirst();
        if (held) return undefined;
        await tx.db
          .insertInto('account_roles')
          .values({ account_id: account.id, ...grant })
          .execute();
        await tx.recordChange(account.id, 'Account', account.id, 'updated');
        await auditRole(tx, clock, 'role.granted', account, grant, origin);
        return { accountId: account.id, ...grant };
      });
      if (changed) log.info({ event: 'role.granted', ...changed }, 'role granted');
    },

    async revokeRole(email, role, scope, origin = {}) {
      const changed = await database.write(async (tx) => {
        const account = await requireAccount(tx.db, email);
        const grant = parseRole(role, scope, invalidFor('account', account.email));
        const result = await tx.db
          .deleteFrom('account_roles')
          .where('account_id', '=', account.id)
          .where('role', '=', grant.role)
          .where('scope', '=', grant.scope)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return undefined;
        await tx.recordChange(account.id, 'Account', account.id, 'updated');
        await auditRole(tx, clock, 'role.revoked', account, grant, origin);
        return { accountId: account.id, ...grant };
      });
      if (changed) log.info({ event: 'role.revoked', ...changed }, 'role revoked');
    },
  };
}

function auditRole(
  tx: WriteTransaction,
  clock: Clock,
  type: 'role.granted' | 'role.revoked',
  account: { readonly id: string; readonly email: string },
  grant: { readonly role: string; readonly scope: string },
  origin: AccessOrigin,
) {
  return recordAuditEvent(tx, clock, {
    type,
    actor: origin.actor,
    subject: { accountId: account.id, email: account.email },
    remoteAddress: origin.remoteAddress,
    // Stored scopes are '' for global roles; the event says null, as the API does.
    details: { role: grant.role, scope: grant.scope === '' ? null : grant.scope },
  });
}

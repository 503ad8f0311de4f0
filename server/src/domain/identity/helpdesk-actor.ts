// Who acts in a helpdesk recovery, and on whom. A person (the helpdesk, an admin) is checked against the
// authorisation rules (authorization.ts) on every call; the command line acts as the system, which is not
// checked (whoever runs `vercors` on the server already holds its data) and is audited with no actor.

import { DomainError } from '#core/errors';
import type { AuditParty } from '#domain/audit';
import type { Database } from '#store';
import type { AccountRole, RoleGrant } from './account.ts';
import type { Reader } from './account-lookups.ts';
import type { AccountRow } from './account-rows.ts';
import { authorize, type Actor, type AdminOperation } from './authorization.ts';

/** A person acting through the admin API, or the system (the command line, an HR import). */
export type HelpdeskActor = Actor | 'system';

/** The actor as the audit log names it: absent for the system. */
export function auditActorOf(actor: HelpdeskActor): AuditParty | undefined {
  return actor === 'system' ? undefined : { accountId: actor.accountId, email: actor.email };
}

/** The account a helpdesk operation acts on, with its roles. */
export interface HelpdeskTarget {
  readonly row: AccountRow;
  readonly roles: readonly RoleGrant[];
}

/**
 * The account `accountId`, once `actor` may do `operation` on it; notFound when there is none. Nobody recovers
 * their own account: the recovery bypasses the second factor, so it takes a second person (an admin whose
 * session was stolen must not be able to hand the thief a fresh password and factor).
 */
export async function requireHelpdeskTarget(
  db: Reader,
  actor: HelpdeskActor,
  operation: AdminOperation,
  accountId: string,
): Promise<HelpdeskTarget> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (row === undefined) {
    throw new DomainError('notFound', `no account ${accountId}`, {
      details: { subject: 'account', name: accountId.slice(0, 64) },
    });
  }
  const roleRows = await db
    .selectFrom('account_roles')
    .select(['role', 'scope'])
    .where('account_id', '=', row.id)
    .execute();
  const roles = roleRows.map((r) => ({
    role: r.role as AccountRole,
    scope: r.scope === '' ? null : r.scope,
  }));
  if (actor !== 'system') {
    authorize(actor, operation, { kind: 'account', establishmentUai: row.establishment_uai, roles });
    if (operation === 'helpdesk.recover' && actor.accountId === row.id) {
      throw new DomainError('forbidden', `${actor.email} may not recover their own account`, {
        details: { subject: 'authorization', operation, reason: 'ownAccount' },
      });
    }
  }
  return { row, roles };
}

/**
 * Take the account's row lock for the rest of the transaction (PostgreSQL), so two processes counting the same
 * account's attempts cannot both see room for one more. SQLite's writer already runs one transaction at a time.
 */
export async function lockAccountRow(database: Database, db: Reader, accountId: string): Promise<void> {
  if (database.dialect.name !== 'postgres') return;
  await db.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}

// The helpdesk looks a caller up before anything else: who they are (address, names, establishment, status and
// why), whether a NUMEN is on file to check, whether they have a second factor, whether an activation code is
// waiting, and whether this helpdesk member may recover them at all (not a holder of a global role).

import { DomainError } from '#core/errors';
import type { AccountDetails } from './account.ts';
import { resolveAddress } from './account-lookups.ts';
import { loadDetails } from './account-queries.ts';
import { toAddress } from './addresses.ts';
import { isAllowed } from './authorization.ts';
import { requireHelpdeskTarget, type HelpdeskActor } from './helpdesk-actor.ts';
import type { IdentityContext } from './identity-context.ts';
import { hasSecondFactor } from './second-factor/index.ts';

export interface HelpdeskAccount {
  readonly account: AccountDetails;
  /** A NUMEN is on file, so the helpdesk can check the one the caller gives. */
  readonly hasNumen: boolean;
  readonly hasSecondFactor: boolean;
  /** The unused, unexpired activation code, if one is waiting (never the code itself). */
  readonly pendingActivation: {
    readonly issuedAt: Date;
    readonly expiresAt: Date;
    readonly issuedBy: string | null;
  } | null;
  /** Whether the actor may check the NUMEN and issue a code for this account. */
  readonly canRecover: boolean;
}

export interface HelpdeskLookupOperations {
  /** The account `address` names (primary address or alias), as the helpdesk sees it; notFound when none. */
  lookUpForHelpdesk(actor: HelpdeskActor, address: string): Promise<HelpdeskAccount>;
}

export function helpdeskLookupOperations(context: IdentityContext): HelpdeskLookupOperations {
  const { database, clock } = context;
  const db = database.db;
  return {
    async lookUpForHelpdesk(actor, address) {
      const parsed = toAddress(address);
      const found = parsed === undefined ? undefined : await resolveAddress(db, parsed.address);
      if (found === undefined) {
        throw new DomainError('notFound', `no account ${address.slice(0, 320)}`, {
          details: { subject: 'account', name: address.slice(0, 320) },
        });
      }
      const { row, roles } = await requireHelpdeskTarget(db, actor, 'account.read', found.id);
      const pending = await db
        .selectFrom('activation_codes')
        .select(['issued_at', 'expires_at', 'issued_by_email'])
        .where('account_id', '=', row.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', clock.nowMs())
        .orderBy('issued_at', 'desc')
        .executeTakeFirst();
      const canRecover =
        actor === 'system' ||
        (actor.accountId !== row.id &&
          isAllowed(actor, 'helpdesk.recover', {
            kind: 'account',
            establishmentUai: row.establishment_uai,
            roles,
          }));
      return {
        account: await loadDetails(context, db, row),
        hasNumen: row.numen_hash !== null,
        hasSecondFactor: await hasSecondFactor(db, row.id),
        pendingActivation:
          pending === undefined
            ? null
            : {
                issuedAt: new Date(Number(pending.issued_at)),
                expiresAt: new Date(Number(pending.expires_at)),
                issuedBy: pending.issued_by_email,
              },
        canRecover,
      };
    },
  };
}

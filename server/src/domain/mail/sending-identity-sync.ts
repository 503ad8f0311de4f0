// The automatic sending identities: one per address the account may send from, kept in line with identity's
// list of addresses (sendingAddresses). They are made lazily, by the first read or write of the account's
// identities after an address appears (account creation, a new alias, accounts older than migration 9), and
// destroyed, with every other identity of that address, once the address is no longer the account's (an
// alias removed). Identity cannot call mail (mail depends on it), so the check runs before every Identity
// read: two small reads, and a write transaction only when something is missing or left over.

import type { Kysely, Selectable } from 'kysely';
import { newId } from '#core/ids';
import { sendingAddresses, type SendingAddresses } from '#domain/identity';
import type { DatabaseSchema, SendingIdentitiesTable, WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import type { MailContext } from './mail-context.ts';
import { notFound } from './mail-errors.ts';
import { destroyIdentitySignatures } from './signature-removal.ts';

export type SendingIdentityRow = Selectable<SendingIdentitiesTable>;
type Reader = Kysely<DatabaseSchema>;

/** The JMAP type of identities in the change log. */
export const IDENTITY_TYPE = 'Identity';

interface SyncPlan {
  /** Owned addresses without an automatic identity (live or destroyed by the user). */
  readonly missing: readonly string[];
  /** Identities of addresses the account no longer owns. */
  readonly leftOver: readonly Pick<SendingIdentityRow, 'id' | 'destroyed_at'>[];
}

/** Every identity row of the account, destroyed automatic ones included. */
export async function identityRows(db: Reader, accountId: string): Promise<SendingIdentityRow[]> {
  return await db.selectFrom('sending_identities').selectAll().where('account_id', '=', accountId).execute();
}

function planSync(addresses: SendingAddresses, rows: readonly SendingIdentityRow[]): SyncPlan {
  const owned = new Set([addresses.email, ...addresses.aliases]);
  const automatic = new Set(rows.filter((row) => Number(row.is_automatic) === 1).map((row) => row.email));
  return {
    missing: [...owned].filter((address) => !automatic.has(address)),
    leftOver: rows.filter((row) => !owned.has(row.email)),
  };
}

/**
 * Bring the account's identities in line with its addresses; returns the addresses. notFound when there is no
 * such account.
 */
export async function syncSendingIdentities(
  context: MailContext,
  accountId: string,
): Promise<SendingAddresses> {
  const { db } = context.database;
  const addresses = await sendingAddresses(db, accountId);
  if (addresses === undefined) throw notFound('account', accountId);
  const plan = planSync(addresses, await identityRows(db, accountId));
  if (plan.missing.length === 0 && plan.leftOver.length === 0) return addresses;
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    // Again under the lock: another process may have made them meanwhile.
    const fresh = await sendingAddresses(tx.db, accountId);
    if (fresh === undefined) throw notFound('account', accountId);
    await applySync(context, tx, accountId, fresh, planSync(fresh, await identityRows(tx.db, accountId)));
    return fresh;
  });
}

async function applySync(
  context: MailContext,
  tx: WriteTransaction,
  accountId: string,
  addresses: SendingAddresses,
  plan: SyncPlan,
): Promise<void> {
  const now = context.clock.nowMs();
  for (const email of plan.missing) {
    const id = newId('s');
    await tx.db
      .insertInto('sending_identities')
      .values({
        id,
        account_id: accountId,
        email,
        name: addresses.displayName,
        reply_to: null,
        bcc: null,
        text_signature: '',
        html_signature: '',
        is_automatic: 1,
        destroyed_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.recordChange(accountId, IDENTITY_TYPE, id, 'created');
  }
  for (const row of plan.leftOver) {
    // A row the user had destroyed already was reported then, with its signatures.
    if (row.destroyed_at === null) {
      await destroyIdentitySignatures(tx, accountId, row.id);
      await tx.recordChange(accountId, IDENTITY_TYPE, row.id, 'destroyed');
    }
    await tx.db.deleteFrom('sending_identities').where('id', '=', row.id).execute();
  }
  context.log.info(
    { event: 'identities.synced', accountId, created: plan.missing.length, removed: plan.leftOver.length },
    'sending identities follow the account addresses',
  );
}

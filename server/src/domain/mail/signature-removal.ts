// An identity's signatures go with it: the identity writes (a user's destroy, an alias removed) call this in
// their transaction, so each signature is reported destroyed in the same change-log step as its identity.

import type { WriteTransaction } from '#store';
import { SIGNATURE_TYPE } from './signature.ts';

/** Delete the identity's signatures, each recorded as destroyed. */
export async function destroyIdentitySignatures(
  tx: WriteTransaction,
  accountId: string,
  identityId: string,
): Promise<void> {
  const rows = await tx.db
    .selectFrom('signatures')
    .select('id')
    .where('account_id', '=', accountId)
    .where('identity_id', '=', identityId)
    .execute();
  if (rows.length === 0) return;
  await tx.db.deleteFrom('signatures').where('identity_id', '=', identityId).execute();
  for (const row of rows) await tx.recordChange(accountId, SIGNATURE_TYPE, row.id, 'destroyed');
}

// UIDVALIDITY for new mailboxes (RFC 9051 §2.3.1.1): the Unix time in seconds, like Dovecot, but always above
// every value the account has had, so deleting and re-creating a mailbox within one second still changes it.

import assert from 'node:assert/strict';
import type { WriteTransaction } from '#store';

/** UIDVALIDITY is a non-zero 32-bit unsigned number; Unix seconds stay below this until 2106. */
const MAX_UID_VALIDITY = 2 ** 32 - 1;

/** UIDVALIDITY from the clock alone: Unix seconds, kept within 1 … 2^32 - 1 - `room`. */
export function clockUidValidity(nowMs: number, room = 0): number {
  return Math.min(Math.max(Math.floor(nowMs / 1000), 1), MAX_UID_VALIDITY - room);
}

/** Take `count` consecutive UIDVALIDITY values for new mailboxes of the account; returns the first. */
export async function takeUidValidities(
  tx: WriteTransaction,
  accountId: string,
  count: number,
  nowMs: number,
): Promise<number> {
  const fromClock = clockUidValidity(nowMs);
  const row = await tx.db
    .selectFrom('mail_accounts')
    .select('last_uid_validity')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const first = Math.max(fromClock, Number(row?.last_uid_validity ?? 0) + 1);
  const last = first + count - 1;
  assert(last <= MAX_UID_VALIDITY, 'UIDVALIDITY exhausted');
  await tx.db
    .insertInto('mail_accounts')
    .values({ account_id: accountId, last_uid_validity: last })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ last_uid_validity: last }))
    .execute();
  return first;
}

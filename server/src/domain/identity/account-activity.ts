// Account activity: the last time an account logged in or used a signed-in session, through any protocol (the
// web app, IMAP, SMTP AUTH, JMAP, DAV). The inactivity job (account-lifecycle.ts) suspends accounts whose activity
// is older than lifecycle.inactivity-suspension. Activity is written at most once an hour per account. Callers
// compare with the value they already read with the account, so most logins and requests write nothing. The
// write is guarded too, so processes logging the same account in at once write it once.

import type { WriteTransaction } from '#store';
import type { Account } from './account.ts';
import type { IdentityContext } from './identity-context.ts';

/**
 * How stale last_activity_at may get before a login writes it again. Suspension counts in months, so an hour
 * costs nothing in precision and keeps a phone's reconnections every few minutes from writing every time.
 */
export const ACTIVITY_RESOLUTION_MS = 3_600_000;

/** Whether a login at `nowMs` should write the activity last recorded at `lastActivityAt`. */
export function isActivityDue(lastActivityAt: Date | number | string | null, nowMs: number): boolean {
  if (lastActivityAt === null) return true;
  const last = lastActivityAt instanceof Date ? lastActivityAt.getTime() : Number(lastActivityAt);
  return nowMs - last >= ACTIVITY_RESOLUTION_MS;
}

/** Write the account's activity in `tx`, unless another login wrote it within the resolution meanwhile. */
export async function touchActivity(tx: WriteTransaction, accountId: string, nowMs: number): Promise<void> {
  await tx.db
    .updateTable('accounts')
    .set({ last_activity_at: nowMs })
    .where('id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb('last_activity_at', 'is', null),
        eb('last_activity_at', '<=', nowMs - ACTIVITY_RESOLUTION_MS),
      ]),
    )
    .execute();
}

/**
 * Record a successful login of `account` (as read with it) when due; returns the account as it now stands. No
 * change-log row: the time of last use is for the inactivity job and administrators, and no client syncs it.
 */
export async function recordActivity(
  { database, clock }: Pick<IdentityContext, 'database' | 'clock'>,
  account: Account,
): Promise<Account> {
  const now = clock.nowMs();
  if (!isActivityDue(account.lastActivityAt, now)) return account;
  await database.write((tx) => touchActivity(tx, account.id, now));
  return { ...account, lastActivityAt: new Date(now) };
}

// WebAuthn challenges live in the database, not in a process's memory: a ceremony started by one worker can be
// finished by another. Each is single use: the finish call deletes it, and only the call that deleted it may go
// on, so a response replayed, or sent twice at once, is verified at most once.

import type { Clock } from '#core/clock';
import type { WriteTransaction } from '#store';
import { SECOND_FACTOR_LIMITS } from './second-factor.ts';

export type ChallengePurpose = 'registration' | 'authentication';

/** Keep `challenge` for the account's next `purpose` ceremony; drops expired ones and the oldest beyond the bound. */
export async function storeChallenge(
  tx: WriteTransaction,
  clock: Clock,
  accountId: string,
  purpose: ChallengePurpose,
  challenge: string,
): Promise<void> {
  const now = clock.nowMs();
  await tx.db
    .deleteFrom('webauthn_challenges')
    .where('account_id', '=', accountId)
    .where('expires_at', '<=', now)
    .execute();
  const live = await tx.db
    .selectFrom('webauthn_challenges')
    .select('challenge')
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .orderBy('challenge', 'desc')
    .execute();
  const dropped = live.slice(SECOND_FACTOR_LIMITS.maxPendingChallenges - 1).map((row) => row.challenge);
  if (dropped.length > 0)
    await tx.db.deleteFrom('webauthn_challenges').where('challenge', 'in', dropped).execute();
  await tx.db
    .insertInto('webauthn_challenges')
    .values({
      challenge,
      account_id: accountId,
      purpose,
      created_at: now,
      expires_at: now + SECOND_FACTOR_LIMITS.challengeMs,
    })
    .execute();
}

/**
 * Delete `challenge` if it is the account's, for `purpose`; true when it was also still live. Commit the
 * transaction before verifying: a refused response has used its challenge up too.
 */
export async function consumeChallenge(
  tx: WriteTransaction,
  clock: Clock,
  accountId: string,
  purpose: ChallengePurpose,
  challenge: string,
): Promise<boolean> {
  const row = await tx.db
    .selectFrom('webauthn_challenges')
    .select('expires_at')
    .where('challenge', '=', challenge)
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (row === undefined) return false;
  const result = await tx.db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  // Zero rows: a concurrent finish call deleted it first (PostgreSQL, read committed) and is the one to go on.
  return Number(result.numDeletedRows) === 1 && Number(row.expires_at) > clock.nowMs();
}

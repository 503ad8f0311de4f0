// Suspension for inactivity (DESIGN.md §4, "accounts follow HR"): a person whose last activity
// (account-activity.ts) is older than lifecycle.inactivity-suspension is suspended with the reason
// `inactivity`. It is audited and loses its web sessions, like any suspension. Only people: a shared mailbox or
// a resource is used through the people who open it, so it has no activity of its own and must not be
// suspended for lacking one. The helpdesk's reactivation restarts the period.
// The work is done in short transactions of LIFECYCLE_LIMITS.suspensionBatch accounts, so the single SQLite
// writer goes back to the mail between them. Each update is guarded (still active, still inactive), so a
// login at the same moment or another node running the job at once never suspends or audits twice.

import type { Selectable } from 'kysely';
import type { AccountsTable } from '#store';
import type { Reader } from './account-lookups.ts';
import { completeSuspension } from './account-updates.ts';
import type { IdentityContext } from './identity-context.ts';

export const LIFECYCLE_LIMITS = {
  /** Accounts suspended per transaction: a few milliseconds of the writer each. */
  suspensionBatch: 100,
} as const;

/** The status_reason of a suspension for inactivity (and the `reason` of its audit event). */
export const INACTIVITY_REASON = 'inactivity';

export interface InactivitySuspensionReport {
  readonly suspended: number;
  /** Stopped at `limit` with other accounts still due: run again soon. */
  readonly hasMore: boolean;
}

export interface LifecycleOperations {
  /**
   * Suspend at most `limit` active people whose last activity is older than lifecycle.inactivity-suspension,
   * the longest unused first. Does nothing when the setting is off.
   */
  suspendInactiveAccounts(limit: number): Promise<InactivitySuspensionReport>;
}

export function lifecycleOperations(context: IdentityContext): LifecycleOperations {
  const { database, clock, log, settings } = context;

  /** Active people unused since before `cutoff`, oldest activity first. */
  const dueAccounts = (db: Reader, cutoff: number, limit: number) =>
    db
      .selectFrom('accounts')
      .selectAll()
      .where('status', '=', 'active')
      .where('kind', '=', 'person')
      .where('last_activity_at', '<', cutoff)
      .orderBy('last_activity_at')
      .orderBy('id')
      .limit(limit)
      .execute();

  /** One transaction: suspend up to `limit` accounts due; `read` says how many were due. */
  const suspendBatch = (periodMs: number, limit: number) =>
    database.write(async (tx) => {
      const now = clock.nowMs();
      const cutoff = now - periodMs;
      const suspended: Selectable<AccountsTable>[] = [];
      const due = await dueAccounts(tx.db, cutoff, limit);
      for (const row of due) {
        // Guarded: a login or another node may have changed the account since the read (PostgreSQL).
        const result = await tx.db
          .updateTable('accounts')
          .set({
            status: 'suspended',
            status_reason: INACTIVITY_REASON,
            status_changed_at: now,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .where('status', '=', 'active')
          .where('last_activity_at', '<', cutoff)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) continue;
        await tx.recordChange(row.id, 'Account', row.id, 'updated');
        await completeSuspension(
          tx,
          clock,
          row,
          {},
          { reason: INACTIVITY_REASON, lastActivityAt: new Date(Number(row.last_activity_at)).toISOString() },
        );
        suspended.push(row);
      }
      return { suspended, read: due.length };
    });

  return {
    async suspendInactiveAccounts(limit) {
      const periodMs = settings.inactivitySuspension;
      if (periodMs === null) return { suspended: 0, hasMore: false };
      let count = 0;
      // Bounded by the accounts read, not those suspended: one skipped by its guard still uses up the limit.
      let read = 0;
      while (read < limit) {
        const size = Math.min(LIFECYCLE_LIMITS.suspensionBatch, limit - read);
        const batch = await suspendBatch(periodMs, size);
        const { suspended } = batch;
        for (const row of suspended) {
          log.info(
            {
              event: 'account.suspended',
              accountId: row.id,
              email: row.email,
              reason: INACTIVITY_REASON,
              lastActivityAt: Number(row.last_activity_at),
            },
            'account suspended for inactivity',
          );
        }
        count += suspended.length;
        read += batch.read;
        if (batch.read < size) return { suspended: count, hasMore: false };
      }
      const more = await dueAccounts(database.db, clock.nowMs() - periodMs, 1);
      return { suspended: count, hasMore: more.length > 0 };
    },
  };
}

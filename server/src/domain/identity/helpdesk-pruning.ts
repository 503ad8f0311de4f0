// Forgetting the helpdesk's working records once they can matter no more: NUMEN checks only count within
// their hour (NUMEN_CHECK_LIMITS) and activation codes only until used or expired. The audit log keeps the
// history of both (helpdesk.identityChecked, helpdesk.activationIssued/Used); these rows are kept a day more,
// so a check at the edge of its window or a code at the edge of its validity is never judged on missing rows.

import type { IdentityContext } from './identity-context.ts';
import { NUMEN_CHECK_LIMITS } from './numen-checks.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Rows kept after they stop counting: far beyond the NUMEN window and the match validity. */
export const HELPDESK_RECORD_RETENTION_MS = DAY;

/** Rows deleted per transaction, and transactions per run: short for the single SQLite writer, bounded. */
const PRUNE_BATCH = 500;
const MAX_BATCHES_PER_RUN = 100;

export interface HelpdeskPruneReport {
  readonly numenChecks: number;
  readonly activationCodes: number;
  /** More rows were due than one run removes; the next run goes on. */
  readonly hasMore: boolean;
}

export interface HelpdeskPruningOperations {
  pruneHelpdeskRecords(nowMs: number): Promise<HelpdeskPruneReport>;
}

export function helpdeskPruningOperations(context: IdentityContext): HelpdeskPruningOperations {
  const { database } = context;
  const before = (nowMs: number) =>
    nowMs -
    Math.max(HELPDESK_RECORD_RETENTION_MS, NUMEN_CHECK_LIMITS.windowMs, NUMEN_CHECK_LIMITS.matchValidityMs);

  /** One batch of due rows of `table`; how many went. */
  const pruneBatch = (table: 'numen_checks' | 'activation_codes', cutoff: number) =>
    database.write(async ({ db }) => {
      const due =
        table === 'numen_checks'
          ? await db
              .selectFrom('numen_checks')
              .select('id')
              .where('checked_at', '<', cutoff)
              .limit(PRUNE_BATCH)
              .execute()
          : await db
              .selectFrom('activation_codes')
              .select('id')
              .where((eb) => eb.or([eb('used_at', '<', cutoff), eb('expires_at', '<', cutoff)]))
              .limit(PRUNE_BATCH)
              .execute();
      if (due.length === 0) return 0;
      await db
        .deleteFrom(table)
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .execute();
      return due.length;
    });

  return {
    async pruneHelpdeskRecords(nowMs) {
      const cutoff = before(nowMs);
      const counts = { numen_checks: 0, activation_codes: 0 };
      let hasMore = false;
      for (const table of ['numen_checks', 'activation_codes'] as const) {
        for (let batch = 0; ; batch++) {
          if (batch === MAX_BATCHES_PER_RUN) {
            hasMore = true;
            break;
          }
          const removed = await pruneBatch(table, cutoff);
          counts[table] += removed;
          if (removed < PRUNE_BATCH) break;
        }
      }
      return { numenChecks: counts.numen_checks, activationCodes: counts.activation_codes, hasMore };
    },
  };
}

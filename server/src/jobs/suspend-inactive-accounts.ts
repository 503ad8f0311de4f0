// Job: suspend the people nobody has seen for lifecycle.inactivity-suspension (a year by default): no web login,
// no session use, no IMAP, SMTP AUTH, JMAP or DAV login. Identity owns the rule, the audit and the end of the
// sessions (account-lifecycle.ts); this job only calls it. Hourly (jobs.suspend-inactive-accounts-interval): the
// query reads an index, and a suspension a few hours late is of no consequence over a year. A run stops after
// MAX_SUSPENSIONS_PER_RUN accounts and the rest follows after the scheduler's catch-up delay: the first run a
// year after an upgrade may find thousands of people who left, and the mail goes on meanwhile. Two nodes at once
// is harmless: every suspension is guarded, so each account is suspended and audited once.

import type { IdentityService } from '#domain/identity';
import type { Job } from './job-scheduler.ts';

/** Accounts one run may suspend before it yields (ten short transactions). */
export const MAX_SUSPENSIONS_PER_RUN = 1_000;

export interface SuspendInactiveAccountsParts {
  readonly identity: Pick<IdentityService, 'suspendInactiveAccounts'>;
  readonly intervalMs: number;
}

export function suspendInactiveAccountsJob(parts: SuspendInactiveAccountsParts): Job {
  return {
    name: 'suspend-inactive-accounts',
    intervalMs: parts.intervalMs,
    async run() {
      // Identity logs each suspension; when lifecycle.inactivity-suspension is off this suspends nobody.
      const { suspended, hasMore } = await parts.identity.suspendInactiveAccounts(MAX_SUSPENSIONS_PER_RUN);
      return { counts: { suspended }, hasMore };
    },
  };
}

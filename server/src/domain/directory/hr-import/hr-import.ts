// The HR import as the directory offers it: plan a source's records against the database (a dry run stops
// there), then apply the plan. Only the académie administrator (or the command line, which runs as the system)
// imports: the file decides who has an account. Each applied import is audited with its counts.

import { DomainError } from '#core/errors';
import type { Clock } from '#core/clock';
import { recordAuditEvent, type AuditDetails } from '#domain/audit';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import type { DirectoryActor } from '../people-service.ts';
import { applyPlan, type ApplyProgress, type ApplyReport } from './apply-plan.ts';
import type { HrAccounts } from './hr-accounts.ts';
import type { HrReadResult } from './hr-record.ts';
import { planImport, type ImportPlan } from './import-plan.ts';

export interface HrImportSettings {
  /** directory.import.create-accounts */
  readonly importCreateAccounts: boolean;
  /** directory.import.max-departure-share, in percent. */
  readonly importMaxDepartureShare: number;
}

export interface HrImportOptions {
  /** The source covers part of the académie: nobody departs. */
  readonly isPartial?: boolean;
  /** Apply even when more than the allowed share of people would depart. */
  readonly isForced?: boolean;
  /** Absent: the system (the command line). */
  readonly actor?: DirectoryActor;
}

export interface HrImport {
  /** What importing `read` would change; writes nothing. */
  planImport(read: HrReadResult, options?: HrImportOptions): Promise<ImportPlan>;
  /** Carry out a plan (refused with `limit`/tooManyDepartures when its guard says so). */
  applyImport(
    plan: ImportPlan,
    options?: HrImportOptions & { readonly onProgress?: (progress: ApplyProgress) => void },
  ): Promise<ApplyReport>;
}

export interface HrImportDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly accounts: HrAccounts;
  readonly settings: HrImportSettings;
}

export function createHrImport({ database, clock, log, accounts, settings }: HrImportDependencies): HrImport {
  return {
    async planImport(read, options = {}) {
      authorizeImport(options.actor);
      return planImport(database.db, read, {
        isPartial: options.isPartial === true,
        isForced: options.isForced === true,
        createsAccounts: settings.importCreateAccounts,
        maxDepartureShare: settings.importMaxDepartureShare / 100,
        source: read.source,
      });
    },

    async applyImport(plan, options = {}) {
      authorizeImport(options.actor);
      const actor = options.actor;
      const report = await applyPlan({ database, clock, accounts }, plan, {
        ...(actor !== undefined && { origin: { actor: { accountId: actor.accountId, email: actor.email } } }),
        ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
      });
      // Audited: an import creates, suspends and changes accounts; its counts tell the security officer how much.
      const details = importDetails(plan, report);
      await database.write((tx) =>
        recordAuditEvent(tx, clock, {
          type: 'directory.imported',
          ...(actor !== undefined && { actor: { accountId: actor.accountId, email: actor.email } }),
          details,
        }),
      );
      log.info({ event: 'directory.imported', ...details }, 'HR import applied');
      return report;
    },
  };
}

function authorizeImport(actor: DirectoryActor | undefined): void {
  if (actor === undefined || actor.roles.some((grant) => grant.role === 'admin')) return;
  throw new DomainError('forbidden', `${actor.email} may not import the directory`, {
    details: { subject: 'authorization', operation: 'directory.import' },
  });
}

/** The audit event's facts: counts, never a name. */
export function importDetails(plan: ImportPlan, report: ApplyReport): AuditDetails {
  return {
    outcome: 'applied',
    source: plan.source,
    isPartial: plan.isPartial,
    created: report.created,
    updated: report.updated,
    departed: report.departed,
    unchanged: report.unchanged,
    rejected: report.rejected,
    accountsCreated: report.accounts.created,
    accountsSuspended: report.accounts.suspended,
    accountsFailed: report.accounts.failed.length,
  };
}

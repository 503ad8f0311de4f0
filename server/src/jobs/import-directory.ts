// Job: the nightly HR import (docs/directory.md), at directory.import.daily-at, Paris time, from the CSV file the
// HR system drops or from the LDAP directory. Checked every few minutes; due once the day's time has passed and
// no import has been recorded since (the audit log's directory.imported events, so a restart or a second node
// does not import twice in a day, and a failed attempt is not retried until the next day: the administrator
// reads why in the log and the audit, and can run `vercors directory import` by hand, with --force if need be).
// The mass-departure guard is never forced here.

import type { Clock } from '#core/clock';
import type { SettingsValues } from '#core/config';
import { DomainError } from '#core/errors';
import type { Logger } from '#core/log';
import { wallClock } from '#core/time-zone';
import type { AuditLog } from '#domain/audit';
import type { DIRECTORY_SETTINGS, DirectoryService, HrReadResult } from '#domain/directory';
import type { Job, JobReport } from './job-scheduler.ts';

/** How often the job looks whether today's import is due. */
export const IMPORT_CHECK_INTERVAL_MS = 5 * 60_000;
/** The académie's time: the daily-at setting is a Paris wall-clock time. */
const TIME_ZONE = 'Europe/Paris';

export interface ImportDirectoryParts {
  readonly directory: Pick<DirectoryService, 'planImport' | 'applyImport'>;
  readonly audit: Pick<AuditLog, 'list' | 'record'>;
  readonly settings: SettingsValues<typeof DIRECTORY_SETTINGS>;
  /** readConfiguredSource over the settings; a test passes records. */
  readonly readSource: () => Promise<HrReadResult>;
  readonly clock: Clock;
  readonly log: Logger;
}

export function importDirectoryJob(parts: ImportDirectoryParts): Job {
  const { directory, audit, settings, clock, log } = parts;
  return {
    name: 'import-directory',
    intervalMs: IMPORT_CHECK_INTERVAL_MS,
    async run(): Promise<JobReport> {
      const since = todaysTime(settings.importDailyAt, clock.nowMs());
      if (since === undefined) return { counts: { imported: 0 } };
      const done = await audit.list({ types: ['directory.imported'], since, limit: 1 });
      if (done.length > 0) return { counts: { imported: 0 } };

      let read: HrReadResult;
      try {
        read = await parts.readSource();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        log.error(
          { err: error, event: 'directory.importFailed' },
          'the scheduled HR import could not read its source',
        );
        await audit.record({
          type: 'directory.imported',
          details: { outcome: 'failed', code: error.code, reason: String(error.details.reason ?? '') },
        });
        return { counts: { imported: 0, failed: 1 } };
      }
      const plan = await directory.planImport(read);
      if (plan.guard.isRefused) {
        log.error(
          {
            event: 'directory.importRefused',
            departures: plan.departures.length,
            share: plan.guard.departureShare,
          },
          'the scheduled HR import was refused by the mass-departure guard: check the source, then run vercors directory import',
        );
        await audit.record({
          type: 'directory.imported',
          details: {
            outcome: 'refused',
            source: plan.source,
            departures: plan.departures.length,
            presentBefore: plan.presentBefore,
            rejected: plan.rejected.length,
          },
        });
        return { counts: { imported: 0, refused: 1 } };
      }
      // Audited by the directory with its counts (outcome applied).
      const report = await directory.applyImport(plan);
      return {
        counts: { imported: 1, created: report.created, updated: report.updated, departed: report.departed },
      };
    },
  };
}

/** The instant today's `dailyAt` (HH:MM, Paris) was reached; undefined when it is off or not yet reached. */
export function todaysTime(dailyAt: string, nowMs: number): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(dailyAt);
  if (match === null) return undefined;
  const wall = wallClock(nowMs, TIME_ZONE);
  const elapsed = (wall.hour * 60 + wall.minute - (Number(match[1]) * 60 + Number(match[2]))) * 60_000;
  if (elapsed < 0) return undefined;
  // Back from now by the wall-clock time elapsed since HH:MM (a DST change within that span is an hour off, harmless).
  return nowMs - elapsed - wall.second * 1000 - (((nowMs % 1000) + 1000) % 1000);
}

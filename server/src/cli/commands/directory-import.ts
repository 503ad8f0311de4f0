// vercors directory import (--csv FILE | --ldap) [--dry-run] [--partial] [--force]: read the HR source, print
// the plan (what would be created, updated, departed, and the rejected rows with their reason), then apply it
// unless it is a dry run or the departure guard refuses it. Exit 1 when rows were rejected or the guard refused.
// Security: the file is read whole but bounded (CSV_LIMITS.maxBytes); the LDAP password comes from
// directory.ldap.password-file and is never printed.

import { readFile, stat } from 'node:fs/promises';
import { DomainError } from '#core/errors';
import { CSV_LIMITS } from '#formats/csv';
import {
  csvMappingFrom,
  DIRECTORY_SETTINGS,
  ldapOptionsFrom,
  readCsvRecords,
  readLdapRecords,
  type ApplyProgress,
  type HrReadResult,
} from '#domain/directory';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { describePlan, describeReport, describeSourceError, guardParams } from './directory-describe.ts';
import { DIRECTORY_MESSAGES, type DirectoryMessageKey } from './directory-messages.ts';

/** Progress on stderr at most this often: enough to see it move, not enough to flood a log. */
const PROGRESS_INTERVAL_MS = 1000;
/** A password file holds one line; anything bigger is the wrong file. */
const MAX_PASSWORD_FILE_BYTES = 4096;

export const directoryImportCommand: CliCommand = {
  name: 'directory import',
  summary: {
    fr: 'Importer l’annuaire depuis les RH (CSV ou LDAP) : créations, mises à jour, départs',
    en: 'Import the directory from HR (CSV or LDAP): new people, updates, departures',
  },
  usage: '(--csv FILE | --ldap) [--dry-run] [--partial] [--force]',
  options: {
    csv: { type: 'string' },
    ldap: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    partial: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: DirectoryMessageKey, params?: Record<string, string | number>) =>
      DIRECTORY_MESSAGES.t(context.locale, key, params);
    const csvPath = typeof context.options.csv === 'string' ? context.options.csv : undefined;
    const isLdap = context.options.ldap === true;
    if ((csvPath === undefined) === !isLdap)
      return usageError(context, directoryImportCommand, t('sourceRequired'));
    const isDryRun = context.options['dry-run'] === true;
    const isPartial = context.options.partial === true;
    const isForced = context.options.force === true;
    const settings = context.config().get(DIRECTORY_SETTINGS);

    // Read the source
    context.warn(t('reading'));
    let read: HrReadResult;
    try {
      if (csvPath !== undefined) {
        const bytes = await readBounded(context, csvPath, CSV_LIMITS.maxBytes, 'fileMissing', 'fileTooBig');
        if (typeof bytes === 'number') return bytes;
        read = readCsvRecords(bytes, csvMappingFrom(settings));
      } else {
        if (settings.ldapUrl === '' || settings.ldapBaseDn === '')
          return failed(context, t('ldapNotConfigured'), EXIT.config);
        let password = '';
        if (settings.ldapBindDn !== '') {
          if (settings.ldapPasswordFile === '') return failed(context, t('ldapPasswordMissing'), EXIT.config);
          const bytes = await readBounded(
            context,
            settings.ldapPasswordFile,
            MAX_PASSWORD_FILE_BYTES,
            'ldapPasswordUnreadable',
            'ldapPasswordUnreadable',
          );
          if (typeof bytes === 'number') return bytes;
          // The file's trailing newline is not part of the password.
          password = Buffer.from(bytes)
            .toString('utf8')
            .replace(/\r?\n$/, '');
        }
        read = await readLdapRecords(ldapOptionsFrom(settings, password));
      }
    } catch (error) {
      const message = error instanceof DomainError ? describeSourceError(context.locale, error) : undefined;
      if (message === undefined || !(error instanceof DomainError)) throw error;
      context.warn(message);
      context.result({ error: { code: error.code, message, details: error.details } });
      return error.code === 'unavailable' ? EXIT.unavailable : EXIT.failure;
    }

    // Plan
    context.warn(t('planning', { count: read.records.length + read.rejected.length }));
    const { directory } = await context.services();
    const plan = await directory.planImport(read, { isPartial, isForced });
    context.say(describePlan(context.locale, plan));
    const isOverShare = plan.guard.departureShare > plan.guard.maxShare;
    if (plan.guard.isRefused) {
      const params = guardParams(context.locale, plan);
      context.warn(`\n${t(isOverShare ? 'guardRefused' : 'guardUnidentified', params)}`);
      context.result({ isDryRun, plan, report: null, isRefused: true });
      return EXIT.failure;
    }
    if (isDryRun) {
      context.say(`\n${t('dryRun')}`);
      context.result({ isDryRun, plan, report: null, isRefused: false });
      return plan.rejected.length > 0 ? EXIT.failure : EXIT.ok;
    }
    if (isOverShare) context.warn(t('guardForced', guardParams(context.locale, plan)));

    // Apply
    let lastProgress = Date.now();
    const report = await directory.applyImport(plan, {
      isPartial,
      isForced,
      onProgress: (progress: ApplyProgress) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
        lastProgress = now;
        const phase = t(
          progress.phase === 'accounts'
            ? 'phaseAccounts'
            : progress.phase === 'people'
              ? 'phasePeople'
              : 'phaseDepartures',
        );
        context.warn(t('progress', { phase, done: progress.done, total: progress.total }));
      },
    });
    context.say(`\n${describeReport(context.locale, report)}`);
    if (plan.rejected.length > 0) context.warn(t('rejectedExit', { count: plan.rejected.length }));
    context.result({ isDryRun, plan, report, isRefused: false });
    return plan.rejected.length > 0 || report.accounts.failed.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

/** The file's bytes, or the exit code after saying why it cannot be read (missing, unreadable, too big). */
async function readBounded(
  context: CliContext,
  path: string,
  maxBytes: number,
  unreadable: DirectoryMessageKey,
  tooBig: DirectoryMessageKey,
): Promise<Uint8Array | number> {
  const t = (key: DirectoryMessageKey, params?: Record<string, string | number>) =>
    DIRECTORY_MESSAGES.t(context.locale, key, params);
  try {
    const info = await stat(path);
    if (!info.isFile()) return failed(context, t(unreadable, { path, code: 'EISDIR' }), EXIT.notFound);
    if (info.size > maxBytes)
      return failed(context, t(tooBig, { path, max: maxBytes, code: 'EFBIG' }), EXIT.failure);
    const bytes = await readFile(path);
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes)
      return failed(context, t(tooBig, { path, max: maxBytes, code: 'EFBIG' }), EXIT.failure);
    return bytes;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return failed(context, t(unreadable, { path, code }), EXIT.notFound);
  }
}

function failed(context: CliContext, message: string, code: number): number {
  context.warn(message);
  context.result({ error: { code: 'failed', message } });
  return code;
}

// vercors directory establishment import --csv FILE [--dry-run]: load the académie's establishments with their
// contact details (docs/directory.md), before the HR import that places people in them. Rows are checked one
// by one; the good ones are upserted in one transaction, the bad ones listed with their line and reason.
// Security: the file is bounded (CSV_LIMITS) and read by the same codec as the HR file.

import { readFile, stat } from 'node:fs/promises';
import { DomainError } from '#core/errors';
import { CSV_LIMITS } from '#formats/csv';
import { readCsvEstablishments, type EstablishmentRejection } from '#domain/directory';
import type { Locale } from '@vercors/contract';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { describeSourceError } from './directory-describe.ts';
import { DIRECTORY_MESSAGES, type DirectoryMessageKey } from './directory-messages.ts';

export const directoryEstablishmentImportCommand: CliCommand = {
  name: 'directory establishment import',
  summary: {
    fr: 'Importer les établissements (UAI, adresse, téléphone, site) depuis un fichier CSV',
    en: 'Import the establishments (UAI, address, phone, website) from a CSV file',
  },
  usage: '--csv FILE [--dry-run]',
  options: { csv: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: DirectoryMessageKey, params?: Record<string, string | number>) =>
      DIRECTORY_MESSAGES.t(context.locale, key, params);
    const path = context.options.csv;
    if (typeof path !== 'string')
      return usageError(context, directoryEstablishmentImportCommand, t('csvRequired'));
    const isDryRun = context.options['dry-run'] === true;

    // Read the file
    let bytes: Uint8Array;
    try {
      const info = await stat(path);
      if (info.size > CSV_LIMITS.maxBytes) {
        context.warn(t('fileTooBig', { path, max: CSV_LIMITS.maxBytes }));
        return EXIT.failure;
      }
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      context.warn(t('fileMissing', { path, code }));
      return EXIT.notFound;
    }
    let read: ReturnType<typeof readCsvEstablishments>;
    try {
      read = readCsvEstablishments(bytes);
    } catch (error) {
      const message = error instanceof DomainError ? describeSourceError(context.locale, error) : undefined;
      if (message === undefined) throw error;
      context.warn(message);
      return EXIT.failure;
    }

    // Compare and save
    const { directory } = await context.services();
    const known = new Set((await directory.listEstablishments()).map((e) => e.uai));
    const created = read.establishments.filter((e) => !known.has(e.uai.trim().toUpperCase())).length;
    const summary = {
      read: read.establishments.length + read.rejected.length,
      created,
      updated: read.establishments.length - created,
      rejected: read.rejected.length,
    };
    context.say(t('establishmentsSummary', summary));
    if (read.rejected.length > 0) {
      context.say(`\n${t('rejectedHeader')}`);
      for (const rejection of read.rejected)
        context.say(`  ${describeEstablishmentRejection(context.locale, rejection)}`);
    }
    if (isDryRun) context.say(`\n${t('dryRun')}`);
    else if (read.establishments.length > 0) {
      await directory.upsertEstablishments(read.establishments);
      context.say(`\n${t('establishmentsApplied')}`);
    }
    context.result({ isDryRun, ...summary, rejectedRows: read.rejected });
    return read.rejected.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

function describeEstablishmentRejection(locale: Locale, rejection: EstablishmentRejection): string {
  const key = `reason${rejection.reason.charAt(0).toUpperCase()}${rejection.reason.slice(1)}`;
  const isKnown = (DIRECTORY_MESSAGES.keys as readonly string[]).includes(key);
  const reason = isKnown
    ? DIRECTORY_MESSAGES.t(locale, key as DirectoryMessageKey, {
        value: rejection.value ?? '',
        field: 'type',
      })
    : rejection.reason;
  const where = DIRECTORY_MESSAGES.t(locale, 'atLine', { line: rejection.line });
  return `${where}${rejection.uai === null ? '' : ` (${rejection.uai})`} — ${reason}`;
}

// The CSV source of the HR import: a file in the documented format (docs/directory.md) becomes HR records. The
// header names the columns, looked up by the names the settings give (case and accents as written, spaces
// trimmed); multi-valued cells split on the list separator; establishments read `UAI` or `UAI:role`, the
// first one being the main post. Security: the file is read by the bounded CSV codec; a row that cannot be read
// is rejected with its line, the others go on.

import { DomainError, ParseError } from '#core/errors';
import { readCsv, type CsvLimits } from '#formats/csv';
import type { HrFieldNames, HrReadResult, HrRecord, Rejection } from './hr-record.ts';

/** The column of each field (the header's names). */
export type CsvColumns = HrFieldNames;

export interface CsvMapping {
  readonly columns: CsvColumns;
  readonly listSeparator: string;
  readonly roleSeparator: string;
}

/** The documented format's defaults (settings.ts has them too, as setting defaults). */
export const DEFAULT_CSV_MAPPING: CsvMapping = {
  columns: {
    hrId: 'matricule',
    familyName: 'nom',
    givenName: 'prenom',
    displayName: 'nom_affiche',
    email: 'courriel',
    title: 'fonction',
    category: 'categorie',
    disciplines: 'disciplines',
    establishments: 'etablissements',
    phone: 'telephone',
  },
  listSeparator: '|',
  roleSeparator: ':',
};

const REQUIRED: readonly (keyof CsvColumns)[] = ['hrId', 'familyName', 'givenName'];

/**
 * Read an HR export. Throws DomainError('invalid') with `reason` for a file that cannot be read at all: a
 * ParseError's code (invalidUtf8, tooBig, tooManyRows, unterminatedQuote, recordTooLong, empty, badHeader) with
 * its message, or missingColumn naming the column.
 */
export function readCsvRecords(bytes: Uint8Array, mapping: CsvMapping, limits?: CsvLimits): HrReadResult {
  let document: ReturnType<typeof readCsv>;
  try {
    document = readCsv(bytes, limits);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const line = /line (\d+)/.exec(error.message)?.[1];
    throw new DomainError('invalid', `HR file: ${error.message}`, {
      cause: error,
      details: { subject: 'hrFile', name: 'csv', reason: error.code, ...(line && { line: Number(line) }) },
    });
  }

  // Columns
  const indexOf = new Map(document.header.map((name, index) => [name.toLowerCase(), index] as const));
  const positions = {} as Record<keyof CsvColumns, number | undefined>;
  for (const key of Object.keys(mapping.columns) as (keyof CsvColumns)[]) {
    const name = mapping.columns[key].trim();
    const index = name === '' ? undefined : indexOf.get(name.toLowerCase());
    if (index === undefined && REQUIRED.includes(key)) {
      throw new DomainError('invalid', `HR file: no column ${name}`, {
        details: { subject: 'hrFile', name: 'csv', reason: 'missingColumn', column: name },
      });
    }
    positions[key] = index;
  }

  // Rows
  const records: HrRecord[] = [];
  const rejected: Rejection[] = [];
  for (const row of document.records) {
    if ('error' in row) {
      rejected.push({ line: row.line, hrId: null, reason: row.error });
      continue;
    }
    const cell = (key: keyof CsvColumns) => {
      const index = positions[key];
      return index === undefined ? '' : (row.fields[index] ?? '').trim();
    };
    const list = (key: keyof CsvColumns) =>
      cell(key)
        .split(mapping.listSeparator)
        .map((value) => value.trim())
        .filter((value) => value !== '');
    records.push({
      location: { line: row.line },
      hrId: cell('hrId'),
      familyName: cell('familyName'),
      givenName: cell('givenName'),
      displayName: cell('displayName'),
      email: cell('email'),
      title: cell('title'),
      profileCategory: cell('category'),
      disciplines: list('disciplines'),
      phone: cell('phone'),
      posts: list('establishments').map((value) => parsePost(value, mapping.roleSeparator)),
    });
  }
  return { source: 'csv', records, rejected };
}

/** `0380027Y` or `0380027Y:enseignant`. */
export function parsePost(value: string, roleSeparator: string): { uai: string; role?: string } {
  const at = value.indexOf(roleSeparator);
  if (at < 0) return { uai: value.trim() };
  return { uai: value.slice(0, at).trim(), role: value.slice(at + roleSeparator.length).trim() };
}

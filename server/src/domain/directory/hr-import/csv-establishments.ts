// The establishments' CSV file (docs/directory.md): the académie's establishments with their contact details,
// loaded before the people who work there. Same codec and rules as the people's file: UTF-8, `;` or `,`, RFC
// 4180 quoting, a header naming the columns. A column left out keeps what is stored; an empty cell clears it.
// Each row is checked on its own; the bad ones are reported with their line, the others upserted.

import { DomainError, ParseError } from '#core/errors';
import { readCsv } from '#formats/csv';
import { parseEstablishmentInput, type EstablishmentInput } from '../establishment.ts';

export const ESTABLISHMENT_COLUMNS = {
  uai: 'uai',
  name: 'nom',
  type: 'type',
  commune: 'commune',
  department: 'departement',
  district: 'circonscription',
  street: 'adresse',
  postalCode: 'code_postal',
  phone: 'telephone',
  website: 'site',
} as const;
type Column = keyof typeof ESTABLISHMENT_COLUMNS;
const REQUIRED: readonly Column[] = ['uai', 'name', 'type', 'commune', 'department'];

export interface EstablishmentRejection {
  readonly line: number;
  readonly uai: string | null;
  /** A row the CSV codec could not read, or the reason the establishment check gave (invalidUai…). */
  readonly reason: string;
  readonly value?: string;
}

export interface EstablishmentsRead {
  readonly establishments: readonly EstablishmentInput[];
  readonly rejected: readonly EstablishmentRejection[];
}

/** Throws DomainError('invalid') for a file that cannot be read at all, as readCsvRecords does. */
export function readCsvEstablishments(bytes: Uint8Array): EstablishmentsRead {
  let document: ReturnType<typeof readCsv>;
  try {
    document = readCsv(bytes);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const line = /line (\d+)/.exec(error.message)?.[1];
    throw new DomainError('invalid', `establishments file: ${error.message}`, {
      cause: error,
      details: { subject: 'hrFile', name: 'csv', reason: error.code, ...(line && { line: Number(line) }) },
    });
  }
  const indexOf = new Map(document.header.map((name, index) => [name.toLowerCase(), index] as const));
  for (const key of REQUIRED) {
    if (!indexOf.has(ESTABLISHMENT_COLUMNS[key])) {
      throw new DomainError('invalid', `establishments file: no column ${ESTABLISHMENT_COLUMNS[key]}`, {
        details: {
          subject: 'hrFile',
          name: 'csv',
          reason: 'missingColumn',
          column: ESTABLISHMENT_COLUMNS[key],
        },
      });
    }
  }

  const establishments: EstablishmentInput[] = [];
  const rejected: EstablishmentRejection[] = [];
  const seen = new Set<string>();
  for (const row of document.records) {
    if ('error' in row) {
      rejected.push({ line: row.line, uai: null, reason: row.error });
      continue;
    }
    /** The cell's text; undefined when the file has no such column (the stored value is kept). */
    const cell = (key: Column): string | undefined => {
      const index = indexOf.get(ESTABLISHMENT_COLUMNS[key]);
      return index === undefined ? undefined : (row.fields[index] ?? '').trim();
    };
    const input: EstablishmentInput = {
      uai: cell('uai') ?? '',
      name: cell('name') ?? '',
      type: cell('type') ?? '',
      commune: cell('commune') ?? '',
      // Spreadsheets drop the leading zero of Ardèche (07) and its neighbours: put it back.
      department: (cell('department') ?? '').replace(/^(\d)$/, '0$1'),
      district: cell('district'),
      street: cell('street'),
      postalCode: cell('postalCode'),
      phone: cell('phone'),
      website: cell('website'),
    };
    try {
      const { uai } = parseEstablishmentInput(input);
      if (seen.has(uai)) {
        rejected.push({ line: row.line, uai, reason: 'duplicateUai' });
        continue;
      }
      seen.add(uai);
      establishments.push(input);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const value = error.details.value;
      rejected.push({
        line: row.line,
        uai: input.uai === '' ? null : input.uai.slice(0, 20),
        reason: String(error.details.reason ?? 'invalid'),
        ...(value !== undefined && { value: String(value).slice(0, 200) }),
      });
    }
  }
  return { establishments, rejected };
}

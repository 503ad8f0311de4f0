// A CSV reader for administrators' exports (RFC 4180 quoting, `;` or `,` separator detected from the header,
// UTF-8 with an optional BOM, CRLF or LF line ends). It returns the header and each data record with its line
// number; a malformed record is reported with its line and the reading goes on, so one bad row does not hide
// the others. Security: every size is bounded (csv-limits.ts); invalid UTF-8 is refused, never guessed.

import { ParseError } from '#core/errors';
import { CSV_LIMITS, type CsvLimits } from './csv-limits.ts';

export type CsvSeparator = ';' | ',';

/** A data record, or why it could not be read; `line` is the 1-based line where it starts. */
export type CsvRecord =
  | { readonly line: number; readonly fields: readonly string[] }
  | { readonly line: number; readonly error: 'tooManyFields' | 'recordTooLong' | 'strayQuote' };

export interface CsvDocument {
  readonly separator: CsvSeparator;
  /** The header's fields, trimmed. */
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

/**
 * Read a whole CSV file. Throws ParseError for what makes the file unreadable as a whole: `tooBig`,
 * `invalidUtf8` (message names the line; Excel's "CSV" export is Windows-1252), `empty` (no header),
 * `tooManyRows`, `unterminatedQuote` (a quote opened and never closed: the rest of the file would be one field).
 */
export function readCsv(bytes: Uint8Array, limits: CsvLimits = CSV_LIMITS): CsvDocument {
  if (bytes.length > limits.maxBytes) {
    throw new ParseError('tooBig', `the file is larger than ${limits.maxBytes} bytes`);
  }
  const text = decodeUtf8(bytes);
  const headerEnd = endOfFirstLine(text);
  const separator = detectSeparator(text.slice(0, headerEnd));
  const records: CsvRecord[] = [];
  let header: readonly string[] | undefined;
  const scanner = new RecordScanner(text, separator, limits);
  for (let record = scanner.next(); record !== undefined; record = scanner.next()) {
    if (header === undefined) {
      if ('error' in record)
        throw new ParseError('badHeader', `the header line is malformed (${record.error})`);
      header = record.fields.map((field) => field.trim());
      continue;
    }
    // Blank lines (often at the end of a file) carry nothing.
    if ('fields' in record && record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
    if (records.length >= limits.maxRows) {
      throw new ParseError('tooManyRows', `the file has more than ${limits.maxRows} rows`);
    }
    records.push(record);
  }
  if (header === undefined || header.every((name) => name === '')) {
    throw new ParseError('empty', 'the file has no header line');
  }
  return { separator, header, records };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // ignoreBOM false: a leading BOM (Excel's "CSV UTF-8") is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\uFFFD');
    const line = at < 0 ? 1 : loose.slice(0, at).split('\n').length;
    throw new ParseError('invalidUtf8', `the file is not valid UTF-8 (line ${line})`, { cause: error });
  }
}

function endOfFirstLine(text: string): number {
  const end = text.indexOf('\n');
  return end < 0 ? text.length : end;
}

/** The separator the header uses most, outside quotes; `;` on a tie (French Excel's default). */
export function detectSeparator(headerLine: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let isQuoted = false;
  for (const char of headerLine) {
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && char === ';') semicolons++;
    else if (!isQuoted && char === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** Walks the text record by record; quoted fields may span lines. */
class RecordScanner {
  readonly #text: string;
  readonly #separator: string;
  readonly #limits: CsvLimits;
  #position = 0;
  #line = 1;

  constructor(text: string, separator: string, limits: CsvLimits) {
    this.#text = text;
    this.#separator = separator;
    this.#limits = limits;
  }

  next(): CsvRecord | undefined {
    const text = this.#text;
    if (this.#position >= text.length) return undefined;
    const line = this.#line;
    const start = this.#position;
    const fields: string[] = [];
    let error: 'tooManyFields' | 'recordTooLong' | 'strayQuote' | undefined;
    let field = '';
    let i = this.#position;
    for (;;) {
      // A field
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new ParseError('unterminatedQuote', `a quote opened on line ${line} is never closed`);
          }
          const char = text[i];
          if (char === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (char === '\n') this.#line++;
          field += char;
          i++;
          if (i - start > this.#limits.maxRecordChars) {
            throw new ParseError('recordTooLong', `the record starting on line ${line} is too long`);
          }
        }
        // Only a separator or the end of the line may follow a closing quote.
        while (i < text.length && !this.#isBoundary(text, i)) {
          error ??= 'strayQuote';
          i++;
        }
      } else {
        const fieldStart = i;
        while (i < text.length && !this.#isBoundary(text, i)) {
          if (text[i] === '"') error ??= 'strayQuote';
          i++;
        }
        field = text.slice(fieldStart, i);
      }
      if (i - start > this.#limits.maxRecordChars) error = 'recordTooLong';
      if (fields.length < this.#limits.maxFields) fields.push(field);
      else error ??= 'tooManyFields';
      field = '';
      // The end of the field: a separator, or the end of the record.
      if (i < text.length && text[i] === this.#separator) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        this.#line++;
      }
      break;
    }
    this.#position = i;
    return error === undefined ? { line, fields } : { line, error };
  }

  #isBoundary(text: string, i: number): boolean {
    const char = text[i];
    return (
      char === this.#separator ||
      char === '\n' ||
      (char === '\r' && (text[i + 1] === '\n' || i + 1 === text.length))
    );
  }
}

// Public surface of the CSV codec (#formats/csv): administrators' exports (HR files) read with bounds.

export { CSV_LIMITS, type CsvLimits } from './csv-limits.ts';
export {
  detectSeparator,
  readCsv,
  type CsvDocument,
  type CsvRecord,
  type CsvSeparator,
} from './csv-reader.ts';

// Every bound the CSV reader enforces, with why. An HR export is an administrator's file, but it may be the
// wrong file, a truncated one or a crafted one: none of these may exhaust memory or hang the import.

export const CSV_LIMITS = {
  /**
   * The whole file. The largest académie (Versailles, ~100,000 staff) exports about 20 MB with every column;
   * 64 MiB leaves room for long discipline lists while keeping the decoded text well within memory.
   */
  maxBytes: 64 * 1024 ** 2,
  /** Data rows after the header: four times the largest académie, so a real file always fits. */
  maxRows: 400_000,
  /** One record, quoted newlines included: a person's row is a few hundred characters. */
  maxRecordChars: 64 * 1024,
  /** Fields per record: the documented format has ten; exports with every HR column have about sixty. */
  maxFields: 200,
} as const;

export type CsvLimits = { readonly [K in keyof typeof CSV_LIMITS]: number };

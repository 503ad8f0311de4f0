// What every HR source (a CSV export, an LDAP directory) turns its rows into: one person as the source sees
// them, where they came from (a line or an entry's DN, for the report), or why the row could not be read.

import type { PersonInput } from '../person.ts';

/** Where a record came from: a file line (1-based) or a directory entry's DN. */
/** Where each field of a record comes from in a source: a CSV column or an LDAP attribute name. */
export interface HrFieldNames {
  readonly hrId: string;
  readonly familyName: string;
  readonly givenName: string;
  /** Optional fields: '' means not read. */
  readonly displayName: string;
  readonly email: string;
  readonly title: string;
  readonly category: string;
  readonly disciplines: string;
  readonly establishments: string;
  readonly phone: string;
}

export interface RecordLocation {
  readonly line?: number;
  readonly entry?: string;
}

export interface HrRecord extends PersonInput {
  readonly location: RecordLocation;
}

/**
 * Why a row is left out of the import. Structural codes come from the source (the row could not be read);
 * the others from checking the person (person.ts) or from the import as a whole (duplicates, unknown UAI).
 */
export const REJECTION_REASONS = [
  'strayQuote',
  'tooManyFields',
  'recordTooLong',
  'missingHrId',
  'invalidHrId',
  'missingName',
  'invalidName',
  'invalidEmail',
  'invalidPhone',
  'invalidUai',
  'invalidChoice',
  'duplicatePost',
  'severalPrimaryPosts',
  'tooMany',
  'duplicateHrId',
  'duplicateEmail',
  'emailTaken',
  'unknownEstablishment',
  'multipleValues',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection extends RecordLocation {
  /** The HR id when the row had one, so a rejected person is never taken for a departure. */
  readonly hrId: string | null;
  readonly reason: RejectionReason;
  /** The field at fault and its value, when there is one (bounded, never a secret). */
  readonly field?: string;
  readonly value?: string;
}

/** What a source read: the records to import and the rows it could not read. */
export interface HrReadResult {
  readonly source: 'csv' | 'ldap' | 'demo';
  readonly records: readonly HrRecord[];
  readonly rejected: readonly Rejection[];
}

export function isRejectionReason(value: string): value is RejectionReason {
  return (REJECTION_REASONS as readonly string[]).includes(value);
}

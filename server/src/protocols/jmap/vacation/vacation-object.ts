// The JMAP VacationResponse object (RFC 8621 §8) from the vacation module's response, and its properties.

import { JMAP_CAPABILITIES, type JmapVacationResponse } from '@vercors/contract';
import { VACATION_ID, type VacationResponse } from '#domain/vacation';

/** The capability of the VacationResponse methods (RFC 8621 §1.3.3). */
export const VACATION = JMAP_CAPABILITIES.vacationResponse;

export const VACATION_PROPERTIES = [
  'id',
  'isEnabled',
  'fromDate',
  'toDate',
  'subject',
  'textBody',
  'htmlBody',
] as const;

const utcDate = (date: Date | null) => (date === null ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function jmapVacation(vacation: VacationResponse): JmapVacationResponse {
  return {
    id: VACATION_ID,
    isEnabled: vacation.isEnabled,
    fromDate: utcDate(vacation.fromDate),
    toDate: utcDate(vacation.toDate),
    subject: vacation.subject,
    textBody: vacation.textBody,
    htmlBody: vacation.htmlBody,
  };
}

// The vacation response (JMAP VacationResponse, RFC 8621 §8): one per account, off until the user turns it
// on, with an optional period, subject and bodies; its bounds, refusals and change-log type.

import { DomainError } from '#core/errors';

export interface VacationResponse {
  readonly isEnabled: boolean;
  /** Replies start at this time (inclusive); null: as soon as enabled. */
  readonly fromDate: Date | null;
  /** Replies stop at this time (exclusive); null: until disabled. */
  readonly toDate: Date | null;
  /** null: a subject made from the original's ("Réponse automatique : …"), in the account's language. */
  readonly subject: string | null;
  readonly textBody: string | null;
  /**
   * Stored as the client gave it (bounded, well-formed text): sent as the HTML alternative of the reply; the
   * text body (or, without one, a text version of this) is what every reader can show.
   */
  readonly htmlBody: string | null;
}

export type VacationChanges = Partial<VacationResponse>;

/** The response of an account that never set one: off, empty. */
export const VACATION_OFF: VacationResponse = {
  isEnabled: false,
  fromDate: null,
  toDate: null,
  subject: null,
  textBody: null,
  htmlBody: null,
};

export const VACATION_LIMITS = {
  /** UTF-8 bytes of the subject: one header line. */
  maxSubjectBytes: 255,
  /** UTF-8 bytes of each body: a few paragraphs, not a newsletter. */
  maxBodyBytes: 64 * 1024,
  /** RFC 5230 §4.1's default :days: one reply per sender per week. */
  replyIntervalMs: 7 * 24 * 3_600_000,
} as const;

/** The JMAP type of vacation responses in the change log; its one object is `singleton`. */
export const VACATION_TYPE = 'VacationResponse';
export const VACATION_ID = 'singleton';

export type VacationProperty = 'isEnabled' | 'fromDate' | 'toDate' | 'subject' | 'textBody' | 'htmlBody';

export function invalidVacation(property: VacationProperty, reason: string): DomainError {
  return new DomainError('invalid', `invalid vacation response ${property}: ${reason}`, {
    details: { subject: 'vacation', name: property, reason, property },
  });
}

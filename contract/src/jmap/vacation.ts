// JMAP VacationResponse (RFC 8621 §8) as the server sends it: the one automatic reply of an account, id
// `singleton`. `htmlBody` is stored as given; clients sanitise it before showing it.

export interface JmapVacationResponse {
  readonly id: 'singleton';
  readonly isEnabled: boolean;
  /** UTCDate; null: from as soon as enabled. */
  readonly fromDate: string | null;
  /** UTCDate; null: until disabled. */
  readonly toDate: string | null;
  readonly subject: string | null;
  readonly textBody: string | null;
  readonly htmlBody: string | null;
}

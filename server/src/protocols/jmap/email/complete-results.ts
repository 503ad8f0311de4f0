// The whole result list of an email query, for what needs more than a page: the index of Email/query's anchor
// and the indexes Email/queryChanges reports. Bounded by the domain's MAIL_LIMITS.maxEmailsPerCall.

import { MAIL_LIMITS, type EmailQuery, type MailService } from '#domain/mail';

/** What a query selects and orders by; the window is decided here. */
export type EmailSelectionQuery = Pick<EmailQuery, 'filter' | 'sort' | 'collapseThreads'>;

export interface CompleteResults {
  readonly ids: readonly string[];
  /** False when the results reached the domain's bound, so some may lie beyond `ids`. */
  readonly isComplete: boolean;
}

export async function completeResults(
  mail: MailService,
  accountId: string,
  query: EmailSelectionQuery,
): Promise<CompleteResults> {
  const limit = MAIL_LIMITS.maxEmailsPerCall;
  const { ids } = await mail.queryEmails(accountId, { ...query, position: 0, limit });
  return { ids, isComplete: ids.length < limit };
}

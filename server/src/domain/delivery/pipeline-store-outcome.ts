// How one copy's store outcome becomes a recipient result: the mail store's refusal codes are the domain's
// taxonomy (overQuota defers, tooBig refuses), anything unexpected is temporary with an incident id.

import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { RecipientResult } from './inbound-envelope.ts';
import type { MailImportOutcome } from './inbound-ports.ts';

export function storeOutcomeResult(
  address: string,
  accountId: string,
  outcome: MailImportOutcome | undefined,
  log: Logger,
  queueId: string,
): RecipientResult {
  if (outcome?.ok) {
    return { address, status: 'delivered', accountId, emailId: outcome.email.emailId, isDuplicate: false };
  }
  const error = outcome?.error;
  if (error?.code === 'notFound' && error.details.subject === 'account') {
    // The account went after RCPT accepted the address: what RCPT would answer now.
    return { address, status: 'permanent', code: 'notFound', reason: 'unknownRecipient' };
  }
  switch (error?.code) {
    case 'overQuota':
      // A full mailbox defers, never bounces (DESIGN.md "Durability and correctness rules").
      return { address, status: 'temporary', code: 'overQuota', reason: 'overQuota' };
    case 'tooBig':
      return { address, status: 'permanent', code: 'tooBig', reason: 'tooBig' };
    case 'unavailable':
    case 'temporary':
      return { address, status: 'temporary', code: error.code, reason: 'unavailable' };
    default: {
      const incidentId = newIncidentId();
      log.error(
        { err: error, incident: incidentId, queue: queueId, accountId },
        'a copy was refused by the store',
      );
      return {
        address,
        status: 'temporary',
        code: error?.code ?? 'temporary',
        reason: 'internal',
        incidentId,
      };
    }
  }
}

// Local delivery for queued recipients of the domains served here (bounces to our users, forwards, list
// members): the message goes into the INBOX of the account the address reaches, through the mail store. A
// full mailbox or a store outage defers, an unknown or disabled address bounces (and a suspended one when
// lifecycle.suspended-accounts-receive-mail is off, as at RCPT time), and our own bug never bounces. A
// delivery report or read receipt (ours to a local sender, or a local reader's) is linked to the submission it
// is about in the transaction that stores it.

import { DomainError } from '#core/errors';
import type { BeforeCommit, MailImportOutcome, MailImportRequest } from './inbound-ports.ts';
import type { LocalDelivery } from './queue-delivery-agent.ts';
import { linkReports, noReportLinks, readReports, type ReportLinks } from './report-links.ts';

/** The account an address reaches, as identity reports it. */
export interface LocalRecipientAccount {
  readonly id: string;
  readonly status: string;
}

export interface MailStorePorts {
  /** The account reached by `address` (primary address or alias); undefined when none. */
  findAccount(address: string): Promise<LocalRecipientAccount | undefined>;
  /** #domain/mail importMessages: store each message durably, running `beforeCommit` in that transaction. */
  importMessages(
    requests: readonly MailImportRequest[],
    options: { readonly isDurable: true; readonly beforeCommit?: BeforeCommit },
  ): Promise<readonly MailImportOutcome[]>;
  /** lifecycle.suspended-accounts-receive-mail; true when absent (the setting's default). */
  readonly isSuspendedReceiving?: boolean;
  /** Links reports to their submission (none when absent). */
  readonly reports?: ReportLinks;
}

/** Temporary failures of the store, by DomainError code; anything else a store raises is permanent. */
const TEMPORARY_CODES = new Set(['overQuota', 'temporary', 'unavailable', 'limit', 'inUse']);

export function mailStoreDelivery(ports: MailStorePorts): LocalDelivery {
  const reports = ports.reports ?? noReportLinks;
  return async (address, raw) => {
    const account = await ports.findAccount(address);
    // A disabled account must look like an unknown one (same words as notFound).
    if (account === undefined || account.status === 'disabled')
      return { permanent: '5.1.1 no such mailbox here' };
    if (account.status === 'suspended' && ports.isSuspendedReceiving === false)
      return { permanent: '5.2.1 mailbox disabled, not accepting messages' };
    try {
      const requests = [{ accountId: account.id, raw, options: { mailboxRole: 'inbox' as const } }];
      const references = await readReports(reports, requests);
      const [outcome] = await ports.importMessages(requests, {
        isDurable: true,
        beforeCommit: (tx, outcomes) => linkReports(reports, tx, requests, outcomes, references),
      });
      if (outcome === undefined) throw new Error('importMessages returned no outcome for one request');
      if (!outcome.ok) throw outcome.error;
      return 'delivered';
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'overQuota') return { temporary: '4.2.2 the mailbox is full' };
      if (TEMPORARY_CODES.has(error.code)) return { temporary: `4.3.0 ${error.message}` };
      if (error.code === 'tooBig')
        return { permanent: '5.3.4 the message is larger than the mailbox accepts' };
      if (error.code === 'invalid') return { permanent: `5.6.0 ${error.message}` };
      // notFound, forbidden, exists…: unexpected from an import; keep the mail and let an admin look.
      return { temporary: `4.3.0 ${error.message}` };
    }
  };
}

/** A LocalDelivery that defers every existing recipient: for setups (tests) without a mail store. */
export function mailStoreUnavailable(
  findAccount: (address: string) => Promise<object | undefined>,
): LocalDelivery {
  return async (address) => {
    if ((await findAccount(address)) === undefined) return { permanent: '5.1.1 no such mailbox here' };
    return { temporary: '4.3.0 the mail store is not available' };
  };
}

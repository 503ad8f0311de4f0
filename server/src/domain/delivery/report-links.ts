// Delivery reports (RFC 3464) and read receipts (RFC 8098) stored in a local mailbox, handed to whoever links
// them to the submission they are about (RFC 8621 §7 dsnBlobIds, mdnBlobIds, deliveryStatus.displayed): each
// message is read before the store transaction, so parsing never holds the writer, and linked inside it, so
// the link commits or vanishes with the copy. Delivery knows neither submissions nor how reports are read:
// main.ts injects both, as it does the queue's SubmissionProgressHook.

import type { WriteTransaction } from '#store';
import type { MailImportOutcome, MailImportRequest } from './inbound-ports.ts';

/** What a report says it is about, as far as finding its submission goes. */
export interface ReportReference {
  readonly kind: 'dsn' | 'mdn';
  /** A DSN's Original-Envelope-Id, as written and xtext-decoded (RFC 3464 §2.2.1); empty when it has none. */
  readonly envelopeIds: readonly string[];
  /** The reported message's Message-ID, without angle brackets; null when the report does not say. */
  readonly messageId: string | null;
  /** A receipt whose disposition is `displayed`: the recipients it names (Final- and Original-Recipient). */
  readonly displayedBy: readonly string[];
  /** A DSN's per-recipient blocks that could be read (RFC 3464 §2.3), in order; empty for a receipt. */
  readonly recipients: readonly ReportedRecipient[];
}

/** What a DSN says happened to one recipient of the message it reports on. */
export interface ReportedRecipient {
  /** Final-Recipient, then Original-Recipient: their addresses, lower case, without repeats; never empty. */
  readonly addresses: readonly string[];
  /** RFC 3464 §2.3.3. */
  readonly action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';
  /**
   * One SMTP reply line (RFC 8621 §7 smtpReply): the Diagnostic-Code's reply when it is `smtp; NNN …`, else
   * the Status's class code, the Status and the diagnostic's text (`550 5.1.1 unknown user`); bounded.
   */
  readonly smtpReply: string;
}

/** A report stored just now into an account's mailbox, as its own email. */
export interface StoredReport {
  readonly accountId: string;
  readonly emailId: string;
  readonly reference: ReportReference;
}

export interface ReportLinks {
  /**
   * What `raw` reports on; undefined for any other message and for a report that cannot be read. Called
   * outside any transaction; never throws for what the message holds.
   */
  read(raw: Uint8Array): Promise<ReportReference | undefined>;
  /** In the transaction that stored the report: link it to the submission of its account it is about. */
  link(tx: WriteTransaction, report: StoredReport): Promise<void>;
}

/** When no submission hears of reports (tests and tools that build delivery without them). */
export const noReportLinks: ReportLinks = {
  read: () => Promise.resolve(undefined),
  link: () => Promise.resolve(),
};

/**
 * What each copy reports on, read once per message (the copies of one delivery share their bytes). A Sent
 * copy is the account's own message, never a report to it.
 */
export async function readReports(
  links: ReportLinks,
  requests: readonly MailImportRequest[],
): Promise<Map<MailImportRequest, ReportReference>> {
  const byMessage = new Map<Uint8Array, Promise<ReportReference | undefined>>();
  const references = new Map<MailImportRequest, ReportReference>();
  for (const request of requests) {
    if (request.options.mailboxRole === 'sent') continue;
    let reading = byMessage.get(request.raw);
    if (reading === undefined) {
      reading = links.read(request.raw);
      byMessage.set(request.raw, reading);
    }
    const reference = await reading;
    if (reference !== undefined) references.set(request, reference);
  }
  return references;
}

/** In the import's transaction: link every copy stored just now that is a report. */
export async function linkReports(
  links: ReportLinks,
  tx: WriteTransaction,
  requests: readonly MailImportRequest[],
  outcomes: readonly MailImportOutcome[],
  references: ReadonlyMap<MailImportRequest, ReportReference>,
): Promise<void> {
  if (references.size === 0) return;
  for (const [index, request] of requests.entries()) {
    const outcome = outcomes[index];
    const reference = references.get(request);
    if (outcome?.ok !== true || reference === undefined) continue;
    await links.link(tx, { accountId: request.accountId, emailId: outcome.email.emailId, reference });
  }
}

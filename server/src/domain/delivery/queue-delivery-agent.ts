// The ports through which the queue delivers: the DeliveryAgent for remote domains (SMTP, implemented in
// protocols/smtp/outbound and injected by main.ts, like Postfix's smtp(8) behind qmgr) and LocalDelivery for
// the domains served here (the mail store). The queue knows neither SMTP nor mailboxes.

/** One recipient of a delivery request, with the RFC 3461 parameters to pass on. */
export interface OutboundRecipient {
  readonly address: string;
  /** NOTIFY as stored: NEVER or a comma list; null when the sender gave none. */
  readonly notify: string | null;
  /** ORCPT as received, e.g. `rfc822;marie@example.org`; null when none. */
  readonly orcpt: string | null;
}

/** One message to deliver to the recipients of one destination domain, in one SMTP session. */
export interface DeliveryRequest {
  /** The queue message id, for logs. */
  readonly queueId: string;
  /** MAIL FROM; '' is the null reverse-path. */
  readonly sender: string;
  /** The destination domain (A-labels) every recipient belongs to. */
  readonly domain: string;
  readonly recipients: readonly OutboundRecipient[];
  /** The message exactly as it must leave (already DKIM-signed), CRLF line ends. */
  readonly content: Uint8Array;
  readonly envid: string | null;
  readonly ret: 'FULL' | 'HDRS' | null;
  /** BODY=8BITMIME is needed (RFC 6152). */
  readonly is8bit: boolean;
  /** SMTPUTF8 is needed (RFC 6531): UTF-8 in the header or in an address. */
  readonly needsSmtputf8: boolean;
  /** Aborted when the runner stops or the attempt runs past its deadline: give up and report. */
  readonly signal: AbortSignal;
}

export type DeliveryOutcome = 'delivered' | 'deferred' | 'bounced';

/** How one recipient fared in one attempt. */
export interface RecipientDelivery {
  readonly address: string;
  /** delivered: accepted by the next hop; deferred: try again later (4xx); bounced: never (5xx). */
  readonly outcome: DeliveryOutcome;
  /** RFC 3463 enhanced status: 2.0.0, 4.4.1, 5.1.1… */
  readonly status: string;
  /** What happened, in words, for the log, `queue show` and the DSN when there is no remote reply. */
  readonly detail: string;
  /** The remote server's reply verbatim (becomes `Diagnostic-Code: smtp; …`). */
  readonly reply?: string;
  /** The host that answered, e.g. mx1.example.org (becomes `Remote-MTA: dns; …`). */
  readonly remoteMta?: string;
  /**
   * The next hop accepted our NOTIFY/ORCPT (it advertised DSN) and takes over success notifications;
   * otherwise a requested success DSN is ours to send, as "relayed" (RFC 3461 §6.2.1).
   */
  readonly isDsnPassedOn?: boolean;
}

export interface DeliveryAgent {
  /**
   * Try to deliver `request` now and report every recipient. Never throws for a delivery failure: those are
   * outcomes. A throw means a bug; the queue then defers every recipient of the request.
   */
  deliver(request: DeliveryRequest): Promise<readonly RecipientDelivery[]>;
}

/**
 * What the mail store answers for one local recipient: stored, try later, or never (with a reason that may
 * start with an RFC 3463 status such as `5.1.1` or `4.2.2`).
 */
export type LocalDeliveryResult =
  | 'delivered'
  | { readonly temporary: string }
  | { readonly permanent: string };

export interface LocalDeliveryContext {
  /** The envelope sender; '' for the null sender. */
  readonly sender: string;
  readonly queueId: string;
}

/** Store `raw` in the INBOX of the account reached by `accountAddress` (its address or an alias). */
export type LocalDelivery = (
  accountAddress: string,
  raw: Uint8Array,
  context: LocalDeliveryContext,
) => Promise<LocalDeliveryResult>;

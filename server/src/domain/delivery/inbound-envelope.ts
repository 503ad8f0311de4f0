// What the inbound pipeline is given (the SMTP envelope and the raw message) and what it answers: one
// result per recipient, so SMTP can give one reply after DATA and LMTP one per recipient (RFC 2033 §4.2).

import type { FailureCode } from '@vercors/contract';
import type { RecipientKind } from './inbound-recipients.ts';

/** RFC 3461 parameters of one recipient, passed through to the outbound queue untouched. */
export interface RecipientDsn {
  /** NOTIFY=NEVER | SUCCESS,FAILURE,DELAY (any subset); absent when the client gave none. */
  readonly notify?: readonly ('NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY')[];
  /** ORCPT=addr-type;xtext as received. */
  readonly orcpt?: string;
}

/** RFC 3461 parameters of the transaction. */
export interface EnvelopeDsn {
  readonly ret?: 'FULL' | 'HDRS';
  readonly envid?: string;
}

export interface EnvelopeRecipient {
  /** The address as given in RCPT TO, without angle brackets. */
  readonly address: string;
  readonly dsn?: RecipientDsn;
  /**
   * What the RCPT command of this same transaction found the address to be, so the pipeline does not look it
   * up again moments later. The store's transaction still checks that the account exists and has room.
   */
  readonly kind?: RecipientKind;
}

export interface InboundEnvelope {
  /** The reverse path of MAIL FROM without brackets; '' for the null sender `<>` (bounces, DSNs). */
  readonly mailFrom: string;
  readonly rcptTo: readonly EnvelopeRecipient[];
  /** The client's IP address (never a name it claimed). */
  readonly remoteAddress: string;
  /** The reverse DNS name of remoteAddress when one was looked up and valid; undefined otherwise. */
  readonly remoteHostname?: string;
  /** The name the client gave in HELO/EHLO. */
  readonly helo: string;
  /** EHLO (true) or HELO (false): ESMTP vs SMTP in the Received header (RFC 3848). */
  readonly isExtended: boolean;
  readonly isTls: boolean;
  /** True after SMTP AUTH; the account that authenticated is `authenticatedAccountId`. */
  readonly isAuthenticated: boolean;
  readonly authenticatedAccountId?: string;
  /** The address the client authenticated as (for Authentication-Results smtp.auth). */
  readonly authenticatedAs?: string;
  /** MAIL FROM carried SMTPUTF8 (RFC 6531): Received says UTF8SMTP. */
  readonly isSmtpUtf8: boolean;
  readonly dsn?: EnvelopeDsn;
  /** The session's id, shown in the Received header and the logs to follow one message. */
  readonly sessionId: string;
}

export interface InboundMessage {
  readonly envelope: InboundEnvelope;
  /** The message exactly as received after DATA (dot-unstuffed, CRLF line ends). */
  readonly raw: Uint8Array;
}

/** How one recipient fared. */
export type RecipientResult =
  | {
      readonly address: string;
      readonly status: 'delivered';
      readonly accountId: string;
      readonly emailId: string;
      /** True when an earlier attempt already stored it (the sender retried): not stored twice. */
      readonly isDuplicate: boolean;
    }
  | {
      readonly address: string;
      /** Handed to the outbound queue (a remote recipient of submitted mail). */
      readonly status: 'queued';
    }
  | {
      readonly address: string;
      /** temporary: the sender must retry (4xx); permanent: it must not (5xx). */
      readonly status: 'temporary' | 'permanent';
      readonly code: FailureCode;
      /** A stable reason the protocol turns into its reply (loop, unknownRecipient, overQuota…). */
      readonly reason: InboundFailureReason;
      /** Logged with the cause when the failure was unexpected; shown to the client with 451 4.3.0. */
      readonly incidentId?: string;
    };

export const INBOUND_FAILURE_REASONS = [
  /** Too many Received headers, or our own Delivered-To marker: a mail loop (554 5.4.6). */
  'loop',
  /** No local account or alias for the address (550 5.1.1). */
  'unknownRecipient',
  /** A suspended account, where lifecycle.suspended-accounts-receive-mail is off (550 5.2.1, RFC 3463). */
  'mailboxDisabled',
  /** The recipient's quota is full (452 4.2.2): defer, never bounce silently. */
  'overQuota',
  /** The message is larger than allowed (552 5.3.4). */
  'tooBig',
  /** Something broke on our side; the incident id is in the log (451 4.3.0). */
  'internal',
  /** The store or another backend is down (451 4.3.0). */
  'unavailable',
] as const;
export type InboundFailureReason = (typeof INBOUND_FAILURE_REASONS)[number];

export interface InboundResult {
  /** One id for this attempt, in the Received header and every log line about it. */
  readonly queueId: string;
  readonly recipients: readonly RecipientResult[];
}

// Message disposition notifications (read receipts: RFC 8098, JMAP MDN RFC 9007): what the mdn module hands
// out about an MDN it sent or parsed, what a client asks it to send, its bounds and its refusals, each naming
// the JMAP SetError it becomes (RFC 9007 §2.1).

import type { FailureCode, MdnActionMode, MdnDispositionType, MdnSendingMode } from '@vercors/contract';
import { DomainError } from '#core/errors';

/** RFC 8098 §3.2.6: lower case, as RFC 9007 shows it. */
export interface MdnDisposition {
  readonly actionMode: MdnActionMode;
  readonly sendingMode: MdnSendingMode;
  readonly type: MdnDispositionType;
}

/** An MDN as sent or parsed: every property of RFC 9007 §2. Field values are as RFC 8098 writes them. */
export interface Mdn {
  /** The email it is about; null from parsing when no single email of the account has its Message-ID. */
  readonly forEmailId: string | null;
  readonly subject: string | null;
  readonly textBody: string | null;
  readonly includeOriginalMessage: boolean;
  readonly reportingUA: string | null;
  readonly disposition: MdnDisposition;
  /** `dns; gateway.example` when a gateway translated a foreign notification. */
  readonly mdnGateway: string | null;
  /** `rfc822; marie@example.org`: the address the sender wrote, when the original said. */
  readonly originalRecipient: string | null;
  /** `rfc822; paul@ac-test.fr`: whose disposition this is. */
  readonly finalRecipient: string | null;
  /** `<id@host>`: the original's Message-ID, with its angle brackets. */
  readonly originalMessageId: string | null;
  /** Error fields (with the `error` modifier). */
  readonly error: readonly string[] | null;
  /** Extension fields by name, as written. */
  readonly extensionFields: Readonly<Record<string, string>> | null;
}

/**
 * What MDN/send is given for one email. An absent property takes its default; `reportingUA: null` (given)
 * leaves the Reporting-UA field out, as RFC 9007 §2 suggests for privacy.
 */
export interface NewMdn {
  readonly forEmailId: string;
  /** Default: "Accusé de lecture : <subject>" / "Read: <subject>" in the account's language. */
  readonly subject?: string | null;
  /** Default: a sentence saying what happened to the message, in the account's language. */
  readonly textBody?: string | null;
  readonly includeOriginalMessage?: boolean;
  /** Default: MDN_DEFAULT_REPORTING_UA. */
  readonly reportingUA?: string | null;
  readonly disposition: MdnDisposition;
  /** `rfc822; <address>`, one of the account's own; default: the identity's address. */
  readonly finalRecipient?: string | null;
  readonly extensionFields?: Readonly<Record<string, string>> | null;
}

/** Who the reporting user agent says it is when the client does not say. */
export const MDN_DEFAULT_REPORTING_UA = 'Vercors';

/** The bounds of sending and parsing receipts, each with its reason. */
export const MDN_LIMITS = {
  /** MDNs one MDN/send call may ask for: a client marks a screenful of messages read, not a mailbox. */
  maxPerCall: 64,
  /**
   * Disposition-Notification-To addresses served: the sender and perhaps an assistant. More is not a request
   * from a person, and a read receipt must not become a way to mail a list from the reader's address.
   */
  maxRecipients: 10,
  /** A subject is one RFC 5322 line at most. */
  maxSubjectChars: 998,
  /** The human-readable part: a few sentences, not a letter. */
  maxTextBodyBytes: 64 * 1024,
  /** Reporting-UA, Final-Recipient and extension values: each stays one readable field. */
  maxFieldValueChars: 900,
  /** Extension fields one MDN may carry. */
  maxExtensionFields: 20,
  /** Bytes of a message/disposition-notification part that parsing reads: real ones are a few hundred. */
  maxReportBytes: 64 * 1024,
  /** Fields of that part kept. */
  maxReportFields: 100,
  /** Characters of the human-readable part that parsing keeps. */
  maxParsedTextChars: 64 * 1024,
  /** Bytes of the original's header section read for Disposition-Notification-To and Original-Recipient. */
  maxOriginalHeaderBytes: 1024 * 1024,
} as const;

/** Why one MDN was not sent, with what its SetError carries (RFC 9007 §2.1). */
export type MdnRefusal =
  /** No such email, or it asks for no MDN (no valid Disposition-Notification-To): RFC 9007's notFound. */
  | { readonly reason: 'notFound' }
  | { readonly reason: 'mdnAlreadySent' }
  | { readonly reason: 'invalidProperties'; readonly properties: readonly string[] }
  /** The finalRecipient (or the identity's address) is not the account's. */
  | { readonly reason: 'forbiddenFrom' }
  | { readonly reason: 'tooLarge'; readonly maxSize: number };

const REFUSAL_CODES: Readonly<Record<MdnRefusal['reason'], FailureCode>> = {
  notFound: 'notFound',
  mdnAlreadySent: 'exists',
  invalidProperties: 'invalid',
  forbiddenFrom: 'forbidden',
  tooLarge: 'tooBig',
};

/** A DomainError that also says which MDN rule refused, for JMAP's SetError. */
export class MdnRefused extends DomainError {
  readonly refusal: MdnRefusal;

  constructor(refusal: MdnRefusal, message: string) {
    super(REFUSAL_CODES[refusal.reason], message, { details: { subject: 'mdn', reason: refusal.reason } });
    this.refusal = refusal;
  }
}

/** The outcome of one MDN of a batch: sent (with every property as sent), or refused. */
export type MdnSendOutcome =
  | { readonly ok: true; readonly mdn: Mdn }
  | { readonly ok: false; readonly error: DomainError };

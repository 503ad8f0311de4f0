// JMAP MDN (RFC 9007): read receipts as the server sends and parses them. An MDN is not stored: MDN/send
// composes an RFC 8098 message from it, MDN/parse reads one from a blob. Types only; the server validates what
// arrives (protocols/jmap).

import type { JmapId, JmapSetError } from './core.ts';

/** RFC 8098 §3.2.6.1: whether the user or the client itself acted on the message. */
export const MDN_ACTION_MODES = ['manual-action', 'automatic-action'] as const;
export type MdnActionMode = (typeof MDN_ACTION_MODES)[number];

/** RFC 8098 §3.2.6.1: whether the user or the client decided to send the MDN. */
export const MDN_SENDING_MODES = ['mdn-sent-manually', 'mdn-sent-automatically'] as const;
export type MdnSendingMode = (typeof MDN_SENDING_MODES)[number];

/** RFC 8098 §3.2.6.2: what happened to the message. */
export const MDN_DISPOSITION_TYPES = ['deleted', 'dispatched', 'displayed', 'processed'] as const;
export type MdnDispositionType = (typeof MDN_DISPOSITION_TYPES)[number];

/** RFC 9007 §2 Disposition: lower case, case-sensitive (MDN/parse lowers what a message says). */
export interface JmapMdnDisposition {
  readonly actionMode: MdnActionMode;
  readonly sendingMode: MdnSendingMode;
  readonly type: MdnDispositionType;
}

/**
 * RFC 9007 §2: an MDN. `finalRecipient`, `originalRecipient` and `mdnGateway` are field values as RFC 8098
 * writes them (`rfc822; marie@example.org`), `originalMessageId` a msg-id with its angle brackets.
 */
export interface JmapMdn {
  /** The email the MDN is about; never null for MDN/send, null from MDN/parse when it cannot be told. */
  readonly forEmailId: JmapId | null;
  readonly subject: string | null;
  /** The human-readable part, plain text. */
  readonly textBody: string | null;
  /** Whether the original message is returned whole (else only its header section). */
  readonly includeOriginalMessage: boolean;
  /** Reporting-UA; null leaves the field out (better for privacy, RFC 9007 §2). */
  readonly reportingUA: string | null;
  readonly disposition: JmapMdnDisposition;
  /** Server-set: the gateway that translated a foreign notification (MDN-Gateway). */
  readonly mdnGateway: string | null;
  /** Server-set: Original-Recipient, from the original message's Original-Recipient header field. */
  readonly originalRecipient: string | null;
  /** Final-Recipient; the identity's address unless the client names another of the account's own. */
  readonly finalRecipient: string | null;
  /** Server-set: the original message's Message-ID. */
  readonly originalMessageId: string | null;
  /** Server-set: the Error fields that go with the `error` disposition modifier. */
  readonly error: readonly string[] | null;
  /** Extension fields (RFC 8098 §3.3) by name. */
  readonly extensionFields: Readonly<Record<string, string>> | null;
}

/** MDN/send response (RFC 9007 §2.1): `sent` holds what the server set or defaulted. */
export interface MdnSendResponse {
  readonly accountId: JmapId;
  readonly sent: Readonly<Record<JmapId, Partial<JmapMdn>>> | null;
  readonly notSent: Readonly<Record<JmapId, JmapSetError>> | null;
}

/** MDN/parse response (RFC 9007 §2.2). */
export interface MdnParseResponse {
  readonly accountId: JmapId;
  readonly parsed: Readonly<Record<JmapId, JmapMdn>> | null;
  readonly notParsable: readonly JmapId[] | null;
  readonly notFound: readonly JmapId[] | null;
}

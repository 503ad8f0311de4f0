// JMAP for Mail's submission capability (RFC 8621 §1.3.2, §6, §7) as the server sends it: the account
// capability, Identity (the From a user writes with) and EmailSubmission (a message sent). Types only; the server validates what arrives (protocols/jmap).

import type { JmapId } from './core.ts';
import type { JmapEmailAddress } from './mail.ts';

/** The `urn:ietf:params:jmap:submission` account capability (RFC 8621 §1.3.2). */
export interface SubmissionAccountCapability {
  /** Seconds a submission may be delayed (FUTURERELEASE); 0: sent at once. */
  readonly maxDelayedSend: number;
  /** SMTP extensions the server uses when sending, by EHLO keyword, with their arguments. */
  readonly submissionExtensions: Readonly<Record<string, readonly string[]>>;
}

/**
 * RFC 8621 §6: a sending identity. `email` is immutable and must be one of the account's addresses;
 * `htmlSignature` is stored as the client gave it and must be sanitised before it is shown or inserted.
 */
export interface JmapIdentity {
  readonly id: JmapId;
  readonly name: string;
  readonly email: string;
  readonly replyTo: readonly JmapEmailAddress[] | null;
  readonly bcc: readonly JmapEmailAddress[] | null;
  readonly textSignature: string;
  readonly htmlSignature: string;
  readonly mayDelete: boolean;
}

/** RFC 8621 §7 Address: an SMTP path and its MAIL FROM or RCPT TO parameters (null value: a bare keyword). */
export interface JmapSubmissionAddress {
  readonly email: string;
  readonly parameters: Readonly<Record<string, string | null>> | null;
}

export interface JmapEnvelope {
  readonly mailFrom: JmapSubmissionAddress;
  readonly rcptTo: readonly JmapSubmissionAddress[];
}

/** RFC 8621 §7 DeliveryStatus of one recipient. */
export interface JmapDeliveryStatus {
  readonly smtpReply: string;
  readonly delivered: 'queued' | 'yes' | 'no' | 'unknown';
  readonly displayed: 'unknown' | 'yes';
}

/**
 * RFC 8621 §7: a message sent. `sendAt` is when it is released (later than its creation when the client asked
 * for FUTURERELEASE); while `undoStatus` is pending, setting it to canceled takes the message back.
 */
export interface JmapEmailSubmission {
  readonly id: JmapId;
  readonly identityId: JmapId;
  readonly emailId: JmapId;
  readonly threadId: JmapId;
  readonly envelope: JmapEnvelope;
  readonly sendAt: string;
  readonly undoStatus: 'pending' | 'final' | 'canceled';
  readonly deliveryStatus: Readonly<Record<string, JmapDeliveryStatus>> | null;
  readonly dsnBlobIds: readonly JmapId[];
  readonly mdnBlobIds: readonly JmapId[];
}

// JMAP for Mail's submission capability (RFC 8621 §1.3.2, §6) as the server sends it: the account capability
// and Identity, the From a user writes with. Types only; the server validates what arrives (protocols/jmap).

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

// Email submissions (JMAP EmailSubmission, RFC 8621 §7): what the submission module hands out about a message
// a user sent (its envelope, when it leaves, whether it can still be canceled, how each recipient's delivery
// went), what it accepts, its bounds and its refusals, each naming the JMAP SetError it becomes.

import type { FailureCode } from '@vercors/contract';
import { DomainError } from '#core/errors';

/** pending: may still be canceled (scheduled, not yet released); final: on its way; canceled: never sent. */
export const UNDO_STATUSES = ['pending', 'final', 'canceled'] as const;
export type UndoStatus = (typeof UNDO_STATUSES)[number];

/** An SMTP path with its parameters (RFC 8621 §7 Address); a parameter without a value is null. */
export interface SubmissionAddress {
  readonly email: string;
  readonly parameters: Readonly<Record<string, string | null>> | null;
}

export interface SubmissionEnvelope {
  readonly mailFrom: SubmissionAddress;
  readonly rcptTo: readonly SubmissionAddress[];
}

/** RFC 8621 §7 DeliveryStatus of one recipient. */
export interface DeliveryStatus {
  readonly smtpReply: string;
  readonly delivered: 'queued' | 'yes' | 'no' | 'unknown';
  readonly displayed: 'unknown' | 'yes';
}

export interface EmailSubmission {
  readonly id: string;
  readonly identityId: string;
  readonly emailId: string;
  readonly threadId: string;
  readonly envelope: SubmissionEnvelope;
  /** When the message is (or was) released for delivery. */
  readonly sendAt: Date;
  readonly undoStatus: UndoStatus;
  /** By recipient address, as in the envelope. */
  readonly deliveryStatus: Readonly<Record<string, DeliveryStatus>>;
  /** The account's emails that are delivery reports (RFC 3464) about this submission, in arrival order. */
  readonly dsnEmailIds: readonly string[];
  /** The account's emails that are read receipts (RFC 8098) about this submission, in arrival order. */
  readonly mdnEmailIds: readonly string[];
}

export interface NewEmailSubmission {
  readonly identityId: string;
  readonly emailId: string;
  /** Derived from the message's headers when absent (RFC 8621 §7). */
  readonly envelope?: SubmissionEnvelope | null;
}

/** The site's sending limits (the SMTP submission settings, so both ways of sending share them). */
export interface SubmissionLimits {
  readonly maxMessageBytes: number;
  readonly maxRecipients: number;
  readonly messagesPerHour: number;
  readonly recipientsPerHour: number;
}

export const SUBMISSION_LIMITS = {
  /**
   * The furthest a send may be scheduled (FUTURERELEASE): a message written on the last day of term for
   * the first day of the next one, and no further (the queue keeps it meanwhile).
   */
  maxDelayedSendSeconds: 31 * 24 * 3600,
  /** Submissions one /query returns at most: a user's recent sends, not an archive. */
  maxQueryResults: 10_000,
} as const;

/** The JMAP type of submissions in the change log. */
export const SUBMISSION_TYPE = 'EmailSubmission';

/** Why a submission was refused, with what its SetError carries (RFC 8621 §7.5). */
export type SubmissionRefusal =
  | { readonly reason: 'invalidProperties'; readonly properties: readonly string[] }
  | { readonly reason: 'invalidEmail'; readonly properties: readonly string[] }
  | { readonly reason: 'tooLarge'; readonly maxSize: number }
  | { readonly reason: 'tooManyRecipients'; readonly maxRecipients: number }
  | { readonly reason: 'noRecipients' }
  | { readonly reason: 'invalidRecipients'; readonly invalidRecipients: readonly string[] }
  | { readonly reason: 'forbiddenMailFrom' }
  | { readonly reason: 'forbiddenFrom' }
  | { readonly reason: 'forbiddenToSend' }
  | { readonly reason: 'cannotUnsend' };

const REFUSAL_CODES: Readonly<Record<SubmissionRefusal['reason'], FailureCode>> = {
  invalidProperties: 'invalid',
  invalidEmail: 'invalid',
  tooLarge: 'tooBig',
  tooManyRecipients: 'limit',
  noRecipients: 'invalid',
  invalidRecipients: 'invalid',
  forbiddenMailFrom: 'forbidden',
  forbiddenFrom: 'forbidden',
  forbiddenToSend: 'forbidden',
  cannotUnsend: 'forbidden',
};

/** A DomainError that also says exactly which submission rule refused, for JMAP's SetError. */
export class SubmissionRefused extends DomainError {
  readonly refusal: SubmissionRefusal;

  constructor(refusal: SubmissionRefusal, message: string) {
    super(REFUSAL_CODES[refusal.reason], message, {
      details: { subject: 'submission', reason: refusal.reason },
    });
    this.refusal = refusal;
  }
}

export function submissionNotFound(id: string): DomainError {
  return new DomainError('notFound', `no email submission ${id}`, {
    details: { subject: 'submission', name: id },
  });
}

// The one mapping from the domain's failure codes (and the pipeline's failure reasons) to SMTP replies
// (STYLE.md §3.6, Dovecot imap_get_error_string). Typed Records: a new FailureCode or reason fails tsc until
// it is mapped here. Reply texts are protocol text (English, as every MTA writes them).

import type { FailureCode } from '@vercors/contract';
import type { InboundFailureReason, RecipientResult } from '#domain/delivery';
import type { SmtpReply } from './smtp-reply.ts';

/** DomainError code → reply, for failures that reach SMTP from a domain call. */
export const FAILURE_REPLIES: Readonly<Record<FailureCode, SmtpReply>> = {
  // Same words for notFound and forbidden: an RCPT probe cannot tell them apart.
  notFound: { code: 550, enhanced: '5.1.1', text: 'Mailbox unavailable' },
  forbidden: { code: 550, enhanced: '5.7.1', text: 'Mailbox unavailable' },
  exists: { code: 451, enhanced: '4.3.0', text: 'Temporary conflict, try again later' },
  overQuota: { code: 452, enhanced: '4.2.2', text: 'Mailbox full, try again later' },
  tooBig: { code: 552, enhanced: '5.3.4', text: 'Message too big for system' },
  limit: { code: 452, enhanced: '4.5.3', text: 'Too many recipients' },
  invalid: { code: 501, enhanced: '5.5.4', text: 'Invalid arguments' },
  inUse: { code: 451, enhanced: '4.3.0', text: 'Mailbox busy, try again later' },
  expunged: { code: 451, enhanced: '4.3.0', text: 'Temporary failure, try again later' },
  temporary: { code: 451, enhanced: '4.3.0', text: 'Temporary failure, try again later' },
  unavailable: { code: 451, enhanced: '4.3.0', text: 'Storage temporarily unavailable, try again later' },
  // A resync answer of JMAP/IMAP reads; no SMTP command asks for changes, so only a bug could bring it here.
  cannotCalculateChanges: { code: 451, enhanced: '4.3.0', text: 'Temporary failure, try again later' },
};

/** The pipeline's per-recipient failure reason → reply. */
export const REASON_REPLIES: Readonly<Record<InboundFailureReason, SmtpReply>> = {
  loop: { code: 554, enhanced: '5.4.6', text: 'Mail loop detected: too many hops or already delivered here' },
  unknownRecipient: { code: 550, enhanced: '5.1.1', text: 'Mailbox unavailable' },
  // RFC 3463 X.2.1: the mailbox exists but accepts nothing. Permanent, not 4xx: a suspension lasts months,
  // so a sender should learn at once to write to someone else rather than after days of retries.
  mailboxDisabled: { code: 550, enhanced: '5.2.1', text: 'Mailbox disabled, not accepting messages' },
  overQuota: FAILURE_REPLIES.overQuota,
  tooBig: FAILURE_REPLIES.tooBig,
  internal: { code: 451, enhanced: '4.3.0', text: 'Internal error, try again later' },
  unavailable: FAILURE_REPLIES.unavailable,
};

/** Replies the listeners give on their own (policy decisions that are not domain failures). */
export const POLICY_REPLIES = {
  relayDenied: { code: 554, enhanced: '5.7.1', text: 'Relay access denied' },
  senderNotOwned: {
    code: 553,
    enhanced: '5.7.1',
    text: 'Sender address not owned by the authenticated user',
  },
  fromNotOwned: {
    code: 553,
    enhanced: '5.7.1',
    text: 'From: header address not owned by the authenticated user',
  },
  tooManyRecipients: { code: 452, enhanced: '4.5.3', text: 'Too many recipients' },
  outboundUnavailable: {
    code: 451,
    enhanced: '4.3.0',
    text: 'Outbound queue not available, try again later',
  },
  badRecipient: { code: 501, enhanced: '5.1.3', text: 'Bad recipient address syntax' },
  sendRateExceeded: { code: 450, enhanced: '4.7.1', text: 'Sending rate limit reached, try again later' },
  authLocked: { code: 454, enhanced: '4.7.0', text: 'Too many failed logins, try again later' },
  authFailed: { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' },
  // RFC 4954 §6: 534 5.7.9 says the mechanism is too weak for this account: here, the account password where an
  // app password is required; the text tells the user what to do.
  appPasswordRequired: {
    code: 534,
    enhanced: '5.7.9',
    text: 'This account needs an app password: create one in the webmail settings',
  },
  appPasswordScope: {
    code: 535,
    enhanced: '5.7.8',
    text: 'This app password is not for mail: create one for mail in the webmail settings',
  },
  authUnavailable: { code: 454, enhanced: '4.7.0', text: 'Temporary authentication failure' },
  encryptionRequired: {
    code: 538,
    enhanced: '5.7.11',
    text: 'Encryption required for requested authentication mechanism',
  },
  earlyTalker: { code: 554, enhanced: '5.5.1', text: 'Protocol error: talking before the greeting' },
  shuttingDown: { code: 421, enhanced: '4.3.2', text: 'Service shutting down, try again later' },
  tooManyConnections: { code: 421, enhanced: '4.7.0', text: 'Too many connections, try again later' },
  tooManyCommands: { code: 421, enhanced: '4.7.0', text: 'Too many commands, slow down and try again later' },
  tooManyErrors: { code: 421, enhanced: '4.7.0', text: 'Too many errors, closing connection' },
  tooManyMessages: { code: 421, enhanced: '4.7.0', text: 'Too many messages on one connection, reconnect' },
} as const satisfies Record<string, SmtpReply>;

/** The reply for an unexpected failure: temporary, with the incident id the log has the cause under. */
export function incidentReply(incidentId: string): SmtpReply {
  return { code: 451, enhanced: '4.3.0', text: `Internal error (incident ${incidentId}), try again later` };
}

/**
 * One reply after DATA for every recipient (RFC 5321 has a single DATA reply): 250 only when every copy is
 * stored or queued. Otherwise a permanent failure shared by all (loop) is permanent; anything else is
 * temporary, so the sender retries, and copies already stored are skipped then (receipts).
 */
export function dataReply(results: readonly RecipientResult[], queueId: string): SmtpReply {
  const failures = results.flatMap((result) =>
    result.status === 'delivered' || result.status === 'queued' ? [] : [result],
  );
  if (failures.length === 0) return { code: 250, enhanced: '2.0.0', text: `Ok: queued as ${queueId}` };
  const temporary = failures.find((failure) => failure.status === 'temporary');
  if (temporary === undefined) {
    // Every failure is permanent. With nothing stored they share one cause (a loop): the first speaks for
    // all. With some copies stored, a 5xx would bounce those too: defer, the retry skips what is stored.
    const first = failures[0];
    if (first && failures.length === results.length) return REASON_REPLIES[first.reason];
    return { code: 451, enhanced: '4.3.0', text: 'Some recipients could not be delivered, try again later' };
  }
  if (temporary.incidentId !== undefined) return incidentReply(temporary.incidentId);
  return REASON_REPLIES[temporary.reason];
}

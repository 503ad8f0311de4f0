// The refusals of the mail module, built in one place so every operation words them alike. Objects of another
// account are reported exactly like missing ones (STYLE.md §3.6), so nobody can probe what exists elsewhere.

import { DomainError } from '#core/errors';

export type MailSubject =
  | 'account'
  | 'mailbox'
  | 'email'
  | 'keyword'
  | 'quota'
  | 'message'
  | 'state'
  | 'upload';

export function notFound(subject: MailSubject, name: string): DomainError {
  return new DomainError('notFound', `no ${subject} ${name}`, { details: { subject, name } });
}

export function invalid(
  subject: MailSubject,
  name: string,
  reason: string,
  extra: Record<string, string | number> = {},
): DomainError {
  return new DomainError('invalid', `invalid ${subject} ${JSON.stringify(name)}: ${reason}`, {
    details: { subject, name, reason, ...extra },
  });
}

export function exists(subject: MailSubject, name: string, reason: string): DomainError {
  return new DomainError('exists', `${subject} ${JSON.stringify(name)} already exists (${reason})`, {
    details: { subject, name, reason },
  });
}

export function inUse(subject: MailSubject, name: string, reason: string): DomainError {
  return new DomainError('inUse', `${subject} ${JSON.stringify(name)} is in use (${reason})`, {
    details: { subject, name, reason },
  });
}

export function overLimit(subject: MailSubject, name: string, reason: string, max: number): DomainError {
  return new DomainError('limit', `${subject} ${JSON.stringify(name)}: ${reason} (at most ${max})`, {
    details: { subject, name, reason, max },
  });
}

/** The log since `sinceModseq` was pruned up to `prunedModseq`: the client must resync (JMAP cannotCalculateChanges). */
export function cannotCalculateChanges(type: string, sinceModseq: number, prunedModseq: number): DomainError {
  return new DomainError(
    'cannotCalculateChanges',
    `${type} changes since ${sinceModseq} cannot be calculated: the log was pruned up to ${prunedModseq}`,
    { details: { subject: 'state', name: String(sinceModseq), type, prunedModseq } },
  );
}

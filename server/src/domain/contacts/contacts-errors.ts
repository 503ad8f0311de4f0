// The refusals of the contacts module, built in one place so every operation words them alike. Another
// account's books are reported exactly like missing ones (STYLE.md §3.6): nobody probes what exists elsewhere.

import { DomainError } from '#core/errors';

export type ContactsSubject = 'account' | 'addressBook' | 'card' | 'syncToken' | 'import';

export function notFound(subject: ContactsSubject, name: string): DomainError {
  return new DomainError('notFound', `no ${subject} ${JSON.stringify(name)}`, { details: { subject, name } });
}

export function invalid(subject: ContactsSubject, name: string, reason: string): DomainError {
  return new DomainError('invalid', `invalid ${subject} ${JSON.stringify(name)}: ${reason}`, {
    details: { subject, name, reason },
  });
}

/** If-Match / If-None-Match did not hold (HTTP 412): the card changed, exists, or is missing. */
export function preconditionFailed(name: string, condition: 'ifMatch' | 'ifNoneMatch'): DomainError {
  return new DomainError('invalid', `the ${condition} condition on ${JSON.stringify(name)} does not hold`, {
    details: { subject: 'card', name, reason: 'preconditionFailed', condition },
  });
}

/** Another card of the book has that UID (CardDAV no-uid-conflict); `conflict` is its resource name. */
export function uidConflict(name: string, conflict: string): DomainError {
  return new DomainError('exists', `another card of the book, ${conflict}, has the UID of ${name}`, {
    details: { subject: 'card', name, reason: 'uidConflict', conflict },
  });
}

export function exists(subject: ContactsSubject, name: string): DomainError {
  return new DomainError('exists', `${subject} ${JSON.stringify(name)} already exists`, {
    details: { subject, name, reason: 'exists' },
  });
}

export function overLimit(subject: ContactsSubject, name: string, reason: string, max: number): DomainError {
  return new DomainError('limit', `${subject} ${JSON.stringify(name)}: ${reason} (at most ${max})`, {
    details: { subject, name, reason, max },
  });
}

export function tooBig(name: string, max: number): DomainError {
  return new DomainError('tooBig', `card ${JSON.stringify(name)} is larger than ${max} bytes`, {
    details: { subject: 'card', name, max },
  });
}

export function inUse(subject: ContactsSubject, name: string, reason: string): DomainError {
  return new DomainError('inUse', `${subject} ${JSON.stringify(name)} cannot go (${reason})`, {
    details: { subject, name, reason },
  });
}

/** A book still holds cards and the caller asked to keep them (JMAP onDestroyRemoveContents false). */
export function hasCards(name: string, count: number): DomainError {
  return new DomainError('inUse', `address book ${JSON.stringify(name)} holds ${count} cards`, {
    details: { subject: 'addressBook', name, reason: 'hasCards', count },
  });
}

/** The sync token predates what the server still knows about the book (RFC 6578 valid-sync-token). */
export function invalidSyncToken(token: number): DomainError {
  return new DomainError('cannotCalculateChanges', `sync token ${token} is no longer valid`, {
    details: { subject: 'syncToken', name: String(token) },
  });
}

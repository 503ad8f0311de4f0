// The stable failure codes every layer boundary speaks (Dovecot's mail_error taxonomy).
// Protocols map each code once (IMAP, SMTP, JMAP, DAV); the web app shows them in the user's language.

export const FAILURES = {
  /** The object does not exist, or the caller may not know that it does (same words as forbidden). */
  notFound: 'notFound',
  /** An object with that name or key already exists. */
  exists: 'exists',
  /** The caller is not allowed to do this. */
  forbidden: 'forbidden',
  /** The account's quota would be exceeded: defer, never bounce silently. */
  overQuota: 'overQuota',
  /** The object is larger than the configured maximum. */
  tooBig: 'tooBig',
  /** A configured limit (count, rate, length) was reached. */
  limit: 'limit',
  /** The request is malformed or its values are out of range. */
  invalid: 'invalid',
  /** The object is busy or still referenced. */
  inUse: 'inUse',
  /** The message was expunged meanwhile. */
  expunged: 'expunged',
  /** A transient failure: the client should retry later. */
  temporary: 'temporary',
  /** A backend is down: retry later. */
  unavailable: 'unavailable',
  /** What changed since the client's state was pruned: it must resync from scratch (JMAP, RFC 8620 §5.2). */
  cannotCalculateChanges: 'cannotCalculateChanges',
} as const;

export type FailureCode = keyof typeof FAILURES;

export function isFailureCode(value: unknown): value is FailureCode {
  return typeof value === 'string' && Object.hasOwn(FAILURES, value);
}

// Method-level errors (RFC 8620 §3.6.2) and the one mapping from the domain's failure codes to them (STYLE.md
// §3.6): a typed Record, so a new FailureCode fails tsc until JMAP maps it. Unexpected errors become serverFail
// with an incident id, logged with the stack.

import type { FailureCode, JmapMethodErrorType, JmapSetError, JmapSetErrorType } from '@vercors/contract';
import { DomainError, StoreError } from '#core/errors';
import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';

export class MethodError extends Error {
  override readonly name = 'MethodError';
  readonly type: JmapMethodErrorType;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(type: JmapMethodErrorType, description: string, extra: Record<string, unknown> = {}) {
    super(description);
    this.type = type;
    this.extra = extra;
  }

  /** The error response's arguments: `type`, `description` and any extra properties. */
  toArguments(): Record<string, unknown> {
    return { type: this.type, description: this.message, ...this.extra };
  }
}

export function invalidArguments(description: string): MethodError {
  return new MethodError('invalidArguments', description);
}

/** How a domain refusal reads when it ends a whole method call. */
const METHOD_ERRORS: Readonly<Record<FailureCode, JmapMethodErrorType>> = {
  notFound: 'invalidArguments',
  forbidden: 'forbidden',
  exists: 'invalidArguments',
  overQuota: 'forbidden',
  tooBig: 'requestTooLarge',
  limit: 'requestTooLarge',
  invalid: 'invalidArguments',
  inUse: 'serverUnavailable',
  expunged: 'invalidArguments',
  temporary: 'serverUnavailable',
  unavailable: 'serverUnavailable',
  cannotCalculateChanges: 'cannotCalculateChanges',
};

/** How a domain refusal reads for one object of a /set (RFC 8620 §5.3, RFC 8621 §2.5). */
const SET_ERRORS: Readonly<Record<FailureCode, JmapSetErrorType>> = {
  notFound: 'notFound',
  forbidden: 'forbidden',
  exists: 'alreadyExists',
  overQuota: 'overQuota',
  tooBig: 'tooLarge',
  limit: 'forbidden',
  invalid: 'invalidProperties',
  inUse: 'forbidden',
  expunged: 'notFound',
  temporary: 'forbidden',
  unavailable: 'forbidden',
  cannotCalculateChanges: 'forbidden',
};

/** The error response for whatever a method call ended with. */
export function methodErrorFor(error: unknown, log: Logger, context: Record<string, unknown>): MethodError {
  if (error instanceof MethodError) return error;
  if (error instanceof DomainError) return new MethodError(METHOD_ERRORS[error.code], error.message);
  if (error instanceof StoreError && (error.code === 'busy' || error.code === 'unavailable')) {
    log.warn({ err: error, ...context }, 'jmap method met an unavailable store');
    return new MethodError('serverUnavailable', 'Storage temporarily unavailable, try again later');
  }
  const incident = newIncidentId();
  log.error({ err: error, incident, ...context }, 'jmap method failed');
  return new MethodError('serverFail', `Internal error, incident ${incident}`, { incident });
}

/**
 * The SetError for one object whose create, update or destroy the domain refused. Anything else is rethrown:
 * an outage or a bug fails the whole call (serverFail), not one object.
 */
export function setErrorFor(error: unknown, properties?: readonly string[]): JmapSetError {
  if (!(error instanceof DomainError)) throw error;
  const type = domainSetError(error);
  const described = { type, description: error.message };
  return type === 'invalidProperties' && properties !== undefined ? { ...described, properties } : described;
}

function domainSetError(error: DomainError): JmapSetErrorType {
  const reason = error.details.reason;
  if (error.code === 'inUse' && reason === 'hasChildren') return 'mailboxHasChild';
  if (error.code === 'inUse' && reason === 'hasEmails') return 'mailboxHasEmail';
  if (error.code === 'limit' && reason === 'tooManyMailboxes') return 'forbidden';
  return SET_ERRORS[error.code];
}

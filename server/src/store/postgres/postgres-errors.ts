// PostgreSQL and postgres.js errors mapped once to StoreError codes (SQLSTATE classes: Appendix A of the
// PostgreSQL manual). Serialization failures and deadlocks are worth running the transaction again.

import { StoreError } from '#core/errors';

const CONFLICT_STATES = new Set(['23505', '23503']); // unique_violation, foreign_key_violation
const RETRYABLE_STATES = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const BUSY_STATES = new Set(['55P03', '57014']); // lock_not_available, query_canceled (statement_timeout)
const CORRUPT_STATES = new Set(['XX001', 'XX002']); // data_corrupted, index_corrupted
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53100', // disk_full
  '3D000', // invalid_catalog_name: the database does not exist
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
  '25006', // read_only_sql_transaction: a standby after failover
]);
/** Socket and postgres.js client errors: the server cannot be reached or the connection is gone. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a StoreError made from a serialization failure or a deadlock: run the transaction again. */
export function isRetryablePostgresError(error: unknown): boolean {
  return error instanceof StoreError && RETRYABLE_STATES.has(codeOf(error.cause) ?? '');
}

/** The StoreError for a PostgreSQL or client error, or the error itself when it is a bug (syntax, types). */
export function mapPostgresError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  if (code === undefined) return error;
  const message = (error as Error).message;
  if (CONFLICT_STATES.has(code)) return new StoreError('conflict', message, { cause: error });
  if (RETRYABLE_STATES.has(code) || BUSY_STATES.has(code)) {
    return new StoreError('busy', `database busy: ${message}`, { cause: error });
  }
  if (CORRUPT_STATES.has(code))
    return new StoreError('corrupt', `database damaged: ${message}`, { cause: error });
  // Class 08 is "connection exception".
  if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || CONNECTION_CODES.has(code)) {
    return new StoreError('unavailable', `database unavailable: ${message}`, { cause: error });
  }
  return error;
}

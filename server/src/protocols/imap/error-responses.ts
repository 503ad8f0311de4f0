// The one mapping from the domain's failure codes to IMAP tagged responses (STYLE.md §3.6, Dovecot
// imap_get_error_string). A typed Record: a new FailureCode fails tsc until it is mapped here. Response
// texts are protocol text, in English as every IMAP server writes them; codes are RFC 5530's.

import type { FailureCode } from '@vercors/contract';
import { DomainError, StoreError } from '#core/errors';
import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';

import type { ResponseCode } from './wire/encoder.ts';

export interface ImapFailure {
  readonly status: 'NO' | 'BAD';
  /** RFC 5530 response code. */
  readonly code?: ResponseCode;
  readonly text: string;
}

export const FAILURE_RESPONSES: Readonly<Record<FailureCode, ImapFailure>> = {
  // Same words for both: a client must not learn that a mailbox it may not see exists.
  notFound: { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'No such mailbox or message' },
  forbidden: { status: 'NO', code: { name: 'NONEXISTENT' }, text: 'No such mailbox or message' },
  exists: { status: 'NO', code: { name: 'ALREADYEXISTS' }, text: 'Mailbox already exists' },
  overQuota: {
    status: 'NO',
    code: { name: 'OVERQUOTA' },
    text: 'Quota exceeded: delete or archive messages',
  },
  tooBig: { status: 'NO', code: { name: 'TOOBIG' }, text: 'Too big' },
  limit: { status: 'NO', code: { name: 'LIMIT' }, text: 'A limit of this server was reached' },
  invalid: { status: 'BAD', text: 'Invalid arguments' },
  inUse: { status: 'NO', code: { name: 'INUSE' }, text: 'In use, try again later' },
  expunged: { status: 'NO', code: { name: 'EXPUNGEISSUED' }, text: 'Some messages were expunged meanwhile' },
  temporary: { status: 'NO', code: { name: 'UNAVAILABLE' }, text: 'Temporary failure, try again later' },
  unavailable: {
    status: 'NO',
    code: { name: 'UNAVAILABLE' },
    text: 'Storage temporarily unavailable, try again later',
  },
  // IMAP asks for changes through QRESYNC, which falls back to a full list instead: only a bug lands here.
  cannotCalculateChanges: { status: 'NO', code: { name: 'SERVERBUG' }, text: 'Internal error' },
};

/**
 * The response for any error a command ends with. A DomainError is an expected refusal; anything else is a
 * bug or an outage: logged with an incident id that the client sees too (Dovecot's timestamped "internal
 * error"), so a user's report leads to the log line.
 */
export function failureFor(error: unknown, log: Logger, context: Record<string, unknown>): ImapFailure {
  if (error instanceof DomainError) {
    const mapped = FAILURE_RESPONSES[error.code];
    // A precise reason (which argument was wrong) helps the person reading the client's log.
    return error.code === 'invalid' ? { ...mapped, text: `${mapped.text}: ${error.message}` } : mapped;
  }
  // A locked or unreachable database is an outage the client should ride out, not a bug.
  if (error instanceof StoreError && (error.code === 'busy' || error.code === 'unavailable')) {
    log.warn({ err: error, ...context }, 'imap command met an unavailable store');
    return FAILURE_RESPONSES.unavailable;
  }
  const incident = newIncidentId();
  log.error({ err: error, incident, ...context }, 'imap command failed');
  return { status: 'NO', code: { name: 'SERVERBUG' }, text: `Internal error, incident ${incident}` };
}

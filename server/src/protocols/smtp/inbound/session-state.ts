// What one SMTP connection remembers beyond smtp-server's session: who authenticated, how each recipient of
// the current transaction resolved, counters for the per-session limits. Kept in a map by session id.

import type { RecipientKind } from '#domain/delivery';

/** mx: port 25, unauthenticated, local domains only; submission: 587 STARTTLS; submissions: 465 TLS. */
export type ListenerKind = 'smtp' | 'submission' | 'submissions';

export interface SessionAccount {
  readonly id: string;
  readonly email: string;
  /** Primary address and aliases, lower case: what MAIL FROM and From: may use. */
  readonly ownAddresses: ReadonlySet<string>;
}

export interface SessionState {
  readonly id: string;
  readonly listener: ListenerKind;
  readonly remoteAddress: string;
  account?: SessionAccount;
  authAttempts: number;
  /** Recipients of the current transaction, by lower-case address. */
  recipients: Map<string, RecipientKind>;
  /** SIZE= of MAIL FROM, 0 when not given. */
  declaredSize: number;
  messages: number;
  /** True between DATA and its reply: the drain waits for these. */
  isInData: boolean;
}

export function newSessionState(id: string, listener: ListenerKind, remoteAddress: string): SessionState {
  return {
    id,
    listener,
    remoteAddress,
    authAttempts: 0,
    recipients: new Map(),
    declaredSize: 0,
    messages: 0,
    isInData: false,
  };
}

export function isSubmission(state: SessionState): boolean {
  return state.listener !== 'smtp';
}

// The CAPABILITY list for a session's state (RFC 9051 §7.2.2): what is offered before TLS, before login, and
// after. Only extensions this server implements are listed; each one added to the command table is added here.

import type { SessionState } from './command.ts';

export interface CapabilityContext {
  readonly state: SessionState;
  readonly isTls: boolean;
  /** TLS or loopback: plain-text login allowed. */
  readonly isSecure: boolean;
  readonly canStartTls: boolean;
  readonly maxMessageBytes: number;
}

/** Offered in every state: the ones a client needs to know before logging in too. */
const ALWAYS = ['IMAP4rev1', 'IMAP4rev2', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE'];

/** After login (RFC 9051 §7.2.2: a server may list more once the client is authenticated). */
const AUTHENTICATED = [
  'IDLE',
  'NAMESPACE',
  'UIDPLUS',
  'MULTIAPPEND',
  'UNSELECT',
  'CHILDREN',
  'SPECIAL-USE',
  'CREATE-SPECIAL-USE',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'STATUS=SIZE',
  'MOVE',
  'CONDSTORE',
  'QRESYNC',
  'ESEARCH',
  'SEARCHRES',
  'SORT',
  'THREAD=REFERENCES',
  'THREAD=ORDEREDSUBJECT',
  'QUOTA',
  'QUOTA=RES-STORAGE',
  'QUOTA=RES-MESSAGE',
  'OBJECTID',
  'UTF8=ACCEPT',
  'BINARY',
  // After login only: compressing the login exchange gains nothing and widens the pre-auth surface.
  'COMPRESS=DEFLATE',
];

export function capabilitiesOf(context: CapabilityContext): string[] {
  const list = [...ALWAYS];
  if (context.state === 'notAuthenticated') {
    if (context.canStartTls) list.push('STARTTLS');
    // RFC 9051 §6.2.3: no plain-text password where it could be read on the wire.
    if (context.isSecure) list.push('AUTH=PLAIN');
    else list.push('LOGINDISABLED');
    return list;
  }
  return [...list, ...AUTHENTICATED, `APPENDLIMIT=${context.maxMessageBytes}`];
}

// The one place every reply of a connection goes through (smtp-server's SMTPConnection.send, wrapped per
// connection): it writes our enhanced status codes as given, and applies the per-session limits that are
// easiest to count on replies — one reply per command, so replies per minute bound the command rate, and
// error replies bound a directory-harvesting client (Postfix smtpd_hard_error_limit). It also coalesces the
// replies of one turn of the event loop into one socket write: a pipelining client's MAIL, RCPT and DATA are
// answered by one segment instead of three (RFC 2920 §3.2 lets the server buffer its replies so).
// XXX: smtp-server derives an application error's enhanced code from the basic code alone and has no hook for
// either limit; this wrapper depends on `send(code, data, context)`, stable across its 3.x releases.

import { createWindowCounter } from '#core/window-counter';
import type { Clock } from '#core/clock';
import { POLICY_REPLIES } from '../error-replies.ts';
import { MAX_ERRORS_PER_SESSION } from '../limits.ts';
import type { SmtpReply } from '../smtp-reply.ts';

/** The part of smtp-server's SMTPConnection this wrapper touches. */
export interface ConnectionSend {
  send(code: number, data?: string | string[], context?: string | false): void;
  /** smtp-server's socket: the TCP socket, or the TLS socket once STARTTLS has upgraded it. */
  readonly _socket?: { cork(): void; uncork(): void };
}

const ENHANCED_PREFIX = /^([245]\.\d{1,3}\.\d{1,3}) /;
const COMMAND_WINDOW_MS = 60_000;

export function wrapConnectionReplies(
  connection: ConnectionSend,
  options: { readonly maxCommandsPerMinute: number; readonly clock: Clock },
): void {
  const original = connection.send.bind(connection);
  const commands = createWindowCounter({ windowMs: COMMAND_WINDOW_MS, maxKeys: 1, clock: options.clock });
  let errors = 0;
  let isClosing = false;
  let corked: { uncork(): void } | undefined;
  const uncork = () => {
    corked?.uncork();
    corked = undefined;
  };
  const sendReply = (reply: SmtpReply) => original(reply.code, `${reply.enhanced} ${reply.text}`, false);

  connection.send = (code, data, context) => {
    if (isClosing) return;
    if (code === 421) isClosing = true;
    // smtp-server's own 538 carries no RFC 4954 detail.
    if (code === 538) return sendReply(POLICY_REPLIES.encryptionRequired);
    // The 220 of STARTTLS hands the socket to TLS, and a 421 closes it: what is held goes out first, and they
    // are not held.
    if (code === 220 || code === 421) uncork();
    else if (corked === undefined && connection._socket !== undefined) {
      const socket = connection._socket;
      socket.cork();
      corked = socket;
      setImmediate(uncork);
    }
    if (typeof data === 'string' && ENHANCED_PREFIX.test(data)) original(code, data, false);
    else original(code, data, context);
    if (isClosing || code < 200) return;
    if (code >= 400 && ++errors >= MAX_ERRORS_PER_SESSION) {
      isClosing = true;
      return sendReply(POLICY_REPLIES.tooManyErrors);
    }
    if (commands.add('') > options.maxCommandsPerMinute) {
      isClosing = true;
      sendReply(POLICY_REPLIES.tooManyCommands);
    }
  };
}

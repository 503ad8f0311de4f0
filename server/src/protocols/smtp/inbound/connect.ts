// Connection opened (after the greeting delay and the per-IP checks of smtp-listener.ts): refuse during a
// drain, else start the session's state. Security: pre-greeting; the client has said nothing yet.

import type { SMTPServerSession } from 'smtp-server';
import { POLICY_REPLIES } from '../error-replies.ts';
import { replyError } from '../smtp-reply.ts';
import { newSessionState } from './session-state.ts';
import type { Done, SmtpContext } from './smtp-context.ts';

export function onConnect(context: SmtpContext, session: SMTPServerSession, done: Done): void {
  if (context.isDraining()) return done(replyError(POLICY_REPLIES.shuttingDown));
  context.sessions.set(session.id, newSessionState(session.id, context.listener, session.remoteAddress));
  context.log.debug(
    { session: session.id, listener: context.listener, remote: session.remoteAddress },
    'smtp connection',
  );
  done();
}

export function onClose(context: SmtpContext, session: SMTPServerSession): void {
  context.sessions.delete(session.id);
}

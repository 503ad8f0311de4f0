// MAIL FROM:<reverse-path> [SIZE=n] [BODY=8BITMIME] [SMTPUTF8] [RET=…] [ENVID=…] (RFC 5321 §4.1.1.2, 1870,
// 6152, 6531, 3461). smtp-server has parsed and validated the syntax and SIZE; we decide who may send.
// Security: pre-transaction; a submission sender may only use the authenticated account's own addresses.

import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { POLICY_REPLIES } from '../error-replies.ts';
import { MAX_MESSAGES_PER_SESSION } from '../limits.ts';
import { replyError } from '../smtp-reply.ts';
import { isSubmission } from './session-state.ts';
import type { Done, SmtpContext } from './smtp-context.ts';

export function onMailFrom(
  context: SmtpContext,
  address: SMTPServerAddress,
  session: SMTPServerSession,
  done: Done,
): void {
  const state = context.sessions.get(session.id);
  if (state === undefined || context.isDraining()) return done(replyError(POLICY_REPLIES.shuttingDown));
  if (state.messages >= MAX_MESSAGES_PER_SESSION) return done(replyError(POLICY_REPLIES.tooManyMessages));

  if (isSubmission(state)) {
    // smtp-server refuses MAIL before AUTH (530); an account is therefore set here.
    const account = state.account;
    if (account === undefined) return done(replyError(POLICY_REPLIES.senderNotOwned));
    // The null sender is for bounces a server generates, never for a user's message.
    if (!account.ownAddresses.has(address.address.toLowerCase())) {
      context.log.info(
        { session: session.id, accountId: account.id, sender: address.address },
        'submission sender refused',
      );
      return done(replyError(POLICY_REPLIES.senderNotOwned));
    }
    if (context.sentMessages.count(account.id) >= context.settings.messagesPerHour) {
      return done(replyError(POLICY_REPLIES.sendRateExceeded));
    }
  }

  // A new transaction: recipients of an earlier one (after RSET or a refused DATA) are gone.
  state.recipients = new Map();
  const args = address.args as Record<string, string | boolean | undefined>;
  state.declaredSize = typeof args.SIZE === 'string' ? Number(args.SIZE) : 0;
  done();
}

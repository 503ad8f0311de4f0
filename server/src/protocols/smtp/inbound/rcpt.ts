// RCPT TO:<forward-path> [NOTIFY=…] [ORCPT=…] (RFC 5321 §4.1.1.3, RFC 3461). Refuse here whatever can be
// refused here, so the single reply after DATA rarely has to (docs/decisions/0006-inbound-delivery-replies.md):
// unknown user 550 5.1.1, suspended account not receiving 550 5.2.1, full mailbox 452 4.2.2, relaying 554 5.7.1
// (MX), no outbound queue 451 4.3.0.
// Security: the MX is not an open relay; the recipient count is bounded by smtp-server's maxRecipients.

import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { newIncidentId } from '#core/ids';
import { isOverQuota } from '#domain/delivery';
import { FAILURE_REPLIES, incidentReply, POLICY_REPLIES, REASON_REPLIES } from '../error-replies.ts';
import { replyError } from '../smtp-reply.ts';
import { isSubmission } from './session-state.ts';
import type { Done, SmtpContext } from './smtp-context.ts';

export function onRcptTo(
  context: SmtpContext,
  address: SMTPServerAddress,
  session: SMTPServerSession,
  done: Done,
): void {
  decide(context, address, session).then(
    () => done(),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
}

async function decide(context: SmtpContext, address: SMTPServerAddress, session: SMTPServerSession) {
  const state = context.sessions.get(session.id);
  if (state === undefined || context.isDraining()) throw replyError(POLICY_REPLIES.shuttingDown);
  let kind;
  try {
    kind = await context.pipeline.classifyRecipient(address.address);
  } catch (error) {
    const incident = newIncidentId();
    context.log.error({ err: error, incident, session: session.id }, 'recipient lookup failed');
    throw replyError(incidentReply(incident));
  }
  switch (kind.kind) {
    case 'invalid':
      throw replyError(POLICY_REPLIES.badRecipient);
    case 'unknown':
      throw replyError(FAILURE_REPLIES.notFound);
    case 'suspended':
      throw replyError(REASON_REPLIES.mailboxDisabled);
    case 'remote':
      // Only an authenticated user may relay, and only through the outbound queue.
      if (!isSubmission(state) || state.account === undefined) throw replyError(POLICY_REPLIES.relayDenied);
      if (context.queue === undefined) throw replyError(POLICY_REPLIES.outboundUnavailable);
      break;
    case 'local':
      if (isOverQuota(kind.account, state.declaredSize)) throw replyError(FAILURE_REPLIES.overQuota);
      break;
  }
  if (isSubmission(state) && state.account !== undefined) {
    const sent = context.sentRecipients.count(state.account.id);
    if (sent + state.recipients.size + 1 > context.settings.recipientsPerHour) {
      throw replyError(POLICY_REPLIES.sendRateExceeded);
    }
  }
  state.recipients.set(address.address.toLowerCase(), kind);
}
